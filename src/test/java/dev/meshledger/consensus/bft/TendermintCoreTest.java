package dev.meshledger.consensus.bft;

import static dev.meshledger.consensus.bft.Fixture.A;
import static dev.meshledger.consensus.bft.Fixture.B;
import static dev.meshledger.consensus.bft.Fixture.C;
import static dev.meshledger.consensus.bft.Fixture.D;
import static dev.meshledger.consensus.bft.Fixture.FOUR;
import static dev.meshledger.consensus.bft.Fixture.TIMEOUTS;
import static dev.meshledger.consensus.bft.Fixture.X;
import static dev.meshledger.consensus.bft.Fixture.Y;
import static dev.meshledger.consensus.bft.Fixture.precommit;
import static dev.meshledger.consensus.bft.Fixture.prevote;
import static dev.meshledger.consensus.bft.Fixture.proposal;
import static dev.meshledger.consensus.bft.Fixture.run;
import static dev.meshledger.consensus.bft.Fixture.timeout;
import static dev.meshledger.consensus.bft.Fixture.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Proposing (lines 11-21), heights, observers, and the signer guard across a restart. */
class TendermintCoreTest {
  @Test
  void theProposerAsksForABlockAndProposesIt() {
    TendermintCore a = new TendermintCore(A, TIMEOUTS, SignerState.INITIAL);
    // line 18 getValue(), and the propose timeout CometBFT sets for the proposer too
    assertEquals(List.of("PROPOSE_BLOCK r0", "T PROPOSE r0 3000"), run(a, List.of(new Event.Start(1, FOUR))));
    // line 19, then line 22 on its own proposal
    assertEquals(List.of("PROPOSAL r0 X vr-1", "PV r0 X"), run(a, List.of(new Event.BlockBuilt(1, 0, X))));
    assertEquals(SignerState.after(1, 0, SignerState.Step.PREVOTE, Optional.of(X)), a.signer());
  }

  @Test
  void aBlockBuiltTooLateOrForAnotherRoundIsNotProposed() {
    TendermintCore a = Fixture.started(A);
    assertEquals(List.of(), run(a, List.of(new Event.BlockBuilt(1, 1, X), new Event.BlockBuilt(2, 0, X))));
    assertEquals(List.of("PV r0 nil"), run(a, List.of(timeout(TimeoutKind.PROPOSE, 0))));
    assertEquals(List.of(), run(a, List.of(new Event.BlockBuilt(1, 0, X))));
  }

