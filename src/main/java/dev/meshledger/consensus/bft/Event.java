package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;

/** What the reactor feeds the core: messages already checked at the edge (signatures), timeouts it set. */
public sealed interface Event {
  /** Begin {@code height} with its validator set (the chain's rule decides the set); later heights only. */
  record Start(long height, ValidatorSet validators) implements Event {}

  record ProposalReceived(Proposal proposal) implements Event {}

  record VoteReceived(Vote vote) implements Event {}

  /** A timeout the core asked for has fired. */
  record Timeout(TimeoutKind kind, long height, int round) implements Event {}

  /** The caller validated the block behind a hash (Algorithm 1's valid(v)). */
  record ProposalBlockValidity(Hash block, boolean valid) implements Event {}

  /** The block asked for by {@link Action.ProposeBlock} (Algorithm 1's getValue()). */
  record BlockBuilt(long height, int round, Hash block) implements Event {}
}
