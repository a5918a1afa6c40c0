package dev.meshledger.domain.pow;

import java.math.BigInteger;

/**
 * The aserti3-2d difficulty algorithm (Bitcoin Cash, spec/2020-11-15-asert.md, "Target
 * computation"): {@code next = anchor * 2^((timeDelta - idealBlockTime * (heightDelta + 1)) /
 * halfLife)}, computed in integers only so that every node rounds the same way (spec, rationale
 * 2): the exponent in 16.16 fixed point, 2^fraction by the spec's cubic, the integer part as a
 * shift. The target is absolutely scheduled from one anchor block, so rounding never accumulates.
 *
 * <p>Times are in any one unit (the spec's vectors use seconds) shared by {@code timeDelta},
 * {@code idealBlockTime} and {@code halfLife}.
 *
 * @param idealBlockTime the wanted mean time between blocks (600 s on Bitcoin Cash)
 * @param halfLife the lateness, in time, that doubles the target (172 800 s, two days)
 * @param maxTarget the easiest target allowed, at most 256 bits
 */
public record Asert(long idealBlockTime, long halfLife, BigInteger maxTarget) {
  /** The spec's mainnet constants: 600 s, two days, and the limit {@code 0x1d00ffff}. */
  public static final Asert BITCOIN_CASH =
      new Asert(600, 172_800, CompactBits.decode(0x1d00_ffff));

  /** 16 fractional bits: finer than the 15-bit worst case of an nBits mantissa (rationale 6). */
  private static final int RADIX_BITS = 16;
  private static final long RADIX = 1L << RADIX_BITS;
  /**
   * The spec's cubic 2^x ~ 1 + 0.695502049x + 0.2262698x^2 + 0.0782318x^3 on [0, 1), scaled by
   * 2^48 (spec, "Target computation"); exact at 0 and 1, error below 0.013% (rationale 4).
   */
  private static final long C1 = 195_766_423_245_049L;
  private static final long C2 = 971_821_376L;
  private static final long C3 = 5_127L;
  /** Half of 2^48: the polynomial's {@code >> 48} rounds to nearest. */
  private static final long ROUND = 1L << 47;
  private static final int POLY_SHIFT = 48;

  public Asert {
    if (idealBlockTime <= 0 || halfLife <= 0) {
      throw new IllegalArgumentException("idealBlockTime and halfLife must be positive");
    }
    if (maxTarget.signum() <= 0) {
      throw new IllegalArgumentException("maxTarget must be positive");
    }
    CompactBits.requireTarget(maxTarget);
  }

  /**
   * The target of the block after the one at {@code heightDelta} above the anchor.
   *
   * @param anchorTarget the anchor block's target, in [1, maxTarget]
   * @param timeDelta the current block's timestamp minus that of the anchor's parent
   * @param heightDelta the current block's height minus the anchor's
   * @return the next target, clamped to [1, maxTarget]
   * @throws ArithmeticException when the exponent does not fit 64-bit arithmetic
   */
  public BigInteger nextTarget(BigInteger anchorTarget, long timeDelta, long heightDelta) {
    if (anchorTarget.signum() <= 0 || anchorTarget.compareTo(maxTarget) > 0) {
      throw new IllegalArgumentException("the anchor target must be in [1, maxTarget]");
    }
    long ahead = Math.subtractExact(timeDelta,
        Math.multiplyExact(idealBlockTime, Math.addExact(heightDelta, 1)));
    // Java's / truncates toward zero, as the spec requires (note 3)
    long exponent = Math.multiplyExact(ahead, RADIX) / halfLife;
    long shifts = exponent >> RADIX_BITS; // floor, also for negative exponents
    long frac = exponent & (RADIX - 1);
    // the sum exceeds Long.MAX_VALUE but stays below 2^64: read it unsigned (note 7)
    long poly = C1 * frac + C2 * frac * frac + C3 * frac * frac * frac + ROUND;
    long factor = RADIX + (poly >>> POLY_SHIFT);
    BigInteger scaled = anchorTarget.multiply(BigInteger.valueOf(factor));
    // shift by the integer part, then drop the 16 fractional bits; a negative count shifts
    // right (floor). Past 256 bits the result is above maxTarget anyway (note 6).
    long net = Math.min(shifts - RADIX_BITS, CompactBits.TARGET_BITS);
    BigInteger next = scaled.shiftLeft((int) Math.max(net, -Integer.MAX_VALUE));
    // zero is no valid target but one is (the hardest)
    return next.max(BigInteger.ONE).min(maxTarget);
  }

  /** {@link #nextTarget} on compact bits, as the spec's function and vectors state it. */
  public int nextBits(int anchorBits, long timeDelta, long heightDelta) {
    return CompactBits.encode(nextTarget(CompactBits.decode(anchorBits), timeDelta, heightDelta));
  }
}
