package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.util.List;

/** What the core asks the reactor to do, in order. */
public sealed interface Action {
  /** Persist {@code signer}, then sign the proposal and broadcast it. */
  record BroadcastProposal(Proposal proposal, SignerState signer) implements Action {}

  /** Persist {@code signer}, then sign the vote and broadcast it (the core already counted it). */
  record BroadcastVote(Vote vote, SignerState signer) implements Action {}

  /** Deliver {@link Event.Timeout} of the same kind, height and round after {@code delayMs}. */
  record ScheduleTimeout(TimeoutKind kind, long height, int round, long delayMs) implements Action {}

  /** {@code block} is decided at {@code height}; {@code commit} is the +2/3 precommits that prove it. */
  record Decide(long height, Hash block, List<Vote> commit) implements Action {}

  /** This validator proposes this round and has no valid value: build a block, answer {@link Event.BlockBuilt}. */
  record ProposeBlock(long height, int round) implements Action {}

  /** A validator signed two different votes for one slot. */
  record ReportEquivocation(VoteSet.Evidence evidence) implements Action {}

  /** The proposer of a round signed two different proposals; only the first is acted on. */
  record ReportConflictingProposal(Proposal first, Proposal second) implements Action {}

  /**
   * Validators with more than 1/3 of the power (so at least one correct one) are at {@code height} or
   * above: the blocks below it are decided. Fetch them by block sync, then {@link Event.Start} {@code height}.
   */
  record CatchUp(long height) implements Action {}
}
