package dev.meshledger.domain;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte SHA-256 value: a block id, a parent link, a data digest. Immutable. */
public final class Hash implements Comparable<Hash> {
  public static final int SIZE = 32;
  public static final Hash ZERO = new Hash(new byte[SIZE]);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hashCode;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  public static Hash wrap(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash has " + SIZE + " bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  public static Hash fromHex(String hex) {
    if (hex == null || hex.length() != 2 * SIZE) {
      throw new IllegalArgumentException("a hash is " + 2 * SIZE + " hex digits");
    }
    return new Hash(HEX.parseHex(hex));
  }

  public static boolean isHex(String s) {
    if (s == null || s.length() != 2 * SIZE) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The bytes, copied: a Hash never changes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  public void writeTo(java.nio.ByteBuffer b) {
    b.put(bytes);
  }

  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, SIZE);
  }

  /** Leading zero bits, the proof-of-work measure. */
  public int leadingZeroBits() {
    for (int i = 0; i < SIZE; i++) {
      if (bytes[i] != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(bytes[i] & 0xff) - 24;
      }
    }
    return SIZE * 8;
  }

  public String toHex() {
    return HEX.formatHex(bytes);
  }

  public String shortHex() {
    return toHex().substring(0, 12);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public int compareTo(Hash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
