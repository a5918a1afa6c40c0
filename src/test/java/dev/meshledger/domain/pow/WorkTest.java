package dev.meshledger.domain.pow;

import static java.math.BigInteger.ONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Block work as GetBlockProof, 2^256 / (target + 1), with values worked out by hand. */
class WorkTest {

  @ParameterizedTest(name = "target 2^{0} + {1} -> work {2}")
  @CsvSource({
      // 2^256 / (2^255 + 1) = 1: twice the divisor is already past 2^256
      "255, 0,  1",
      // 2^256 / (2^224 + 1) = 2^32 - 1, since (2^224 + 1)(2^32 - 1) = 2^256 - 2^224 + 2^32 - 1
      "224, 0,  4294967295",
      // 2^256 / 2^224 exactly
      "224, -1, 4294967296",
      // 2^256 / (2^0 + 1) = 2^255
      "0,   0,  57896044618658097711785492504343953926634992332820282019728792003956564819968",
      // target 0: every hash but one misses; 2^256 / 1
      "0,   -1, 115792089237316195423570985008687907853269984665640564039457584007913129639936",
      // target 2^256 - 1: any hash meets it
      "256, -1, 1",
  })
  void workOfATarget(int power, long plus, String work) {
    BigInteger target = ONE.shiftLeft(power).add(BigInteger.valueOf(plus));
    assertEquals(new BigInteger(work), Work.ofTarget(target).value());
  }

  @Test
  void workOfBitsIsBitcoinsBlockProof() {
    // Bitcoin's genesis (0x1d00ffff) carries chainwork 0x100010001
    assertEquals(BigInteger.valueOf(0x1_0001_0001L), Work.ofBits(0x1d00ffff).value());
    assertEquals(Work.ofTarget(BigInteger.valueOf(0x12)), Work.ofBits(0x01123456));
    // zero, negative and overflowing bits prove nothing
    assertEquals(Work.ZERO, Work.ofBits(0));
    assertEquals(Work.ZERO, Work.ofBits(0x01fedcba));
    assertEquals(Work.ZERO, Work.ofBits(0xff123456));
    assertEquals(BigInteger.ONE, Work.ofBits(0x2100ffff).value());
  }

  @Test
  void targetsOutsideTheHashRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Work.ofTarget(ONE.negate()));
    assertThrows(IllegalArgumentException.class, () -> Work.ofTarget(ONE.shiftLeft(256)));
    assertThrows(IllegalArgumentException.class, () -> new Work(ONE.negate()));
    assertEquals(BigInteger.ZERO, new Work(BigInteger.ZERO).value());
  }

  @Test
  void chainWorkAddsUpAndTheMostWorkWins() {
    Work easy = Work.ofTarget(ONE.shiftLeft(240)); // ~2^16 each
    Work hard = Work.ofTarget(ONE.shiftLeft(230)); // ~2^26 each
    Work longChain = Work.ZERO;
    for (int i = 0; i < 100; i++) {
      longChain = longChain.plus(easy);
    }
    Work shortChain = Work.ZERO.plus(hard).plus(hard);
    assertEquals(easy.value().multiply(BigInteger.valueOf(100)), longChain.value());
    // two hard blocks outweigh a hundred easy ones: fork choice is by work, not by height
    assertTrue(shortChain.beats(longChain));
    assertFalse(longChain.beats(shortChain));
    assertTrue(shortChain.compareTo(longChain) > 0);
    assertTrue(longChain.compareTo(shortChain) < 0);
  }

  @Test
  void aTieDoesNotReplaceTheTip() {
    Work a = Work.ofBits(0x1d00ffff).plus(Work.ofBits(0x1c7fffff));
    Work b = Work.ofBits(0x1c7fffff).plus(Work.ofBits(0x1d00ffff));
    assertEquals(0, a.compareTo(b));
    assertFalse(a.beats(b));
    assertFalse(b.beats(a));
  }

  @Test
  void bytesRoundTripWithoutASignByte() {
    for (BigInteger v : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(255),
        BigInteger.valueOf(256), ONE.shiftLeft(255), ONE.shiftLeft(319).add(ONE)}) {
      Work w = new Work(v);
      assertEquals(w, Work.fromBytes(w.toBytes()));
      assertEquals(Math.max(1, (v.bitLength() + 7) / 8), w.toBytes().length, "minimal bytes for " + v);
    }
    assertEquals(1, Work.of(128).toBytes().length, "0x80: no sign byte");
    assertThrows(IllegalArgumentException.class, () -> Work.fromBytes(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> Work.fromBytes(new byte[Work.MAX_BYTES + 1]));
    assertEquals(Work.ZERO, Work.fromBytes(new byte[Work.MAX_BYTES]));
  }

  @Test
  void maxMinAndPrint() {
    assertEquals(Work.of(5), Work.of(5).max(Work.of(3)));
    assertEquals(Work.of(5), Work.of(3).max(Work.of(5)));
    assertEquals(Work.of(3), Work.of(5).min(Work.of(3)));
    assertEquals(Work.of(3), Work.of(3).min(Work.of(5)));
    assertEquals(Work.of(1), Work.ONE);
    assertEquals("12345", Work.of(12345).toString());
  }
}
