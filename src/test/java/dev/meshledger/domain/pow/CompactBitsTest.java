package dev.meshledger.domain.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of Bitcoin's arith_uint256 tests for SetCompact / GetCompact, and our edges. */
class CompactBitsTest {

  @ParameterizedTest(name = "0x{0} -> 0x{1} -> 0x{2}")
  @CsvSource({
      // bits,    target (hex),      canonical bits
      "00000000, 0,                  00000000",
      "00123456, 0,                  00000000",
      "01003456, 0,                  00000000",
      "02000056, 0,                  00000000",
      "03000000, 0,                  00000000",
      "04000000, 0,                  00000000",
      "00923456, 0,                  00000000",
      "01803456, 0,                  00000000",
      "02800056, 0,                  00000000",
      "03800000, 0,                  00000000",
      "04800000, 0,                  00000000",
      "01123456, 12,                 01120000",
      "02123456, 1234,               02123400",
      "03123456, 123456,             03123456",
      "04123456, 12345600,           04123456",
      "05009234, 92340000,           05009234",
      "1d00ffff, ffff0000000000000000000000000000000000000000000000000000, 1d00ffff",
      "20123456, 1234560000000000000000000000000000000000000000000000000000000000, 20123456",
      // the largest mantissa that still fits 256 bits at size 33 and 34
      "2100ffff, ffff000000000000000000000000000000000000000000000000000000000000, 2100ffff",
      "220000ff, ff00000000000000000000000000000000000000000000000000000000000000, 2100ff00",
  })
  void decodesAndReencodesAsBitcoin(String bits, String target, String canonical) {
    BigInteger t = new BigInteger(target, 16);
    assertEquals(t, CompactBits.decode(Integer.parseUnsignedInt(bits, 16)));
    assertEquals(canonical, String.format("%08x", CompactBits.encode(t)));
  }

  @ParameterizedTest(name = "0x{0} is refused")
  @CsvSource({
      "01fedcba", // negative: the sign bit with a non-zero mantissa
      "04923456", // negative
      "ff123456", // overflow
      "22000100", // 0x0100 << 248 = 2^256
      "21010000", // 0x010000 << 240 = 2^256
      "23000001", // size 35
  })
  void negativeOrOverflowingBitsAreRefused(String bits) {
    int b = Integer.parseUnsignedInt(bits, 16);
    assertEquals(Optional.empty(), CompactBits.target(b));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompactBits.decode(b));
    assertTrue(e.getMessage().contains("0x" + bits), e.getMessage());
  }

  @Test
  void aTargetOfExactly256BitsIsAccepted() {
    BigInteger target = CompactBits.decode(0x2100ff00);
    assertEquals(256, target.bitLength());
    assertEquals(Optional.of(target), CompactBits.target(0x2100ff00));
  }

  /** A mantissa whose top bit would read as a sign moves down a byte (GetCompact). */
  @ParameterizedTest(name = "0x{0} -> 0x{1}")
  @CsvSource({
      "80,       02008000",
      "ff,       0200ff00",
      "8000,     03008000",
      "800000,   04008000",
      "7fffff,   037fffff",
      "12345678, 04123456",
      "1,        01010000",
  })
  void encodingRoundsDownAndAvoidsTheSignBit(String target, String bits) {
    assertEquals(bits, String.format("%08x", CompactBits.encode(new BigInteger(target, 16))));
  }

  @Test
  void encodingRefusesWhatIsNoTarget() {
    assertThrows(IllegalArgumentException.class, () -> CompactBits.encode(BigInteger.ONE.negate()));
    assertThrows(IllegalArgumentException.class, () -> CompactBits.encode(BigInteger.ONE.shiftLeft(256)));
    assertEquals(0x2100ffff, CompactBits.encode(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)));
  }
}
