package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Algorithm 1 of "The latest gossip on BFT consensus" (Buchman, Kwon, Milosevic; arXiv 1807.04938) for one
 * process, as a deterministic step: {@link #handle} takes an event and returns the actions, and nothing
 * else happens (no clock, no I/O), so each upon-rule is a table row in a test. Line numbers below are the
 * paper's. A process that is not in the validator set observes: it decides but never proposes or votes.
 *
 * <p>As CometBFT: every process (the proposer too) schedules the propose timeout (line 21); the commit rule
 * (line 49) needs +2/3 precommits for a hash and the caller's verdict on the block, not the proposal itself.
 */
public final class TendermintCore {
  private final String self;
  private final TimeoutConfig timeouts;
  private SignerState signer;
  private long height;
  private int round;
  private Step step = Step.PROPOSE;
  private Optional<Hash> lockedValue = Optional.empty();
  private int lockedRound = -1;
  private Optional<Hash> validValue = Optional.empty();
  private int validRound = -1;
  private Optional<Hash> decision = Optional.empty();
  private HeightMessages msgs;
  private final Set<Integer> prevoteTimeouts = new HashSet<>();
  private final Set<Integer> precommitTimeouts = new HashSet<>();
  private final Set<Integer> polkaRounds = new HashSet<>();
  private final AheadTracker ahead = new AheadTracker();
  private List<Action> out = new ArrayList<>();

  /** {@code self} is null for an observer; {@code signer} the guard as last persisted (it refuses what was signed). */
  public TendermintCore(String self, TimeoutConfig timeouts, SignerState signer) {
    this.self = self;
    this.timeouts = timeouts;
    this.signer = signer;
  }

  public RoundState state() {
    return new RoundState(height, round, step, lockedValue, lockedRound, validValue, validRound, decision);
  }

  public SignerState signer() { // the guard as it is now
    return signer;
  }

  /** One step of the state machine; events before the first {@link Event.Start} are ignored. */
  public List<Action> handle(Event e) {
    out = new ArrayList<>();
    if (e instanceof Event.Start s) {
      start(s.height(), s.validators());
    } else if (msgs == null) {
      return List.of();
    } else if (e instanceof Event.ProposalReceived p) {
      onProposal(p.proposal());
    } else if (e instanceof Event.VoteReceived v) {
      onVote(v.vote());
    } else if (e instanceof Event.Timeout t) {
      onTimeout(t);
    } else if (e instanceof Event.ProposalBlockValidity v) {
      msgs.setValidity(v.block(), v.valid());
    } else if (e instanceof Event.BlockBuilt b) {
      onBlockBuilt(b);
    }
    while (msgs != null && step != Step.COMMIT && applyOneRule()) {
      // each rule fires at most once per enabling condition, so this ends
    }
    return List.copyOf(out);
  }

  private void start(long h, ValidatorSet validators) {
    if (h <= height) {
      return;
    }
    height = h;
    msgs = new HeightMessages(h, validators);
    // line 53: reset locked and valid value and round
    lockedValue = Optional.empty();
    lockedRound = -1;
    validValue = Optional.empty();
    validRound = -1;
    decision = Optional.empty();
    prevoteTimeouts.clear();
    precommitTimeouts.clear();
    polkaRounds.clear();
    // restarted mid-height: back to the last signed round, and that vote again (same bytes; others may wait on it)
    SignerState last = signer;
    boolean resume = last.height() == h && last.step() != SignerState.Step.NONE;
    startRound(resume ? last.round() : 0);
    if (resume && last.step() == SignerState.Step.PREVOTE) {
      prevote(last.block());
    } else if (resume && last.step() == SignerState.Step.PRECOMMIT) {
      precommit(last.block());
    }
  }

  private void startRound(int r) { // lines 11-21
    round = r;
    step = Step.PROPOSE;
    if (isValidator() && msgs.proposer(r).equals(self)) {
      if (validValue.isPresent()) {
        propose(validValue.get(), validRound); // lines 15-16
      } else {
        out.add(new Action.ProposeBlock(height, r)); // line 18, answered by BlockBuilt
      }
    }
    schedule(TimeoutKind.PROPOSE, r);
  }

  private void onBlockBuilt(Event.BlockBuilt b) {
    if (b.height() == height && b.round() == round && step == Step.PROPOSE && isValidator()
        && msgs.proposer(round).equals(self) && msgs.proposal(round).isEmpty()) {
      propose(b.block(), -1);
    }
  }

  private void propose(Hash block, int polRound) { // line 19: the proposer's own block is valid to it
    SignerState.Verdict verdict = signer.mayVote(height, round, SignerState.Step.PROPOSE, Optional.of(block));
    if (verdict == SignerState.Verdict.SIGN || verdict == SignerState.Verdict.SAME) {
      Proposal p = new Proposal(height, round, block, polRound, self);
      signer = SignerState.after(height, round, SignerState.Step.PROPOSE, Optional.of(block));
      msgs.setValidity(block, true);
      msgs.addProposal(p);
      out.add(new Action.BroadcastProposal(p, signer));
    }
  }

  private void onProposal(Proposal p) {
    if (p.height() > height) {
      noteAhead(p.proposer(), p.height());
    } else if (p.height() == height) {
      msgs.addProposal(p).ifPresent(first -> out.add(new Action.ReportConflictingProposal(first, p)));
    }
  }

  private void onVote(Vote v) {
    if (v.height() > height) {
      noteAhead(v.validator(), v.height());
    } else if (v.height() == height) {
      msgs.addVote(v).evidence().ifPresent(ev -> out.add(new Action.ReportEquivocation(ev)));
    }
  }

  private void noteAhead(String validator, long at) {
    ahead.note(msgs.validators(), validator, at).ifPresent(h -> out.add(new Action.CatchUp(h)));
  }

  /** Lines 57-67: a timeout acts only in the height, round (and step) it was set for. */
  private void onTimeout(Event.Timeout t) {
    if (t.height() != height || t.round() != round || step == Step.COMMIT) {
      return;
    }
    if (t.kind() == TimeoutKind.PROPOSE && step == Step.PROPOSE) {
      prevote(Optional.empty()); // lines 58-60
    } else if (t.kind() == TimeoutKind.PREVOTE && step == Step.PREVOTE) {
      precommit(Optional.empty()); // lines 62-64
    } else if (t.kind() == TimeoutKind.PRECOMMIT) {
      startRound(round + 1); // lines 66-67
    }
  }

  /** The upon-rules, first enabled one wins; the caller loops until none is. */
  private boolean applyOneRule() {
    return commit() || skipRound() || prevoteOnProposal() || lockOnPolka() || precommitNilOnNilPolka()
        || timeoutOnAnyPolka() || timeoutOnAnyPrecommits();
  }

  /** Lines 49-54: +2/3 precommits for a valid block in any round decide it (the caller then starts h+1). */
  private boolean commit() {
    for (int r : msgs.precommitRounds()) {
      VoteSet pcs = msgs.votes(VoteType.PRECOMMIT, r);
      Optional<Hash> block = pcs.twoThirdsMajority().flatMap(b -> b);
      if (block.isPresent() && msgs.validity(block.get()).orElse(false)) {
        decision = block;
        step = Step.COMMIT;
        out.add(new Action.Decide(height, block.get(), pcs.votesFor(block)));
        return true;
      }
    }
    return false;
  }

  /** Lines 55-56: f+1 of the power in a higher round means a correct process is there: go. */
  private boolean skipRound() {
    Optional<Integer> higher = msgs.highestRoundWithOneThirdAbove(round);
    higher.ifPresent(this::startRound);
    return higher.isPresent();
  }

  /** Lines 22-33: prevote the round's proposal, or nil when it is invalid or conflicts with the lock. */
  private boolean prevoteOnProposal() {
    Optional<Proposal> p = msgs.proposal(round);
    if (step != Step.PROPOSE || p.isEmpty()) {
      return false;
    }
    Hash v = p.get().block();
    int vr = p.get().polRound();
    Optional<Boolean> valid = msgs.validity(v);
    boolean lockAllows;
    if (vr == -1) {
      lockAllows = lockedRound == -1 || lockedValue.equals(Optional.of(v)); // line 23
    } else if (msgs.votes(VoteType.PREVOTE, vr).hasTwoThirdsFor(Optional.of(v))) {
      lockAllows = lockedRound <= vr || lockedValue.equals(Optional.of(v)); // line 29
    } else {
      return false;
    }
    if (valid.isEmpty()) {
      return false;
    }
    prevote(valid.get() && lockAllows ? Optional.of(v) : Optional.empty());
    return true;
  }

  /** Lines 36-43: a polka for the valid proposal locks (in prevote step) and always updates the valid value. */
  private boolean lockOnPolka() {
    Optional<Proposal> p = msgs.proposal(round);
    if (p.isEmpty() || step == Step.PROPOSE || polkaRounds.contains(round)) {
      return false;
    }
    Optional<Hash> v = Optional.of(p.get().block());
    if (!msgs.validity(v.get()).orElse(false) || !msgs.votes(VoteType.PREVOTE, round).hasTwoThirdsFor(v)) {
      return false;
    }
    polkaRounds.add(round);
    if (step == Step.PREVOTE) {
      lockedValue = v;
      lockedRound = round;
      precommit(v);
    }
    validValue = v;
    validRound = round;
    return true;
  }

  private boolean precommitNilOnNilPolka() { // lines 44-46
    if (step == Step.PREVOTE && msgs.votes(VoteType.PREVOTE, round).hasTwoThirdsFor(Optional.empty())) {
      precommit(Optional.empty());
      return true;
    }
    return false;
  }

  private boolean timeoutOnAnyPolka() { // lines 34-35
    if (step == Step.PREVOTE && msgs.votes(VoteType.PREVOTE, round).hasTwoThirdsAny()
        && prevoteTimeouts.add(round)) {
      schedule(TimeoutKind.PREVOTE, round);
      return true;
    }
    return false;
  }

  private boolean timeoutOnAnyPrecommits() { // lines 47-48
    if (msgs.votes(VoteType.PRECOMMIT, round).hasTwoThirdsAny() && precommitTimeouts.add(round)) {
      schedule(TimeoutKind.PRECOMMIT, round);
      return true;
    }
    return false;
  }

  private void prevote(Optional<Hash> v) {
    step = Step.PREVOTE;
    vote(VoteType.PREVOTE, v);
  }

  private void precommit(Optional<Hash> v) {
    step = Step.PRECOMMIT;
    vote(VoteType.PRECOMMIT, v);
  }

  /** Asks the guard first. A refused vote is not sent, but its step still ends by timeout: a validator whose
   * guard is ahead reaches a round it may sign in when no one else moves it on (timeouts never sign). */
  private void vote(VoteType type, Optional<Hash> v) {
    if (!isValidator()) {
      return;
    }
    SignerState.Verdict verdict = signer.mayVote(height, round, type.signStep(), v);
    if (verdict == SignerState.Verdict.SIGN || verdict == SignerState.Verdict.SAME) {
      signer = SignerState.after(height, round, type.signStep(), v);
      Vote vote = Vote.unsigned(type, height, round, v, self);
      msgs.addVote(vote);
      out.add(new Action.BroadcastVote(vote, signer));
    } else if ((type == VoteType.PREVOTE ? prevoteTimeouts : precommitTimeouts).add(round)) {
      schedule(type == VoteType.PREVOTE ? TimeoutKind.PREVOTE : TimeoutKind.PRECOMMIT, round);
    }
  }

  private void schedule(TimeoutKind kind, int r) {
    out.add(new Action.ScheduleTimeout(kind, height, r, timeouts.delayMs(kind, r)));
  }

  private boolean isValidator() {
    return msgs.validators().contains(self);
  }
}
