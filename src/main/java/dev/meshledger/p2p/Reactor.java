package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.wire.Message;

/**
 * One protocol on the peer connections, as CometBFT's reactors: it claims a {@link Channel}, and
 * the network verticle hands it every message of that channel's types, already decoded and
 * checked at the edge, on the network's event loop. A reactor never punishes a peer itself: it
 * reports the offence to the {@link Punish} it was given, and the peer manager decides.
 */
interface Reactor {
  /** The channel whose message types this reactor handles; one reactor per channel. */
  Channel channel();

  /** A message of this channel from a peer (a ready one, but for the handshake channel). */
  void receive(PeerConnection from, Message m);

  /** A ready peer left: forget what was pending with it. */
  default void onPeerGone(PeerConnection peer) {}

  /** Where reactors report a misbehaving peer: the network's one way to punish. */
  @FunctionalInterface
  interface Punish {
    void offence(PeerConnection peer, Offence offence, String detail);
  }
}
