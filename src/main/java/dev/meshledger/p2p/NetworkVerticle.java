package dev.meshledger.p2p;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.HeadFollower;
import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.config.P2pLimits;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.p2p.tls.InboundTls;
import dev.meshledger.p2p.tls.TlsIdentity;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The P2P network's socket host: a TLS 1.3 server and client, accepting and dialling peers, and
 * routing each of their messages to the {@link Reactor} that claims its {@link Channel} (gossip,
 * block sync and transactions go on to their bus addresses). Who is admitted, pinged, dropped, dialled or
 * banned is the {@link PeerManager}'s decision; this carries it out. The rest of the node talks
 * to it through {@link dev.meshledger.bus.p2p.NetworkClient}.
 */
public final class NetworkVerticle extends VerticleBase implements PeerConnection.Listener {
  private static final Logger log = LoggerFactory.getLogger(NetworkVerticle.class);
  /** How often liveness, back-pressure and dialling are looked at. */
  private static final long TICK_MS = 250;

  private final NodeConfig config;
  private final P2pLimits limits;
  private final NodeKey key;
  private final Hash genesis;
  private final WireCodec codec;
  private final Random random = new Random();
  private final Map<Channel, Reactor> reactors = new EnumMap<>(Channel.class);
  private PeerManager<PeerConnection> manager;
  private HandshakeReactor handshake;
  private PeerStore store;
  private HeadFollower head;
  private NetServer server;
  private InboundTls inboundTls;
  // Kept in a field: an unreferenced Vert.x client is closed by a Cleaner (docs/architecture.md, Known traps).
  private NetClient client;
  private int boundPort;
  private long tickTimer = -1;

  public NetworkVerticle(NodeConfig config, NodeKey key) {
    this.config = config;
    this.limits = config.p2pLimits();
    this.key = key;
    this.genesis = Genesis.of(config.chainParams()).hash();
    this.codec = new WireCodec(config.maxBlockDataBytes(), config.maxBlockTransfers(),
        config.syncLimits().headersPerRequest());
  }

  /** The P2P port actually bound. */
  public int port() {
    return boundPort;
  }

  @Override
  public Future<?> start() {
    manager = new PeerManager<>(config, key.id(), random);
    store = new PeerStore(vertx, config.dataDir());
    var bus = vertx.eventBus();
    handshake = new HandshakeReactor(manager, bus, this::hello, this::onOffence);
    NetworkValidator validator = new NetworkValidator(vertx, manager::ready, this::onOffence);
    List.of(handshake, new PeerExchange(manager.dials(), this::onOffence), validator,
        new BusForward(bus, Channel.GOSSIP), new BusForward(bus, Channel.BLOCKSYNC),
        new BusForward(bus, Channel.TRANSACTIONS), new BusForward(bus, Channel.CONSENSUS)).forEach(this::register);
    if (reactors.size() != Channel.values().length) {
      throw new IllegalStateException("a channel no reactor claims: " + reactors.keySet());
    }
    new NetworkCommands(manager, validator, m -> Frame.of(codec, limits.maxFrameBytes(), m), this::dial,
        this::onOffence, () -> boundPort > 0).register(bus);
    new OperatorCommands(manager, store).register(bus);
    // Building the certificate and key store takes a while on a cold JVM: not on the event loop.
    return vertx.executeBlocking(() -> TlsIdentity.of(key))
        .compose(tls -> {
          inboundTls = new InboundTls(tls, limits.handshakeTimeoutMs());
          server = vertx.createNetServer(InboundTls.serverOptions()).connectHandler(this::onInbound);
          client = vertx.createNetClient(tls.clientOptions(limits.handshakeTimeoutMs()));
          return HeadFollower.start(vertx);
        })
        .compose(follower -> {
          head = follower;
          return store.load();
        })
        .compose(saved -> {
          manager.book().loadJson(saved.book());
          manager.restoreBans(saved.bans());
          // Once set through the API, the saved allow-list wins over the config's p2p.allowlist.
          saved.allowlist().ifPresent(ids -> manager.rules().allowlist(ids));
          return server.listen(config.p2pPort(), config.p2pHost());
        })
        .onSuccess(s -> {
          boundPort = s.actualPort();
          manager.listening(boundPort);
          log.info("P2P listening on {}:{} (TLS 1.3), node id {}, {} seeds, {} known addresses", config.p2pHost(),
              boundPort, key.id(), config.seeds().size(), manager.book().size());
          tickTimer = vertx.setPeriodic(TICK_MS, t -> tick());
          tick();
        });
  }

  /** Each channel is claimed by exactly one reactor. */
  private void register(Reactor r) {
    if (reactors.putIfAbsent(r.channel(), r) != null) {
      throw new IllegalStateException(r.channel() + " is claimed by two reactors");
    }
  }

  private Hello hello() {
    Head h = head.head();
    return new Hello(WireCodec.PROTOCOL, config.chainId(), genesis, key.id(), config.advertisedHost(), boundPort,
        h.height(), h.totalWork());
  }

  // ---- sockets ----

  /** A new TCP connection, before any TLS byte: a banned address is closed here, the rest start TLS. */
  private void onInbound(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    if (!manager.acceptsInbound(ip, System.currentTimeMillis())) {
      log.debug("inbound connection from {} closed before TLS: address banned", ip);
      socket.close();
      return;
    }
    // Held until the connection has its handler (open): the peer's HELLO may follow TLS at once.
    socket.pause();
    // p2p.handshakeTimeoutMs applies: a client that never finishes TLS is closed by it.
    inboundTls.start(socket).onComplete(ar -> {
      if (ar.failed()) {
        log.debug("TLS with {} failed: {}", ip, ar.cause().getMessage());
        socket.close();
      } else {
        onTls(socket, ip, ar.result());
      }
    });
  }

