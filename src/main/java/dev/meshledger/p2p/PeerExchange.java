package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.config.HostPort;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.wire.Message;
import java.util.Optional;

/**
 * Peer exchange (PEERS_REQUEST, PEERS): which addresses we give out, and the checks on the ones
 * we are given. Junk (a bad host or port, a node id that is not 64 hex digits) costs the sender
 * points; good addresses go into the address book with source {@code pex:<peer>}.
 */
final class PeerExchange implements Reactor {
  /** Addresses given per PEERS message. */
  static final int PEERS_PER_MESSAGE = 64;

  private final DialSchedule dials;
  private final Punish punish;

  PeerExchange(DialSchedule dials, Punish punish) {
    this.dials = dials;
    this.punish = punish;
  }

  @Override
  public Channel channel() {
    return Channel.PEER_EXCHANGE;
  }

  @Override
  public void receive(PeerConnection from, Message m) {
    switch (m.type()) {
      case PEERS_REQUEST -> from.send(new Message.Peers(dials.shareable(PEERS_PER_MESSAGE, from.nodeId()).stream()
          .flatMap(e -> toWire(e).stream())
          .toList()));
      case PEERS -> accept(from, (Message.Peers) m);
      default -> throw new IllegalArgumentException(m.type() + " is not on the " + channel() + " channel");
    }
  }

  static Optional<Message.PeerAddress> toWire(AddressBook.Entry e) {
    return HostPort.tryParse(e.address()).map(a -> new Message.PeerAddress(a.host(), a.port(), e.nodeId(), e.lastSeen()));
  }

  private void accept(PeerConnection from, Message.Peers peers) {
    int junk = 0;
    for (Message.PeerAddress a : peers.peers()) {
      String address = a.host() + ":" + a.port();
      if (!wellFormed(a, address)) {
        junk++;
        continue;
      }
      dials.heardOf(address, a.nodeId(), "pex:" + NodeIds.shortId(from.nodeId()));
    }
    if (junk > 0) {
      punish.offence(from, Offence.BAD_ADDRESSES, junk + " malformed addresses in PEERS");
    }
  }

  private static boolean wellFormed(Message.PeerAddress a, String address) {
    return !a.host().isEmpty() && a.host().length() <= 253 && a.host().matches("[A-Za-z0-9.:\\-\\[\\]]+")
        && a.port() >= 1 && a.nodeId().matches("[0-9a-f]{64}") && HostPort.tryParse(address).isPresent();
  }
}
