package dev.meshledger.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HashTest {
  private static final String HEX = "00ff0123456789abcdef00000000000000000000000000000000000000000001";

  @Test
  void hexRoundTrips() {
    Hash h = Hash.fromHex(HEX);
    assertEquals(HEX, h.toHex());
    assertEquals(h, Hash.fromHex(HEX.toUpperCase()));
    assertEquals(h, Hash.wrap(h.toBytes()));
    assertEquals(HEX.substring(0, 12), h.shortHex());
  }

  @Test
  void wrongLengthsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex(HEX.substring(2)));
    assertThrows(IllegalArgumentException.class, () -> Hash.fromHex(HEX + "00"));
    assertThrows(IllegalArgumentException.class, () -> Hash.wrap(new byte[31]));
  }

  @Test
  void isHexAcceptsOnly64HexDigits() {
    assertTrue(Hash.isHex(HEX));
    assertFalse(Hash.isHex(HEX.substring(1)));
    assertFalse(Hash.isHex(HEX.substring(1) + "g"));
    assertFalse(Hash.isHex(null));
  }

  @Test
  void aHashNeverChangesThroughItsBytes() {
    byte[] bytes = new byte[32];
    Hash h = Hash.wrap(bytes);
    bytes[0] = 1;
    h.toBytes()[1] = 1;
    assertEquals(Hash.ZERO, h);
  }

  @Test
  void leadingZeroBits() {
    assertEquals(256, Hash.ZERO.leadingZeroBits());
    assertEquals(0, hashStarting(0x80).leadingZeroBits());
    assertEquals(7, hashStarting(0x01).leadingZeroBits());
    assertEquals(8, hashStarting(0x00, 0xff).leadingZeroBits());
    assertEquals(20, hashStarting(0x00, 0x00, 0x0f).leadingZeroBits());
    assertEquals(255, Hash.fromHex("00".repeat(31) + "01").leadingZeroBits());
  }

  @Test
  void equalityAndOrderFollowTheBytes() {
    assertEquals(Hash.fromHex(HEX), Hash.fromHex(HEX));
    assertEquals(Hash.fromHex(HEX).hashCode(), Hash.fromHex(HEX).hashCode());
    assertNotEquals(Hash.ZERO, Hash.fromHex(HEX));
    assertTrue(hashStarting(0x80).compareTo(hashStarting(0x7f)) > 0, "compared unsigned");
  }

  private static Hash hashStarting(int... first) {
    byte[] b = new byte[32];
    for (int i = 0; i < first.length; i++) {
      b[i] = (byte) first[i];
    }
    return Hash.wrap(b);
  }
}
