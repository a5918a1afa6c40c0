package dev.meshledger.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long T0 = 5_000_000_000L;
  private static final long MS = 1_000_000L;

  @Test
  void aFullBucketAllowsTheBurstAndNoMore() {
    TokenBucket b = new TokenBucket(10, 20, T0);
    for (int i = 0; i < 20; i++) {
      assertTrue(b.tryTake(1, T0), "token " + (i + 1) + " of the burst");
    }
    assertFalse(b.tryTake(1, T0), "the 21st at the same instant");
  }

  @Test
  void tokensComeBackAtTheRateUpToTheBurst() {
    TokenBucket b = new TokenBucket(10, 20, T0);
    assertTrue(b.tryTake(20, T0));
    assertEquals(0, b.available(T0), 1e-9);
    assertEquals(5, b.available(T0 + 500 * MS), 1e-6, "half a second at 10/s");
    assertFalse(b.tryTake(6, T0 + 500 * MS));
    assertTrue(b.tryTake(5, T0 + 500 * MS));
    assertEquals(20, b.available(T0 + 3_600_000 * MS), 1e-9, "an hour idle saves no more than the burst");
  }

  @Test
  void aRefusedTakeTakesNothing() {
    TokenBucket b = new TokenBucket(1, 4, T0);
    assertTrue(b.tryTake(3, T0));
    assertFalse(b.tryTake(2, T0), "only 1 left");
    assertEquals(1, b.available(T0), 1e-9, "no overdraft: the refused take left the token there");
    assertTrue(b.tryTake(1, T0));
    assertFalse(b.tryTake(1, T0));
  }

  @Test
  void aSteadySenderAtTheRateIsNeverRefused() {
    TokenBucket b = new TokenBucket(100, 200, T0);
    for (int i = 1; i <= 10_000; i++) {
      assertTrue(b.tryTake(1, T0 + i * 10 * MS), "frame " + i);
    }
  }

  @Test
  void aSenderOverTheRateIsHeldToTheRate() {
    TokenBucket b = new TokenBucket(100, 200, T0);
    int taken = 0;
    for (int i = 0; i < 10_000; i++) { // 10,000 tries over one second
      if (b.tryTake(1, T0 + i * 100_000L)) {
        taken++;
      }
    }
    assertTrue(taken >= 299 && taken <= 301, "burst of 200 plus 100 over the second, got " + taken);
  }

  @Test
  void aClockThatGoesBackAddsNothing() {
    TokenBucket b = new TokenBucket(10, 10, T0);
    assertTrue(b.tryTake(10, T0));
    assertFalse(b.tryTake(1, T0 - 1_000 * MS));
    assertEquals(0, b.available(T0), 1e-9);
  }
}
