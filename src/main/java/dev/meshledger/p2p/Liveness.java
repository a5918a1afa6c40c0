package dev.meshledger.p2p;

import dev.meshledger.config.P2pLimits;
import dev.meshledger.wire.DisconnectReason;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who to ping, who timed out, who does not read: decided from a connection's timestamps and now. */
final class Liveness {
  private static final Logger log = LoggerFactory.getLogger(Liveness.class);

  private final P2pLimits limits;

  Liveness(P2pLimits limits) {
    this.limits = limits;
  }

  /** A ready peer: dropped when silent too long, aborted when its queue never drains, pinged when quiet. */
  <L extends Link> Optional<PeerAction<L>> ready(L c, long nowNanos) {
    if (nowNanos - c.lastReceivedNanos() > nanos(limits.pingTimeoutMs())) {
      return Optional.of(new PeerAction.Disconnect<>(c, DisconnectReason.TIMEOUT,
          "silent for " + limits.pingTimeoutMs() + " ms"));
    }
    if (c.pausedSinceNanos() != 0 && nowNanos - c.pausedSinceNanos() > nanos(limits.slowPeerTimeoutMs())) {
      log.info("{} has not drained its queue in {} ms", c, limits.slowPeerTimeoutMs());
      return Optional.of(new PeerAction.Abort<>(c, DisconnectReason.SLOW_READER));
    }
    if (nowNanos - Math.min(c.lastSentNanos(), c.lastReceivedNanos()) > nanos(limits.pingIntervalMs())) {
      return Optional.of(new PeerAction.Ping<>(c));
    }
    return Optional.empty();
  }

  /** A connection still in its handshake: dropped when its HELLO is late. */
  <L extends Link> Optional<PeerAction<L>> handshaking(L c, long nowNanos) {
    if (!c.isClosing() && nowNanos - c.openedNanos() > nanos(limits.handshakeTimeoutMs())) {
      return Optional.of(new PeerAction.Disconnect<>(c, DisconnectReason.TIMEOUT,
          "no HELLO within " + limits.handshakeTimeoutMs() + " ms"));
    }
    return Optional.empty();
  }

  private static long nanos(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }
}
