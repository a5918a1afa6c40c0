package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.config.HostPort;
import dev.meshledger.wire.DisconnectReason;

/**
 * What the {@link PeerManager} decides and the network verticle carries out.
 *
 * @param <L> the connection type
 */
sealed interface PeerAction<L> {
  /** The peer has been quiet: ask it for a PONG. */
  record Ping<L>(L peer) implements PeerAction<L> {}

  /** Tell the peer why (DISCONNECT) and close. */
  record Disconnect<L>(L peer, DisconnectReason reason, String detail) implements PeerAction<L> {}

  /** Close without a word: the peer does not read what it is sent. */
  record Abort<L>(L peer, DisconnectReason reason) implements PeerAction<L> {}

  /** Connect to {@code target}; {@code address} is the address book's key for it. */
  record Dial<L>(String address, HostPort target) implements PeerAction<L> {}

  /** Send a PEERS_REQUEST: outbound slots are free and the book has nothing left to dial. */
  record AskForAddresses<L>(L peer) implements PeerAction<L> {}

  /** The peer crossed the ban threshold: announce the ban and disconnect it with BANNED. */
  record Ban<L>(L peer, Offence offence, String detail, long untilMillis) implements PeerAction<L> {}

  /** The address book or the bans changed: write them to disk. */
  record Save<L>() implements PeerAction<L> {}
}
