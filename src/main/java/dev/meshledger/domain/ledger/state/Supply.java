package dev.meshledger.domain.ledger.state;

/**
 * Total supply: the genesis allocations plus every block reward on the branch. Fees move value
 * from senders to producers; they never create it.
 */
public record Supply(long allocated, long rewards) {
  /** @throws IllegalArgumentException if a part is negative or the total overflows */
  public Supply {
    if (allocated < 0 || rewards < 0) {
      throw new IllegalArgumentException("supply parts are never negative: " + allocated + ", " + rewards);
    }
    try {
      Math.addExact(allocated, rewards);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("total supply overflows: " + allocated + " + " + rewards, e);
    }
  }

  public long total() {
    return allocated + rewards;
  }

  /** The supply after a block that created {@code blockReward}. */
  public Supply after(long blockReward) {
    try {
      return new Supply(allocated, Math.addExact(rewards, blockReward));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("total rewards overflow", e);
    }
  }

  /** The supply before a block that created {@code blockReward}, for a reorg. */
  public Supply before(long blockReward) {
    return new Supply(allocated, rewards - blockReward);
  }
}
