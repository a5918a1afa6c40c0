package dev.meshledger.domain.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The required-bits rule from a parent, by hand: 8 initial zero bits are the compact target
 * 0x2000ffff (0xffff * 2^232); 1000 ms blocks and a half-life of 10 blocks (10 s). Each 10 s
 * ahead of schedule halves the target, each 10 s behind doubles it, never past the initial one.
 */
class PowRulesTest {
  private static final long T = 1000;
  private static final PowRules RULES = new PowRules(8, new Retarget(T, 10));
  private static final int INITIAL = 0x2000_ffff;
  private static final long ANCHOR = 1_700_000_000_000L;

  /** The ancestry of a block at {@code height} whose timestamp is {@code elapsed} ms after the anchor's. */
  private static Ancestry at(long height, long elapsed) {
    return new Ancestry(height, ANCHOR, new long[] {ANCHOR + elapsed});
  }

  @ParameterizedTest(name = "parent at height {0}, {1} ms after the anchor -> 0x{2}")
  @CsvSource({
      // the anchor (first block after genesis) and its child carry the initial target
      "1,  0,       2000ffff",
      // exactly on schedule: parent h sits (h - 1) * T after the anchor
      "11, 10000,   2000ffff",
      "101, 100000, 2000ffff",
      // faster: 10 blocks in no time is one half-life ahead -> half the target
      "11, 0,       1f7fff80",
      // two half-lives ahead -> a quarter
      "21, 0,       1f3fffc0",
      "21, 10000,   1f7fff80",
      // half a half-life ahead: 2^-0.5 by the spec's cubic (2^0.5 ~ 1.41413 there), rounded down to 2 bytes
      "6,  0,       2000b500",
      // slower: would be easier than the initial target, which is the cap
      "11, 20000,   2000ffff",
      "11, 1000000, 2000ffff",
      // a harder parent state that then slows down comes back toward the cap
      "31, 20000,   1f7fff80",
  })
  void requiredBitsFollowTheSchedule(long height, long elapsed, String bits) {
    assertEquals(Integer.parseUnsignedInt(bits, 16), RULES.requiredBits(at(height, elapsed)));
  }

  @Test
  void fasterIsHarderAndSlowerIsEasierUpToTheCap() {
    BigInteger previous = null;
    for (long elapsed = 0; elapsed <= 30_000; elapsed += 1000) {
      BigInteger target = CompactBits.decode(RULES.requiredBits(at(21, elapsed)));
      assertTrue(target.compareTo(RULES.maxTarget()) <= 0, "never easier than the initial target");
      if (previous != null) {
        assertTrue(target.compareTo(previous) >= 0, "later parents never get a harder target");
      }
      previous = target;
    }
    assertEquals(RULES.maxTarget(), previous, "20 s late: at the cap");
  }

  @Test
  void theChildOfGenesisCarriesTheInitialBitsWhateverItsTime() {
    assertEquals(INITIAL, RULES.initialBits());
    assertEquals(INITIAL, RULES.requiredBits(Ancestry.genesis(0)));
    assertEquals(INITIAL, RULES.requiredBits(Ancestry.genesis(ANCHOR * 2)));
  }

  @Test
  void aFixedDifficultyNeverMoves() {
    PowRules fixed = new PowRules(8, Retarget.FIXED);
    assertFalse(fixed.retargets());
    assertTrue(RULES.retargets());
    assertEquals(INITIAL, fixed.requiredBits(at(21, 0)));
    assertEquals(INITIAL, fixed.requiredBits(at(11, 1_000_000)));
  }

  @Test
  void anAbsurdAncestryGetsTheEasiestTargetNotAnError() {
    // an exponent past 64 bits: unreachable for accepted blocks, refused gracefully anyway
    assertEquals(INITIAL, RULES.requiredBits(new Ancestry(5, Long.MIN_VALUE / 2, new long[] {Long.MAX_VALUE / 2})));
  }

