package dev.meshledger.p2p;

import dev.meshledger.domain.pow.Work;

/**
 * A connection as the {@link PeerManager} sees it: what it is and when it was last heard, no
 * socket. {@link PeerConnection} is the real one; tests use plain objects.
 */
interface Link {
  /** From the peer's TLS certificate. */
  String nodeId();

  Direction direction();

  String ip();

  /** The peer's reachable {@code host:port}: dialled (outbound) or advertised in its HELLO (inbound); null if unknown. */
  String address();

  /** Past the handshake, admitted. */
  boolean isReady();

  /** Closed or closing: nothing it says matters any more. */
  boolean isClosing();

  long height();

  Work totalWork();

  /** Wall-clock millis when it became ready; 0 before. */
  long connectedSince();

  /** When the connection was opened (after TLS): the handshake timeout counts from here. */
  long openedNanos();

  long lastReceivedNanos();

  long lastSentNanos();

  /** When its write queue filled and reading was paused; 0 while it flows. */
  long pausedSinceNanos();
}
