package dev.meshledger.domain.pow;

import static java.math.BigInteger.ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The steps of aserti3-2d (spec, "Target computation") one at a time, with hand-checked values. */
class AsertTest {
  private static final BigInteger MAX = ONE.shiftLeft(200);
  private static final BigInteger ANCHOR = ONE.shiftLeft(100);
  /**
   * With a half-life of 2^16 time units and one unit per block, the fixed-point exponent equals
   * the lateness itself, so each case below names its exponent directly.
   */
  private static final Asert UNIT = new Asert(1, 65_536, MAX);

  private static BigInteger lateBy(long exponent) {
    // heightDelta -1 schedules the next block at the anchor's parent time: ahead == timeDelta
    return UNIT.nextTarget(ANCHOR, exponent, -1);
  }

  /** factor = 2^16 + round((c1 f + c2 f^2 + c3 f^3) / 2^48), computed by hand from the spec. */
  @ParameterizedTest(name = "2^({0}/65536) * 65536 ~ {1}")
  @CsvSource({
      "0,     65536",
      "1,     65537",
      "16384, 77938",
      "32768, 92674",
      "49152, 110225",
      "65535, 131071",
  })
  void theCubicApproximatesTwoToTheFraction(long frac, long factor) {
    // anchor 2^100 * factor, shifted right by 16: the factor lands on bit 84 exactly
    assertEquals(BigInteger.valueOf(factor).shiftLeft(84), lateBy(frac));
  }

  @Test
  void eachHalfLifeLateDoublesAndEachEarlyHalves() {
    assertEquals(ANCHOR, lateBy(0));
    assertEquals(ANCHOR.shiftLeft(1), lateBy(65_536));
    assertEquals(ANCHOR.shiftLeft(3), lateBy(3 * 65_536));
    assertEquals(ANCHOR.shiftRight(1), lateBy(-65_536));
    assertEquals(ANCHOR.shiftRight(5), lateBy(-5 * 65_536));
    // floor, not truncation: -1 is shift -1 with fraction 65535
    assertEquals(BigInteger.valueOf(131_071).shiftLeft(83), lateBy(-1));
    assertEquals(BigInteger.valueOf(92_674).shiftLeft(83), lateBy(-32_768));
  }

  @Test
  void theExponentDividesByTheHalfLifeTruncatingTowardZero() {
    Asert a = new Asert(1, 3, MAX);
    // ahead = -1: -65536 / 3 = -21845.33 truncates to -21845 (a floor would give -21846)
    BigInteger truncated = UNIT.nextTarget(ANCHOR, -21_845, -1);
    assertEquals(truncated, a.nextTarget(ANCHOR, -1, -1));
    assertEquals(UNIT.nextTarget(ANCHOR, 21_845, -1), a.nextTarget(ANCHOR, 1, -1));
  }

  @Test
  void theScheduleCountsTheNextBlock() {
    // on schedule: height delta h means h + 1 ideal block times since the anchor's parent
    Asert a = new Asert(600, 172_800, MAX);
    assertEquals(ANCHOR, a.nextTarget(ANCHOR, 600, 0));
    assertEquals(ANCHOR, a.nextTarget(ANCHOR, 6_000, 9));
    assertEquals(ANCHOR.shiftLeft(1), a.nextTarget(ANCHOR, 6_000 + 172_800, 9));
    assertEquals(ANCHOR.shiftRight(1), a.nextTarget(ANCHOR, 6_000, 9 + 288));
  }

  @Test
  void theResultIsClampedToOneAndMaxTarget() {
    assertEquals(MAX, lateBy(100 * 65_536));
    assertEquals(MAX, UNIT.nextTarget(MAX, 1, -1));
    assertEquals(ONE, UNIT.nextTarget(ONE, -65_536, -1));
    assertEquals(ONE, lateBy(-101 * 65_536));
    // just below the limit stays below it
    assertEquals(MAX.shiftRight(1), lateBy(99 * 65_536));
  }

  /** Note 6: an unbounded shift is cut short, both ways, without changing the answer. */
  @Test
  void extremeLatenessNeedsNoHugeShift() {
    Asert fast = new Asert(1, 1, MAX);
    assertEquals(MAX, fast.nextTarget(ANCHOR, 1L << 46, -1));
    assertEquals(ONE, fast.nextTarget(ANCHOR, -(1L << 46), -1));
    BigInteger full = ONE.shiftLeft(256).subtract(ONE);
    assertEquals(full, new Asert(1, 1, full).nextTarget(ONE, 300, -1));
  }

  @Test
  void anExponentBeyond64BitsIsAnErrorNotAWrongTarget() {
    assertThrows(ArithmeticException.class, () -> UNIT.nextTarget(ANCHOR, Long.MAX_VALUE, 5));
    assertThrows(ArithmeticException.class, () -> UNIT.nextTarget(ANCHOR, 1L << 60, -1));
    assertThrows(ArithmeticException.class, () -> UNIT.nextTarget(ANCHOR, 0, Long.MAX_VALUE));
    assertThrows(ArithmeticException.class,
        () -> new Asert(1L << 62, 1, MAX).nextTarget(ANCHOR, 0, 3));
  }

  @Test
  void theAnchorMustBeAValidTarget() {
    assertThrows(IllegalArgumentException.class, () -> UNIT.nextTarget(BigInteger.ZERO, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> UNIT.nextTarget(MAX.add(ONE), 0, 0));
    assertEquals(MAX, UNIT.nextTarget(MAX, 0, -1));
    assertEquals(ONE, UNIT.nextTarget(ONE, 0, -1));
  }

  @Test
  void parametersAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Asert(0, 600, MAX));
    assertThrows(IllegalArgumentException.class, () -> new Asert(600, 0, MAX));
    assertThrows(IllegalArgumentException.class, () -> new Asert(600, -1, MAX));
    assertThrows(IllegalArgumentException.class, () -> new Asert(600, 600, BigInteger.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new Asert(600, 600, ONE.shiftLeft(256)));
    assertEquals(ONE, new Asert(1, 1, ONE).maxTarget());
  }

  @Test
  void bitcoinCashUsesTheSpecConstants() {
    assertEquals(600, Asert.BITCOIN_CASH.idealBlockTime());
    assertEquals(172_800, Asert.BITCOIN_CASH.halfLife());
    assertEquals(0x1d00ffff, CompactBits.encode(Asert.BITCOIN_CASH.maxTarget()));
    // one block on time from the limit stays at the limit (run01's first line)
    assertEquals(0x1d00ffff, Asert.BITCOIN_CASH.nextBits(0x1d00ffff, 1200, 1));
  }
}
