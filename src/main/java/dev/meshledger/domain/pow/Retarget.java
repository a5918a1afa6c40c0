package dev.meshledger.domain.pow;

/**
 * How a proof-of-work chain retargets: ASERT toward {@code targetBlockMillis}, or not at all.
 *
 * @param targetBlockMillis the wanted mean time between blocks; 0 = fixed difficulty
 * @param halfLifeBlocks how many blocks' worth of time ahead of (behind) schedule halves (doubles)
 *     the target; 0 when fixed
 */
public record Retarget(long targetBlockMillis, long halfLifeBlocks) {
  /** Difficulty stays at the initial target: the chain specs that predate retargeting. */
  public static final Retarget FIXED = new Retarget(0, 0);

  public Retarget {
    if (targetBlockMillis < 0 || halfLifeBlocks < 0 || (targetBlockMillis == 0) != (halfLifeBlocks == 0)) {
      throw new IllegalArgumentException("targetBlockMillis and halfLifeBlocks are both positive, or both 0 (fixed)");
    }
    Math.multiplyExact(targetBlockMillis, halfLifeBlocks); // the half-life in ms must fit a long
  }

  public boolean isFixed() {
    return targetBlockMillis == 0;
  }

  /** The half-life in milliseconds, as ASERT takes it. */
  public long halfLifeMillis() {
    return targetBlockMillis * halfLifeBlocks;
  }
}
