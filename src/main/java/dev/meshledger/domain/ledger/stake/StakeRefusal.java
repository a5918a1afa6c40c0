package dev.meshledger.domain.ledger.stake;

/** Why a stake or unstake transaction cannot be applied. */
public enum StakeRefusal {
  /** Staking or unstaking nothing, or too little to buy one share. */
  AMOUNT_TOO_SMALL,
  /** The validator was proven to double-sign: its pool takes no new stake. */
  TOMBSTONED,
  /** The owner holds less stake with that validator than it tries to unstake. */
  INSUFFICIENT_STAKE,
  /** The owner already has {@code maxUnbonding} entries open with that validator. */
  TOO_MANY_UNBONDING,
  /** A pool's tokens would pass {@link Long#MAX_VALUE}. */
  OVERFLOW
}
