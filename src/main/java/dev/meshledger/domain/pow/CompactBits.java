package dev.meshledger.domain.pow;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Bitcoin's compact "nBits" form of a 256-bit target ({@code arith_uint256::SetCompact} and
 * {@code GetCompact}): one exponent byte (the length in bytes) and a 23-bit mantissa with a sign
 * bit. aserti3-2d reads and writes targets in this form (spec, "Target computation"), so its
 * vectors only match if the rounding here is Bitcoin's, byte for byte.
 */
public final class CompactBits {
  /** Bit 23 of the mantissa is a sign in Bitcoin's encoding; a target is never negative. */
  private static final int SIGN_BIT = 0x0080_0000;
  private static final int MANTISSA = 0x007f_ffff;
  /** Targets are 256-bit unsigned integers, as hashes are. */
  static final int TARGET_BITS = 256;

  private CompactBits() {}

  /**
   * The target that {@code bits} stands for, or empty when Bitcoin would flag it negative or
   * overflowing (a header carrying such bits is invalid). Mantissa bytes below the exponent's
   * reach are dropped, as {@code SetCompact} drops them.
   */
  public static Optional<BigInteger> target(int bits) {
    int size = bits >>> 24;
    // a negative shift count shifts right: sizes below 3 drop mantissa bytes
    BigInteger target = BigInteger.valueOf(bits & MANTISSA).shiftLeft(8 * (size - 3));
    // the sign counts only for what is left after the shift (0x01803456 is zero, not negative)
    boolean negative = target.signum() != 0 && (bits & SIGN_BIT) != 0;
    return negative || target.bitLength() > TARGET_BITS ? Optional.empty() : Optional.of(target);
  }

  /** The target of {@code bits}; throws when the bits are negative or overflow 256 bits. */
  public static BigInteger decode(int bits) {
    return target(bits).orElseThrow(() -> new IllegalArgumentException(
        String.format("bits 0x%08x are negative or overflow 256 bits", bits)));
  }

  /**
   * The compact form of {@code target}, rounding down to the 3 most significant bytes; when the
   * top mantissa bit would read as a sign, the mantissa moves down a byte (as {@code GetCompact}).
   */
  public static int encode(BigInteger target) {
    requireTarget(target);
    int size = (target.bitLength() + 7) / 8;
    // a negative shift count shifts left: small targets are padded up to 3 bytes
    int compact = target.shiftRight(8 * (size - 3)).intValue();
    if ((compact & SIGN_BIT) != 0) {
      compact >>>= 8;
      size++;
    }
    return compact | size << 24;
  }

  static void requireTarget(BigInteger target) {
    if (target.signum() < 0 || target.bitLength() > TARGET_BITS) {
      throw new IllegalArgumentException("a target is an unsigned 256-bit integer: " + target);
    }
  }
}
