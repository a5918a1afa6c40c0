package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.stake.StakeState;

/**
 * A valid proof-of-stake block's effect: on the accounts as for any block, and the stake state after it.
 *
 * @param released the tokens unbonding paid back to accounts by this block
 */
public record Staked(BlockEffects effects, StakeState stake, long released) implements BlockOutcome {}
