package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SyncMeterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theRateIsMeasuredOverEachIntervalOnceItPassed() {
    SyncMeter m = new SyncMeter(5 * SECOND, 100);
    assertEquals(0, m.rate());
    assertFalse(m.sample(6 * SECOND - 1, 150, SECOND), "not a second yet");
    assertEquals(0, m.rate());
    assertTrue(m.sample(6 * SECOND, 150, SECOND));
    assertEquals(50.0, m.rate(), 1e-9);
    assertFalse(m.sample(6 * SECOND + SECOND / 2, 400, SECOND), "measured from the last sample");
    assertTrue(m.sample(8 * SECOND, 350, SECOND));
    assertEquals(100.0, m.rate(), 1e-9, "200 blocks over the last 2 s");
    assertEquals(250, m.blocksSince(350));
    assertEquals(3.0, m.seconds(8 * SECOND), 1e-9);
  }
}
