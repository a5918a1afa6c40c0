package dev.meshledger.domain.pow;

import java.math.BigInteger;

/**
 * Work: the expected number of hashes to meet a target, {@code 2^256 / (target + 1)} (Bitcoin's
 * {@code GetBlockProof}). A chain's work is the sum over its blocks; fork choice follows the most
 * work, not the most blocks, because with retargeting a longer chain can be easier.
 *
 * @param value non-negative; exceeds any long once targets retarget freely
 */
public record Work(BigInteger value) implements Comparable<Work> {
  public static final Work ZERO = new Work(BigInteger.ZERO);
  private static final BigInteger TWO_TO_256 = BigInteger.ONE.shiftLeft(CompactBits.TARGET_BITS);

  public Work {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("work is never negative: " + value);
    }
  }

  /** The work of a block whose hash must be at most {@code target} (an unsigned 256-bit value). */
  public static Work ofTarget(BigInteger target) {
    CompactBits.requireTarget(target);
    return new Work(TWO_TO_256.divide(target.add(BigInteger.ONE)));
  }

  /** As {@code GetBlockProof}: bits that are negative, overflow or zero count for no work. */
  public static Work ofBits(int bits) {
    return CompactBits.target(bits).filter(t -> t.signum() > 0).map(Work::ofTarget).orElse(ZERO);
  }

  /** One block's worth under BFT, where blocks carry no proof of work: chain work counts blocks. */
  public static final Work ONE = new Work(BigInteger.ONE);
  /** Bytes of the largest work stored or sent: 2^320, far beyond any chain of 2^256-hash blocks. */
  public static final int MAX_BYTES = 40;

  /** A small amount of work (tests, BFT heights). */
  public static Work of(long value) {
    return new Work(BigInteger.valueOf(value));
  }

  /** The value as unsigned big-endian bytes, at least one: how storage and the wire carry it. */
  public byte[] toBytes() {
    byte[] b = value.toByteArray();
    // toByteArray adds a sign byte when the top bit is set; work is never negative, so drop it
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  /** Reads {@link #toBytes}; refuses more than {@link #MAX_BYTES}. */
  public static Work fromBytes(byte[] bytes) {
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("work is 1.." + MAX_BYTES + " bytes, got " + bytes.length);
    }
    return new Work(new BigInteger(1, bytes));
  }

  /** The chain work of a child: its parent's chain work plus its own. */
  public Work plus(Work block) {
    return new Work(value.add(block.value));
  }

  public Work max(Work other) {
    return compareTo(other) >= 0 ? this : other;
  }

  public Work min(Work other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /** Whether a chain with this work should replace one with {@code tip}: ties keep the first seen. */
  public boolean beats(Work tip) {
    return compareTo(tip) > 0;
  }

  @Override
  public String toString() {
    return value.toString();
  }

  @Override
  public int compareTo(Work other) {
    return value.compareTo(other.value);
  }
}
