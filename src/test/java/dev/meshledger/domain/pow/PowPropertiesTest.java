package dev.meshledger.domain.pow;

import static java.math.BigInteger.ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties that hold for any input: ASERT agrees with the spec's unbounded-integer Python
 * algorithm, rises with lateness, and compact bits lose at most what the mantissa cannot hold.
 */
class PowPropertiesTest {
  private static final BigInteger MAX_HASH = ONE.shiftLeft(256).subtract(ONE);
  private static final Asert BCH = Asert.BITCOIN_CASH;

  /**
   * The spec's {@code next_target_aserti3_2d} (section "Target computation") step by step in
   * unbounded integers, with the radix in the exponent as in BCHN's C++ and the vectors.
   */
  static BigInteger specReference(Asert a, BigInteger anchor, long timeDelta, long heightDelta) {
    BigInteger ahead = BigInteger.valueOf(timeDelta).subtract(
        BigInteger.valueOf(a.idealBlockTime()).multiply(BigInteger.valueOf(heightDelta).add(ONE)));
    BigInteger exponent = ahead.shiftLeft(16).divide(BigInteger.valueOf(a.halfLife()));
    int shifts = exponent.shiftRight(16).intValueExact();
    BigInteger frac = exponent.subtract(BigInteger.valueOf(shifts).shiftLeft(16));
    BigInteger poly = BigInteger.valueOf(195_766_423_245_049L).multiply(frac)
        .add(BigInteger.valueOf(971_821_376L).multiply(frac.pow(2)))
        .add(BigInteger.valueOf(5_127L).multiply(frac.pow(3)))
        .add(ONE.shiftLeft(47));
    BigInteger next = anchor.multiply(poly.shiftRight(48).add(BigInteger.valueOf(65_536)));
    next = (shifts < 0 ? next.shiftRight(-shifts) : next.shiftLeft(shifts)).shiftRight(16);
    return next.signum() == 0 ? ONE : next.min(a.maxTarget());
  }

  @Provide
  Arbitrary<BigInteger> anchors() {
    return Arbitraries.bigIntegers().between(ONE, BCH.maxTarget());
  }

  @Provide
  Arbitrary<BigInteger> targets() {
    return Arbitraries.bigIntegers().between(BigInteger.ZERO, MAX_HASH);
  }

  @Property(tries = 2000)
  void asertMatchesTheSpecAlgorithm(@ForAll("anchors") BigInteger anchor,
      @ForAll @LongRange(min = -100_000_000, max = 100_000_000) long timeDelta,
      @ForAll @LongRange(min = 0, max = 1_000_000) long heightDelta) {
    assertEquals(specReference(BCH, anchor, timeDelta, heightDelta),
        BCH.nextTarget(anchor, timeDelta, heightDelta));
  }

  /** Rationale 4: the approximation is monotonic, so a later block never gets a harder target. */
  @Property(tries = 1000)
  void aLaterBlockNeverGetsAHarderTarget(@ForAll("anchors") BigInteger anchor,
      @ForAll @LongRange(min = -10_000_000, max = 10_000_000) long timeDelta,
      @ForAll @LongRange(min = 0, max = 100_000) long later,
      @ForAll @LongRange(min = 0, max = 10_000) long heightDelta) {
    BigInteger early = BCH.nextTarget(anchor, timeDelta, heightDelta);
    BigInteger late = BCH.nextTarget(anchor, timeDelta + later, heightDelta);
    assertTrue(late.compareTo(early) >= 0, early + " then " + late);
    assertTrue(early.signum() > 0 && late.compareTo(BCH.maxTarget()) <= 0);
  }

  /** GetCompact keeps the top 3 bytes with a mantissa of at least 2^15: it loses under 2^-15. */
  @Property(tries = 2000)
  void compactFormRoundsDownByLessThanTheMantissaStep(@ForAll("targets") BigInteger target) {
    int bits = CompactBits.encode(target);
    BigInteger back = CompactBits.decode(bits);
    assertTrue(back.compareTo(target) <= 0);
    assertTrue(target.subtract(back).shiftLeft(15).compareTo(target) <= 0);
    assertEquals(bits, CompactBits.encode(back));
  }

  @Property(tries = 1000)
  void workIsTheFloorOfTwoTo256OverTargetPlusOne(@ForAll("targets") BigInteger target) {
    BigInteger work = Work.ofTarget(target).value();
    BigInteger divisor = target.add(ONE);
    assertTrue(work.multiply(divisor).compareTo(ONE.shiftLeft(256)) <= 0);
    assertTrue(work.add(ONE).multiply(divisor).compareTo(ONE.shiftLeft(256)) > 0);
  }
}
