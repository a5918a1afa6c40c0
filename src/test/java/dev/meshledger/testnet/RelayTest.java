package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The relay's delays and release times: the delay is added, loss adds a retransmission timeout, order is kept. */
class RelayTest {
  @Test
  void unimpairedChunksGoAtOnceButNeverBeforeTheOneAhead() {
    Random rnd = new Random(1);
    assertEquals(0, Relay.delay(null, rnd));
    assertEquals(100, Relay.release(100, 0, 0));
    assertEquals(250, Relay.release(100, 250, 0), "a chunk still queued from the impairment goes first");
  }

  @Test
  void burstsKeepTheirOrderAndEveryChunkIsDelayed() {
    Relay.Impairment imp = new Relay.Impairment(100, 10);
    Random rnd = new Random(42);
    long last = 0;
    int lost = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      long arrival = i * 3L; // 3 ms apart: less than the jitter and the timeout, so the order rule matters
      long d = Relay.delay(imp, rnd);
      long at = Relay.release(arrival, last, d);
      assertTrue(at >= last, "chunk " + i + " released before the one ahead of it");
      assertTrue(at >= arrival + d, "chunk " + i + " not held for its delay");
      assertTrue(at >= arrival + imp.latencyMs(), "chunk " + i + " not delayed by the latency");
      lost += d > imp.latencyMs() + imp.jitterMs() ? 1 : 0;
      last = at;
    }
    assertTrue(lost > n * 0.08 && lost < n * 0.12, "about 10% lost, got " + lost);
  }

  @Test
  void spacedChunksGetLatencyPlusJitterOrTheTimeoutMore() {
    Relay.Impairment imp = new Relay.Impairment(100, 1);
    Random rnd = new Random(7);
    long last = 0;
    int lost = 0;
    for (int i = 0; i < 5_000; i++) {
      long arrival = i * 1_000L; // far apart: no chunk waits for another
      long at = Relay.release(arrival, last, Relay.delay(imp, rnd));
      long d = at - arrival;
      boolean ok = (d >= 100 && d <= 120) || (d >= 100 + Relay.RTO_MS && d <= 120 + Relay.RTO_MS);
      assertTrue(ok, "delay " + d);
      lost += d > 120 ? 1 : 0;
      last = at;
    }
    assertTrue(lost > 20 && lost < 90, "about 1% lost, got " + lost);
  }

  @Test
  void theSameSeedGivesTheSameReleases() {
    Relay.Impairment imp = new Relay.Impairment(50, 5);
    Random a = new Random(3);
    Random b = new Random(3);
    long la = 0;
    long lb = 0;
    for (int i = 0; i < 100; i++) {
      la = Relay.release(i, la, Relay.delay(imp, a));
      lb = Relay.release(i, lb, Relay.delay(imp, b));
      assertEquals(la, lb);
    }
  }
}
