package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.config.P2pLimits;
import dev.meshledger.p2p.PeerManagerTest.FakeLink;
import dev.meshledger.wire.DisconnectReason;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each liveness limit exactly reached (nothing happens yet) and passed by one nanosecond (it acts). */
class LivenessTest {
  private static final long NOW = 1_000_000_000_000L; // nanos
  private static final int PING_INTERVAL_MS = 1_000;
  private static final int PING_TIMEOUT_MS = 5_000;
  private static final int SLOW_PEER_MS = 3_000;
  private static final int HANDSHAKE_MS = 2_000;
  private static final Liveness LIVENESS = new Liveness(new P2pLimits(4 << 20, 8, HANDSHAKE_MS, PING_INTERVAL_MS,
      PING_TIMEOUT_MS, 5_000, 32 << 20, 100, 3_600, 8 << 20, SLOW_PEER_MS, 1_000, 8_000, 10_000));

  private static long ago(long ms, long plusNanos) {
    return NOW - TimeUnit.MILLISECONDS.toNanos(ms) - plusNanos;
  }

  /** A ready peer heard from and written to just now, its queue flowing. */
  private static FakeLink fresh() {
    FakeLink c = new FakeLink("1".repeat(64), Direction.INBOUND, "10.0.0.1", null);
    c.ready = true;
    c.lastReceivedNanos = NOW;
    c.lastSentNanos = NOW;
    c.openedNanos = NOW;
    return c;
  }

  /** What happens to a ready peer after one of its timestamps is set {@code ms} (plus {@code extra} ns) ago. */
  static Stream<Arguments> readyCases() {
    return Stream.of(
        Arguments.of("nothing sent for exactly the ping interval", "sent", PING_INTERVAL_MS, 0, "nothing"),
        Arguments.of("nothing sent for one ns past the ping interval", "sent", PING_INTERVAL_MS, 1, "ping"),
        Arguments.of("nothing heard for exactly the ping interval", "received", PING_INTERVAL_MS, 0, "nothing"),
        Arguments.of("nothing heard for one ns past the ping interval", "received", PING_INTERVAL_MS, 1, "ping"),
        Arguments.of("silent for exactly the ping timeout: still only pinged", "received", PING_TIMEOUT_MS, 0, "ping"),
        Arguments.of("silent for one ns past the ping timeout", "received", PING_TIMEOUT_MS, 1, "timeout"),
        Arguments.of("queue paused for exactly the slow-peer timeout", "paused", SLOW_PEER_MS, 0, "nothing"),
        Arguments.of("queue paused for one ns past the slow-peer timeout", "paused", SLOW_PEER_MS, 1, "slow"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readyCases")
  void aReadyPeerAtAndPastEachLimit(String what, String stamp, int ms, long extraNanos, String expected) {
    FakeLink c = fresh();
    switch (stamp) {
      case "sent" -> c.lastSentNanos = ago(ms, extraNanos);
      case "received" -> c.lastReceivedNanos = ago(ms, extraNanos);
      default -> c.pausedSinceNanos = ago(ms, extraNanos);
    }
    Optional<PeerAction<FakeLink>> want = switch (expected) {
      case "ping" -> Optional.of(new PeerAction.Ping<>(c));
      case "timeout" -> Optional.of(new PeerAction.Disconnect<>(c, DisconnectReason.TIMEOUT, "silent for 5000 ms"));
      case "slow" -> Optional.of(new PeerAction.Abort<>(c, DisconnectReason.SLOW_READER));
      default -> Optional.empty();
    };
    assertEquals(want, LIVENESS.ready(c, NOW), what);
  }

  @Test
  void aHandshakeIsDroppedOneNanosecondPastItsTimeoutUnlessAlreadyClosing() {
    FakeLink c = fresh();
    c.ready = false;
    c.openedNanos = ago(HANDSHAKE_MS, 0);
    assertEquals(Optional.empty(), LIVENESS.handshaking(c, NOW), "exactly the handshake timeout");
    c.openedNanos = ago(HANDSHAKE_MS, 1);
    assertEquals(Optional.of(new PeerAction.Disconnect<>(c, DisconnectReason.TIMEOUT, "no HELLO within 2000 ms")),
        LIVENESS.handshaking(c, NOW));
    c.closing = true;
    assertEquals(Optional.empty(), LIVENESS.handshaking(c, NOW), "being closed already: not told twice");
  }
}
