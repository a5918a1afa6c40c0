package dev.meshledger.domain.ledger.stake;

/**
 * A proof-of-stake network's staking rules, from its chain spec.
 *
 * @param unbondingBlocks how long unstaked tokens stay slashable before they are paid back
 * @param epochBlocks the validator set is elected from the stake at every multiple of this height
 * @param maxValidators how many of the largest pools the set holds
 * @param minStake the least a pool must hold to be elected
 * @param slashPermille the share of a double signer's stake burnt, in thousandths
 * @param maxUnbonding how many unbonding entries one owner may have open with one validator
 */
public record StakeParams(long unbondingBlocks, long epochBlocks, int maxValidators, long minStake,
    int slashPermille, int maxUnbonding) {
  /** Cosmos Hub's defaults, scaled to one-second blocks: ~1 day unbonding, 5% for a double sign. */
  public static final StakeParams DEFAULTS = new StakeParams(86_400, 100, 100, 1, 50, 7);

  public StakeParams {
    if (unbondingBlocks < 0) {
      throw new IllegalArgumentException("unbondingBlocks must not be negative");
    }
    if (epochBlocks < 1) {
      throw new IllegalArgumentException("epochBlocks must be at least 1");
    }
    if (maxValidators < 1) {
      throw new IllegalArgumentException("maxValidators must be at least 1");
    }
    if (minStake < 1) {
      throw new IllegalArgumentException("minStake must be at least 1");
    }
    if (slashPermille < 0 || slashPermille > 1000) {
      throw new IllegalArgumentException("slashPermille must be 0..1000");
    }
    if (maxUnbonding < 1) {
      throw new IllegalArgumentException("maxUnbonding must be at least 1");
    }
  }

  /** Whether the stake after block {@code height} elects a new set (which votes from height + 2). */
  public boolean endsEpoch(long height) {
    return height > 0 && height % epochBlocks == 0;
  }
}