  private void onTls(NetSocket socket, String ip, Optional<String> id) {
    if (id.isEmpty()) {
      log.info("inbound connection from {} closed: no Ed25519 node certificate", ip);
      socket.close();
      return;
    }
    open(socket, Direction.INBOUND, ip, null, id.get());
  }

  private void dial(PeerAction.Dial<PeerConnection> d) {
    log.debug("dialling {}", d.address());
    client.connect(d.target().port(), d.target().host()).onComplete(ar -> {
      long now = System.currentTimeMillis();
      if (ar.failed()) {
        log.debug("dial {} failed: {}", d.address(), ar.cause().getMessage());
        manager.dialFailed(d.address(), false, now);
        return;
      }
      NetSocket socket = ar.result();
      Optional<String> id = TlsIdentity.nodeIdOf(socket);
      if (manager.stopping() || id.isEmpty()) {
        manager.dialFailed(d.address(), true, now);
        socket.close();
        return;
      }
      manager.dialDone(d.address());
      open(socket, Direction.OUTBOUND, socket.remoteAddress().hostAddress(), d.address(), id.get());
    });
  }

  private void open(NetSocket socket, Direction dir, String ip, String address, String nodeId) {
    PeerConnection c = new PeerConnection(socket, dir, ip, address, nodeId, codec, limits, this, NodeMetrics.of(vertx));
    c.start();
    socket.resume();
    manager.onIdentity(c, System.currentTimeMillis()).ifPresentOrElse(
        refusal -> c.disconnect(refusal.reason(), refusal.detail()),
        () -> handshake.greet(c));
  }

  // ---- what connections report ----

  @Override
  public void onMessage(PeerConnection c, Message m) {
    if (c.isClosing()) {
      return; // e.g. refused as a duplicate while the peer, not yet told, goes on talking
    }
    if (!c.isReady() && !HandshakeReactor.allowedBeforeHello(m.type())) {
      onOffence(c, Offence.HANDSHAKE_VIOLATION, m.type() + " before HELLO");
      return;
    }
    reactors.get(Channel.of(m.type())).receive(c, m);
  }

  @Override
  public void onOffence(PeerConnection c, Offence offence, String detail) {
    carryOut(manager.onOffence(c, offence, detail, System.nanoTime(), System.currentTimeMillis()));
  }

  @Override
  public void onClosed(PeerConnection c) {
    DisconnectReason reason = c.closeReason() != null ? c.closeReason() : DisconnectReason.UNKNOWN;
    if (!manager.onClosed(c, reason, System.currentTimeMillis())) {
      return;
    }
    reactors.values().forEach(r -> r.onPeerGone(c));
    String why = reason == DisconnectReason.UNKNOWN ? "connection closed" : reason.name();
    log.info("peer disconnected: {} {} at {}: {}", NodeIds.shortId(c.nodeId()), c.direction().label(), c.address(), why);
    vertx.eventBus().publish(Addresses.P2P_PEER_DISCONNECTED,
        new PeerDisconnected(c.nodeId(), c.address(), c.direction().label(), why), Bus.LOCAL);
  }

  // ---- the peer manager's decisions ----

  private void tick() {
    carryOut(manager.tick(System.nanoTime(), System.currentTimeMillis()));
  }

  private void carryOut(List<PeerAction<PeerConnection>> actions) {
    for (PeerAction<PeerConnection> a : actions) {
      if (a instanceof PeerAction.Ping<PeerConnection> p) {
        p.peer().send(new Message.Ping(random.nextLong()));
      } else if (a instanceof PeerAction.Disconnect<PeerConnection> d) {
        d.peer().disconnect(d.reason(), d.detail());
      } else if (a instanceof PeerAction.Abort<PeerConnection> x) {
        x.peer().abort(x.reason());
      } else if (a instanceof PeerAction.Dial<PeerConnection> d) {
        dial(d);
      } else if (a instanceof PeerAction.AskForAddresses<PeerConnection> ask) {
        ask.peer().send(new Message.PeersRequest());
      } else if (a instanceof PeerAction.Ban<PeerConnection> b) {
        vertx.eventBus().publish(Addresses.P2P_PEER_BANNED,
            new PeerBanned(b.peer().nodeId(), b.peer().ip(), b.offence().name(), b.untilMillis()), Bus.LOCAL);
        b.peer().disconnect(DisconnectReason.BANNED, b.offence().description() + ": " + b.detail());
      } else if (a instanceof PeerAction.Save) {
        store.markDirty();
        store.saveIfDirty(manager.book(), manager.bans());
      }
    }
  }

  @Override
  public Future<?> stop() {
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    manager.stop().forEach(c -> c.disconnect(DisconnectReason.SHUTTING_DOWN, "bye"));
    store.markDirty();
    // Waits for a save already running, then writes the final state (PeerStore.saveIfDirty).
    return store.saveIfDirty(manager.book(), manager.bans())
        .eventually(() -> server != null ? server.close() : Future.succeededFuture())
        .eventually(() -> client != null ? client.close() : Future.succeededFuture());
  }
}
