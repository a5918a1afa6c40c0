package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.config.ConfigException;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.wire.Message;
import java.util.function.Predicate;

/** Peer exchange: which addresses we give out, and the checks on the ones we are given. */
final class PeerExchange {
  private PeerExchange() {}

  static Message.PeerAddress toWire(AddressBook.Entry e) {
    int colon = e.address().lastIndexOf(':');
    return new Message.PeerAddress(e.address().substring(0, colon), Integer.parseInt(e.address().substring(colon + 1)),
        e.nodeId(), e.lastSeen());
  }

  /**
   * Adds well-formed addresses to the book with source "pex". Junk (bad host or port, a node
   * id that is not 64 hex digits) costs the sender points; our own address is skipped.
   */
  static void accept(PeerConnection from, Message.Peers peers, AddressBook book, String selfId,
      Predicate<String> isOwnAddress, NetworkValidator.OffenceSink punish) {
    int junk = 0;
    for (Message.PeerAddress a : peers.peers()) {
      String address = a.host() + ":" + a.port();
      if (!wellFormed(a, address)) {
        junk++;
        continue;
      }
      if (a.nodeId().equals(selfId) || isOwnAddress.test(address)) {
        continue;
      }
      book.add(address, a.nodeId(), "pex:" + from.shortId(), 0);
    }
    if (junk > 0) {
      punish.onOffence(from, Offence.BAD_ADDRESSES, junk + " malformed addresses in PEERS");
    }
  }

  private static boolean wellFormed(Message.PeerAddress a, String address) {
    if (a.host().isEmpty() || a.host().length() > 253 || !a.host().matches("[A-Za-z0-9.:\\-\\[\\]]+")
        || a.port() < 1 || !a.nodeId().matches("[0-9a-f]{64}")) {
      return false;
    }
    try {
      NodeConfig.checkAddress("peer", address);
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }
}