  @ParameterizedTest(name = "{0} leading zero bits -> 0x{1}")
  @CsvSource({"0, 2100ffff", "1, 207fffff", "8, 2000ffff", "12, 1f0fffff", "32, 1d00ffff"})
  void initialBitsAreTheLeadingZeroTargetRoundedDown(int zeroBits, String bits) {
    // 32 zero bits: Bitcoin's own limit 0x1d00ffff
    PowRules r = new PowRules(zeroBits, Retarget.FIXED);
    assertEquals(Integer.parseUnsignedInt(bits, 16), r.initialBits());
    assertTrue(r.maxTarget().compareTo(PowRules.leadingZeroTarget(zeroBits)) <= 0);
  }

  @Test
  void leadingZeroTargetIsTheLargestWithThatManyZeroBits() {
    assertEquals(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), PowRules.leadingZeroTarget(0));
    assertEquals(BigInteger.ONE.shiftLeft(248).subtract(BigInteger.ONE), PowRules.leadingZeroTarget(8));
    assertEquals(BigInteger.ONE, PowRules.leadingZeroTarget(255));
    assertThrows(IllegalArgumentException.class, () -> PowRules.leadingZeroTarget(256));
    assertThrows(IllegalArgumentException.class, () -> PowRules.leadingZeroTarget(-1));
  }

  @ParameterizedTest(name = "bits 0x{0} -> a target a block may carry: {1}")
  @CsvSource({
      "2000ffff, true",   // the initial target
      "1f7fff80, true",   // harder
      "03000001, true",   // the hardest: 1
      "2000ffff, true",
      "20010000, false",  // one step easier than the cap
      "2100ffff, false",  // twice as easy
      "00000000, false",  // zero: no target (BFT's bits)
      "03000000, false",  // zero written another way
      "2080ffff, false",  // negative
      "ff00ffff, false",  // overflows 256 bits
  })
  void targetAcceptsOnlyTargetsWithinTheCap(String bits, boolean valid) {
    Optional<BigInteger> t = RULES.target(Integer.parseUnsignedInt(bits, 16));
    assertEquals(valid, t.isPresent());
    t.ifPresent(v -> assertEquals(CompactBits.decode(Integer.parseUnsignedInt(bits, 16)), v));
  }

  @ParameterizedTest(name = "bits 0x{0} -> {1} zero bits")
  @CsvSource({"2000ffff, 8", "1f7fff80, 9", "1f3fffc0, 10", "2100ffff, 0", "00000000, 0", "2080ffff, 0", "03000001, 255"})
  void zeroBitsOfIsHowHardTheTargetReads(String bits, int zeroBits) {
    assertEquals(zeroBits, PowRules.zeroBitsOf(Integer.parseUnsignedInt(bits, 16)));
  }

  @Test
  void meetsReadsTheHashAsUnsigned() {
    byte[] hash = new byte[32];
    hash[0] = (byte) 0x80;
    BigInteger exact = new BigInteger(1, hash);
    assertTrue(PowRules.meets(hash, exact));
    assertFalse(PowRules.meets(hash, exact.subtract(BigInteger.ONE)));
    assertTrue(PowRules.meets(new byte[32], BigInteger.ONE));
  }

  @Test
  void retargetParametersAreBothSetOrBothZero() {
    assertTrue(Retarget.FIXED.isFixed());
    assertFalse(new Retarget(1, 1).isFixed());
    assertEquals(10_000, new Retarget(1000, 10).halfLifeMillis());
    assertThrows(IllegalArgumentException.class, () -> new Retarget(1000, 0));
    assertThrows(IllegalArgumentException.class, () -> new Retarget(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Retarget(-1, 10));
    assertThrows(IllegalArgumentException.class, () -> new Retarget(10, -1));
    assertThrows(ArithmeticException.class, () -> new Retarget(Long.MAX_VALUE, 2));
  }
}