  @Test
  void aProposerWithAValidValueReproposesItWithItsPolRound() {
    // lines 15-16: b saw a polka for X in round 0 (valid value X@0), proposes X with vr 0 in round 1,
    // and prevotes it by line 28-30 (lockedRound 0 <= vr 0)
    TendermintCore b = Fixture.started(B);
    List<String> trace = run(b, List.of(proposal(0, X, -1), valid(X), prevote(A, 0, X), prevote(C, 0, X),
        timeout(TimeoutKind.PRECOMMIT, 0)));
    assertEquals(List.of("PV r0 X", "PC r0 X", "PROPOSAL r1 X vr0", "T PROPOSE r1 3500", "PV r1 X"), trace);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "b", "c", "d"})
  void onlyTheRoundsProposerProposes(String self) {
    String me = Fixture.id(self.charAt(0));
    TendermintCore core = new TendermintCore(me, TIMEOUTS, SignerState.INITIAL);
    List<Integer> proposedIn = new ArrayList<>();
    List<Event> events = new ArrayList<>(List.of(new Event.Start(1, FOUR)));
    for (int r = 0; r < 8; r++) {
      events.add(timeout(TimeoutKind.PROPOSE, r));
      events.add(timeout(TimeoutKind.PREVOTE, r));
      events.add(timeout(TimeoutKind.PRECOMMIT, r));
    }
    for (Event e : events) {
      for (Action a : core.handle(e)) {
        assertTrue(!(a instanceof Action.BroadcastProposal), "no block built, nothing to propose");
        if (a instanceof Action.ProposeBlock p) {
          proposedIn.add(p.round());
        }
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int r = 0; r <= 8; r++) {
      if (FOUR.proposer(r).equals(me)) {
        expected.add(r);
      }
    }
    assertEquals(expected, proposedIn);
    assertEquals(List.of(self.charAt(0) - 'a', self.charAt(0) - 'a' + 4, self.charAt(0) - 'a' + 8)
        .stream().filter(r -> r <= 8).toList(), proposedIn);
  }

  @Test
  void anObserverNeverVotesNorProposesButDecides() {
    TendermintCore observer = new TendermintCore(Fixture.id('e'), TIMEOUTS, SignerState.INITIAL);
    List<String> trace = run(observer, List.of(new Event.Start(1, FOUR), proposal(0, X, -1), valid(X),
        prevote(A, 0, X), prevote(B, 0, X), prevote(C, 0, X), timeout(TimeoutKind.PROPOSE, 0),
        precommit(A, 0, X), precommit(B, 0, X), precommit(C, 0, X)));
    // the commit rule (line 49) comes before the precommit timeout (line 47) once both hold
    assertEquals(List.of("T PROPOSE r0 3000", "DECIDE h1 X by abc"), trace);
    TendermintCore nobody = new TendermintCore(null, TIMEOUTS, SignerState.INITIAL);
    assertEquals(List.of("T PROPOSE r0 3000"), run(nobody, List.of(new Event.Start(1, FOUR),
        timeout(TimeoutKind.PROPOSE, 0))));
  }

  @Test
  void eventsBeforeStartAreIgnoredAndHeightsOnlyGoUp() {
    TendermintCore d = new TendermintCore(D, TIMEOUTS, SignerState.INITIAL);
    assertEquals(List.of(), run(d, List.of(proposal(0, X, -1), timeout(TimeoutKind.PROPOSE, 0))));
    assertEquals(0, d.state().height());
    run(d, List.of(new Event.Start(1, FOUR), proposal(0, X, -1), valid(X), prevote(A, 0, X), prevote(B, 0, X)));
    assertEquals(List.of(), run(d, List.of(new Event.Start(1, FOUR), new Event.Start(0, FOUR))));
    assertEquals(Optional.of(X), d.state().lockedValue());
    // line 53-54 (started by the caller after Decide): a new height resets lock and valid value
    ValidatorSet next = FOUR.incrementProposerPriority(3); // a, then b, c, d: d proposes
    assertEquals(List.of("PROPOSE_BLOCK r0", "T PROPOSE r0 3000"), run(d, List.of(new Event.Start(2, next))));
    assertEquals(new RoundState(2, 0, Step.PROPOSE, Optional.empty(), -1, Optional.empty(), -1, Optional.empty()),
        d.state());
  }

  @Test
  void eachHeightStartsItsOnceOnlyRulesAfresh() {
    // lines 34, 36 and 47 fire "for the first time" per round of a height: round 0 of height 2 again
    TendermintCore d = Fixture.started(D);
    List<String> h1 = run(d, List.of(proposal(0, X, -1), valid(X), prevote(A, 0, X), prevote(B, 0, null),
        prevote(C, 0, X), precommit(A, 0, null), precommit(B, 0, null)));
    assertEquals(List.of("PV r0 X", "T PREVOTE r0 1000", "PC r0 X", "T PRECOMMIT r0 1000"), h1);
    ValidatorSet two = FOUR.incrementProposerPriority(4); // a, b, c, d, a: a proposes round 0 again
    d.handle(new Event.Start(2, two));
    List<String> h2 = run(d, List.of(
        new Event.ProposalReceived(new Proposal(2, 0, Y, -1, A)), valid(Y),
        Fixture.vote(VoteType.PREVOTE, 2, A, 0, Y), Fixture.vote(VoteType.PREVOTE, 2, B, 0, null),
        Fixture.vote(VoteType.PREVOTE, 2, C, 0, Y), Fixture.vote(VoteType.PRECOMMIT, 2, A, 0, null),
        Fixture.vote(VoteType.PRECOMMIT, 2, B, 0, null)));
    assertEquals(List.of("PV r0 Y", "T PREVOTE r0 1000", "PC r0 Y", "T PRECOMMIT r0 1000"), h2);
    assertEquals(Optional.of(Y), d.state().lockedValue());
  }

  @Test
  void messagesOfAnEarlierHeightAreIgnored() {
    TendermintCore d = Fixture.started(D);
    run(d, List.of(new Event.Start(2, FOUR)));
    assertEquals(List.of(), run(d, List.of(prevote(A, 1, X), prevote(B, 1, X), proposal(1, X, -1),
        precommit(A, 1, X), precommit(B, 1, X), precommit(C, 1, X), valid(X))));
    assertEquals(1, d.state().round() + 1);
  }

  static Stream<Arguments> weightedCommits() {
    return Stream.of(
        // a=2, b=2, c=1, d=1 (total 6): a+b = 4 is exactly 2/3, not more
        Arguments.of(List.of(A, B), false),
        Arguments.of(List.of(A, C, D), false),
        Arguments.of(List.of(A, B, C), true),
        Arguments.of(List.of(B, C, D), false),
        Arguments.of(List.of(A, B, D), true));
  }

  @ParameterizedTest(name = "precommits from {0} decide: {1}")
  @MethodSource("weightedCommits")
  void aCommitNeedsMoreThanTwoThirdsOfThePower(List<String> voters, boolean decides) {
    TendermintCore observer = new TendermintCore(null, TIMEOUTS, SignerState.INITIAL);
    observer.handle(new Event.Start(1, VoteSetTest.WEIGHTED));
    observer.handle(valid(X));
    List<Action> actions = new ArrayList<>();
    voters.forEach(v -> actions.addAll(observer.handle(precommit(v, 0, X))));
    assertEquals(decides, actions.stream().anyMatch(a -> a instanceof Action.Decide));
    assertEquals(decides ? Optional.of(X) : Optional.empty(), observer.state().decision());
  }

  @Test
  void theSignerGuardRefusesADoubleSignAfterARestart() {
    TendermintCore d = Fixture.started(D);
    assertEquals(List.of("PV r0 X"), run(d, List.of(proposal(0, X, -1), valid(X))));
    // the reactor persisted this before signing; the node crashes and restarts from the file
    byte[] onDisk = d.signer().toBytes();
    TendermintCore restarted = new TendermintCore(D, TIMEOUTS, SignerState.parse(onDisk));
    // back in round 0 it sends the same prevote again (the others may be waiting for it), nothing else
    assertEquals(List.of("T PROPOSE r0 3000", "PV r0 X"), run(restarted, List.of(new Event.Start(1, FOUR))));
    // a proposal for another block in round 0 gets no second prevote
    assertEquals(List.of(), run(restarted, List.of(proposal(0, Y, -1), valid(Y), timeout(TimeoutKind.PROPOSE, 0))));
    assertEquals(SignerState.parse(onDisk), restarted.signer());
    // the precommit step is newer: it may sign that
    assertEquals(List.of("PC r0 nil"), run(restarted, List.of(timeout(TimeoutKind.PREVOTE, 0))));
  }

  @Test
  void aValidatorRestartedAfterPrecommittingResumesItsRoundAndSendsThePrecommitAgain() {
    // crashed in round 2 right after precommitting X (its precommit may never have left): the others,
    // with 2/3 exactly, wait for it
    TendermintCore d = new TendermintCore(D, TIMEOUTS, SignerState.after(1, 2, SignerState.Step.PRECOMMIT,
        Optional.of(X)));
    assertEquals(List.of("T PROPOSE r2 4000", "PC r2 X"), run(d, List.of(new Event.Start(1, FOUR))));
    assertEquals(2, d.state().round());
    assertEquals(List.of("DECIDE h1 X by abd"), run(d, List.of(proposal(2, X, -1), valid(X),
        precommit(A, 2, X), precommit(B, 2, X))));
  }

  @Test
  void theSameVoteMaySignAgainAfterARestart() {
    SignerState onDisk = SignerState.after(1, 0, SignerState.Step.PREVOTE, Optional.of(X));
    TendermintCore d = new TendermintCore(D, TIMEOUTS, onDisk);
    assertEquals(List.of("T PROPOSE r0 3000", "PV r0 X"), run(d, List.of(new Event.Start(1, FOUR))));
    assertEquals(onDisk, d.signer());
    assertEquals(List.of(), run(d, List.of(proposal(0, X, -1), valid(X))), "sent once is enough");
  }

  @Test
  void aProposerRestartedAfterProposingDoesNotProposeAnotherBlock() {
    SignerState onDisk = SignerState.after(1, 0, SignerState.Step.PROPOSE, Optional.of(X));
    TendermintCore a = new TendermintCore(A, TIMEOUTS, onDisk);
    a.handle(new Event.Start(1, FOUR));
    assertEquals(List.of(), run(a, List.of(new Event.BlockBuilt(1, 0, Y))));
    assertEquals(List.of("PROPOSAL r0 X vr-1", "PV r0 X"), run(a, List.of(new Event.BlockBuilt(1, 0, X))));
  }

  @Test
  void aGuardFromALaterHeightKeepsTheValidatorSilent() {
    SignerState onDisk = SignerState.after(9, 0, SignerState.Step.PRECOMMIT, Optional.empty());
    TendermintCore d = new TendermintCore(D, TIMEOUTS, onDisk);
    d.handle(new Event.Start(1, FOUR));
    // it signs nothing; only the timeouts that end the steps it cannot vote in are set
    assertEquals(List.of("T PREVOTE r0 1000", "T PRECOMMIT r0 1000"), run(d, List.of(proposal(0, X, -1), valid(X),
        prevote(A, 0, X), prevote(B, 0, X), prevote(C, 0, X))));
    assertEquals(Step.PRECOMMIT, d.state().step());
  }

  @Test
  void aLoneValidatorWhoseGuardIsAheadMovesToARoundItMaySignIn() {
    // crashed right after precommitting X at (1, 0), a block it no longer has; restarted, it builds Y
    ValidatorSet alone = ValidatorSet.of(List.of(Validator.of(A, 1)));
    TendermintCore a = new TendermintCore(A, TIMEOUTS, SignerState.after(1, 0, SignerState.Step.PRECOMMIT,
        Optional.of(X)));
    assertEquals(List.of("PROPOSE_BLOCK r0", "T PROPOSE r0 3000", "PC r0 X", "T PRECOMMIT r0 1000"),
        run(a, List.of(new Event.Start(1, alone))));
    assertEquals(List.of(), run(a, List.of(new Event.BlockBuilt(1, 0, Y))), "no second proposal in round 0");
    assertEquals(List.of("PROPOSE_BLOCK r1", "T PROPOSE r1 3500"), run(a, List.of(timeout(TimeoutKind.PRECOMMIT, 0))));
    assertEquals(List.of("PROPOSAL r1 Y vr-1", "PV r1 Y", "PC r1 Y", "DECIDE h1 Y by a"),
        run(a, List.of(new Event.BlockBuilt(1, 1, Y))));
  }

  @Test
  void ownVotesAreBroadcastUnsignedWithTheGuardToPersist() {
    TendermintCore d = Fixture.started(D);
    Action a = d.handle(timeout(TimeoutKind.PROPOSE, 0)).get(0);
    Action.BroadcastVote v = (Action.BroadcastVote) a;
    assertEquals(Vote.unsigned(VoteType.PREVOTE, 1, 0, Optional.empty(), D), v.vote());
    assertEquals(SignerState.after(1, 0, SignerState.Step.PREVOTE, Optional.empty()), v.signer());
  }

  @Test
  void timeoutsGrowWithTheRound() {
    assertEquals(3000 + 3 * 500, TIMEOUTS.delayMs(TimeoutKind.PROPOSE, 3));
    TimeoutConfig t = new TimeoutConfig(1, 2, 3, 4, 5, 6);
    assertEquals(1 + 2 * 2, t.delayMs(TimeoutKind.PROPOSE, 2));
    assertEquals(3 + 2 * 4, t.delayMs(TimeoutKind.PREVOTE, 2));
    assertEquals(5 + 2 * 6, t.delayMs(TimeoutKind.PRECOMMIT, 2));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new TimeoutConfig(1, 2, 3, 4, 5, -1));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new TimeoutConfig(-1, 2, 3, 4, 5, 6));
    for (int i = 0; i < 6; i++) {
      long[] zero = {1, 1, 1, 1, 1, 1};
      zero[i] = 0; // zero is allowed, below is not
      org.junit.jupiter.api.Assertions.assertDoesNotThrow(
          () -> new TimeoutConfig(zero[0], zero[1], zero[2], zero[3], zero[4], zero[5]));
      long[] v = zero.clone();
      v[i] = -1;
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new TimeoutConfig(v[0], v[1], v[2], v[3], v[4], v[5]));
    }
  }
}
