package dev.meshledger.p2p;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.MessageType;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection itself (HELLO, PING, PONG, DISCONNECT): our HELLO first, the peer's HELLO
 * admitted or refused as the {@link PeerManager} says, pings answered, goodbyes heard.
 */
final class HandshakeReactor implements Reactor {
  private static final Logger log = LoggerFactory.getLogger(HandshakeReactor.class);

  private final PeerManager<PeerConnection> manager;
  private final EventBus bus;
  private final Supplier<Hello> ourHello;
  private final Punish punish;

  /** @param ourHello this node's HELLO as of now (height and work move) */
  HandshakeReactor(PeerManager<PeerConnection> manager, EventBus bus, Supplier<Hello> ourHello, Punish punish) {
    this.manager = manager;
    this.bus = bus;
    this.ourHello = ourHello;
    this.punish = punish;
  }

  /** Before its HELLO, a peer may only say HELLO or goodbye. */
  static boolean allowedBeforeHello(MessageType type) {
    return type == MessageType.HELLO || type == MessageType.DISCONNECT;
  }

  @Override
  public Channel channel() {
    return Channel.HANDSHAKE;
  }

  /** A new connection whose certificate passed: the first frame each way is HELLO. */
  void greet(PeerConnection c) {
    c.send(ourHello.get());
  }

  @Override
  public void receive(PeerConnection c, Message m) {
    switch (m.type()) {
      case HELLO -> {
        if (c.isReady()) {
          punish.offence(c, Offence.HANDSHAKE_VIOLATION, "a second HELLO");
        } else {
          admit(c, (Hello) m);
        }
      }
      case PING -> c.send(new Message.Pong(((Message.Ping) m).nonce()));
      case PONG -> { } // being heard from is all a pong is for
      case DISCONNECT -> {
        Message.Disconnect d = (Message.Disconnect) m;
        log.info("{} disconnected us: {} ({})", c, d.reason(), d.detail());
        manager.onDisconnectMessage(c, d.reason(), System.currentTimeMillis());
        c.abort(d.reason());
      }
      default -> throw new IllegalArgumentException(m.type() + " is not on the " + channel() + " channel");
    }
  }

  private void admit(PeerConnection c, Hello h) {
    long now = System.currentTimeMillis();
    PeerManager.Admission<PeerConnection> a = manager.onHello(c, h, now);
    if (!a.admitted()) {
      c.disconnect(a.refusal().reason(), a.refusal().detail());
      return;
    }
    c.markReady(h, a.address(), now);
    if (a.replaced() != null) {
      a.replaced().disconnect(DisconnectReason.DUPLICATE, "replaced by the connection the smaller node id dialled");
    }
    log.info("peer connected: {} {} at {} (height {})", NodeIds.shortId(c.nodeId()), c.direction().label(), c.address(),
        c.height());
    bus.publish(Addresses.P2P_PEER_CONNECTED, manager.info(c, System.nanoTime()), Bus.LOCAL);
    c.send(new Message.PeersRequest());
  }
}
