package dev.meshledger.mempool;

/**
 * A fee per byte, kept as a fraction and compared exactly: cross products of a 63-bit fee and a
 * 31-bit size fit in 128 bits, so no rounding ever decides which transfer is evicted.
 */
public record FeeRate(long fee, int sizeBytes) implements Comparable<FeeRate> {

  public FeeRate {
    if (fee < 0 || sizeBytes <= 0) {
      throw new IllegalArgumentException("a fee rate needs fee >= 0 and size > 0");
    }
  }

  @Override
  public int compareTo(FeeRate o) {
    return compareProducts(fee, o.sizeBytes, o.fee, sizeBytes);
  }

  /** The smallest fee for {@code size} bytes whose rate is strictly above this one. */
  public long feeAbove(int size) {
    // floor(fee * size / sizeBytes) + 1, in 128 bits; saturates at Long.MAX_VALUE
    java.math.BigInteger f = java.math.BigInteger.valueOf(fee).multiply(java.math.BigInteger.valueOf(size))
        .divide(java.math.BigInteger.valueOf(sizeBytes)).add(java.math.BigInteger.ONE);
    return f.bitLength() < Long.SIZE ? f.longValue() : Long.MAX_VALUE;
  }

  /** Compares a*b with c*d for non-negative a, b, c, d without overflow. */
  static int compareProducts(long a, long b, long c, long d) {
    long high = Math.multiplyHigh(a, b);
    long otherHigh = Math.multiplyHigh(c, d);
    if (high != otherHigh) {
      return Long.compare(high, otherHigh);
    }
    return Long.compareUnsigned(a * b, c * d);
  }
}
