package dev.meshledger.domain.ledger.state;

/** What {@link StateTransition#apply} gives: the block's effects, or why it is refused. */
public sealed interface BlockOutcome permits BlockEffects, Rejection, Staked {}
