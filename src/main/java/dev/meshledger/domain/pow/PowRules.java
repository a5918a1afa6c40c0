package dev.meshledger.domain.pow;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The proof-of-work rules of one chain: which compact target ("bits") a block must carry, given
 * its parent, and whether its hash meets it.
 *
 * <p>The initial target is the largest whose hashes have {@code difficultyBits} leading zero bits
 * (rounded down to the compact form), and it is also the easiest target ever allowed (Bitcoin's
 * proof-of-work limit). Retargeting is absolute ASERT ({@link Asert}) from one anchor: the first
 * block after genesis, which carries the initial target. Genesis has no real timestamp, so the
 * anchor's parent time (what aserti3-2d measures from) is taken as the anchor's own minus one
 * target block time: a chain exactly on schedule stays at the initial target.
 */
public final class PowRules {
  private final int initialBits;
  private final BigInteger maxTarget;
  private final Retarget retarget;
  private final Asert asert;

  public PowRules(int difficultyBits, Retarget retarget) {
    this.initialBits = CompactBits.encode(leadingZeroTarget(difficultyBits));
    this.maxTarget = CompactBits.decode(initialBits);
    this.retarget = retarget;
    this.asert = retarget.isFixed() ? null : new Asert(retarget.targetBlockMillis(), retarget.halfLifeMillis(), maxTarget);
  }

  /** The largest target all of whose hashes have {@code zeroBits} leading zero bits: 2^(256-zeroBits) - 1. */
  public static BigInteger leadingZeroTarget(int zeroBits) {
    if (zeroBits < 0 || zeroBits >= CompactBits.TARGET_BITS) {
      throw new IllegalArgumentException("leading zero bits must be 0..255, got " + zeroBits);
    }
    return BigInteger.ONE.shiftLeft(CompactBits.TARGET_BITS - zeroBits).subtract(BigInteger.ONE);
  }

  /** Whether the target moves (ASERT) rather than staying at the initial one. */
  public boolean retargets() {
    return asert != null;
  }

  /** The bits of the initial (and easiest) target. */
  public int initialBits() {
    return initialBits;
  }

  public BigInteger maxTarget() {
    return maxTarget;
  }

  /**
   * The bits the child of {@code parent} must carry. Timestamps are bounded by the rules (above the
   * median time past, at most the future limit ahead), so the ASERT exponent fits 64 bits for any
   * block a node would accept; an absurd ancestry gets the easiest target rather than an error.
   */
  public int requiredBits(Ancestry parent) {
    if (asert == null || parent.height() == 0) {
      return initialBits;
    }
    long timeDelta = parent.timestamp() - parent.anchorTime() + retarget.targetBlockMillis();
    try {
      return CompactBits.encode(asert.nextTarget(maxTarget, timeDelta, parent.height() - 1));
    } catch (ArithmeticException overflow) {
      return initialBits;
    }
  }

  /** The target {@code bits} stand for, if it is one a block may carry: in [1, the initial target]. */
  public Optional<BigInteger> target(int bits) {
    return CompactBits.target(bits).filter(t -> t.signum() > 0 && t.compareTo(maxTarget) <= 0);
  }

  /**
   * The leading zero bits every hash meeting {@code bits} has (256 minus the target's length):
   * the difficulty as people read it; 0 for bits that are no target (BFT's 0).
   */
  public static int zeroBitsOf(int bits) {
    return CompactBits.target(bits).filter(t -> t.signum() > 0)
        .map(t -> CompactBits.TARGET_BITS - t.bitLength()).orElse(0);
  }

  /** Whether a hash (32 bytes, big-endian) read as an unsigned number is at most {@code target}. */
  public static boolean meets(byte[] hash, BigInteger target) {
    return new BigInteger(1, hash).compareTo(target) <= 0;
  }
}
