package dev.meshledger.consensus.pow;

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

  /** The chain work of a child: its parent's chain work plus its own. */
  public Work plus(Work block) {
    return new Work(value.add(block.value));
  }

  /** Whether a chain with this work should replace one with {@code tip}: ties keep the first seen. */
  public boolean beats(Work tip) {
    return compareTo(tip) > 0;
  }

  @Override
  public int compareTo(Work other) {
    return value.compareTo(other.value);
  }
}
