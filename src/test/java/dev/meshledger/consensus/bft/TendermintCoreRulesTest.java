package dev.meshledger.consensus.bft;

import static dev.meshledger.consensus.bft.Fixture.A;
import static dev.meshledger.consensus.bft.Fixture.B;
import static dev.meshledger.consensus.bft.Fixture.C;
import static dev.meshledger.consensus.bft.Fixture.D;
import static dev.meshledger.consensus.bft.Fixture.X;
import static dev.meshledger.consensus.bft.Fixture.Y;
import static dev.meshledger.consensus.bft.Fixture.invalid;
import static dev.meshledger.consensus.bft.Fixture.precommit;
import static dev.meshledger.consensus.bft.Fixture.prevote;
import static dev.meshledger.consensus.bft.Fixture.proposal;
import static dev.meshledger.consensus.bft.Fixture.proposalBy;
import static dev.meshledger.consensus.bft.Fixture.timeout;
import static dev.meshledger.consensus.bft.Fixture.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per upon-rule of Algorithm 1 (arXiv 1807.04938, lines 22-67), for validator d of four of power 1
 * (proposers: a in round 0, b in 1, c in 2, d in 3). Each row gives the events after Start(1), every action
 * they cause, and the state after; d's own votes count in its tallies, so "+2/3" needs two more votes.
 */
class TendermintCoreRulesTest {
  /** Round 0 with X: d prevotes X, a and b prevote X, d locks and precommits X. */
  static final List<Event> LOCK_X = List.of(proposal(0, X, -1), valid(X), prevote(A, 0, X), prevote(B, 0, X));
  static final List<String> LOCKED_X = List.of("PV r0 X", "PC r0 X");

  @SafeVarargs
  static List<Event> events(List<Event>... parts) {
    List<Event> all = new ArrayList<>();
    for (List<Event> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  @SafeVarargs
  static List<String> trace(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("L22-24 a valid proposal, not locked: prevote it",
            List.of(proposal(0, X, -1), valid(X)), List.of("PV r0 X"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L22-24 validity known before the proposal",
            List.of(valid(X), proposal(0, X, -1)), List.of("PV r0 X"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L23 valid(v) not yet known: wait",
            List.of(proposal(0, X, -1)), List.of(), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L25-26 an invalid proposal: prevote nil",
            List.of(proposal(0, X, -1), invalid(X)), List.of("PV r0 nil"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L22 a proposal not from proposer(h, r) is ignored",
            List.of(proposalBy(B, 0, X, -1), valid(X)), List.of(), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L22 a proposal for another height is not acted on",
            List.of(new Event.ProposalReceived(new Proposal(2, 0, X, -1, A)), valid(X)), List.of(),
            "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L57-60 timeout propose: prevote nil",
            List.of(timeout(TimeoutKind.PROPOSE, 0)), List.of("PV r0 nil"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L58 a timeout of another round does nothing",
            List.of(timeout(TimeoutKind.PROPOSE, 1)), List.of(), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L58 a timeout of another height does nothing",
            List.of(new Event.Timeout(TimeoutKind.PROPOSE, 2, 0)), List.of(), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L58 timeout propose after prevoting: no second prevote",
            List.of(proposal(0, X, -1), valid(X), timeout(TimeoutKind.PROPOSE, 0)), List.of("PV r0 X"),
            "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L34-35 +2/3 prevotes for anything: schedule timeout prevote",
            List.of(proposal(0, X, -1), valid(X), prevote(A, 0, X), prevote(B, 0, null)),
            List.of("PV r0 X", "T PREVOTE r0 1000"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L34 only once per round",
            List.of(proposal(0, X, -1), valid(X), prevote(A, 0, Y), prevote(B, 0, null), prevote(C, 0, null)),
            List.of("PV r0 X", "T PREVOTE r0 1000"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L61-64 timeout prevote: precommit nil",
            List.of(timeout(TimeoutKind.PROPOSE, 0), timeout(TimeoutKind.PREVOTE, 0)),
            List.of("PV r0 nil", "PC r0 nil"), "r0 PRECOMMIT lock=-1 valid=-1 decided=nil"),
        Arguments.of("L62 timeout prevote in the propose step does nothing",
            List.of(timeout(TimeoutKind.PREVOTE, 0)), List.of(), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L36-41 a polka for the proposal: lock and precommit it", LOCK_X, LOCKED_X,
            "r0 PRECOMMIT lock=X@0 valid=X@0 decided=nil"),
        Arguments.of("L36 a polka for a block not yet known valid: no lock",
            List.of(proposal(0, X, -1), prevote(A, 0, X), prevote(B, 0, X), prevote(C, 0, X),
                timeout(TimeoutKind.PROPOSE, 0)),
            List.of("PV r0 nil", "T PREVOTE r0 1000"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L36 a polka without the proposal: no lock",
            List.of(valid(X), prevote(A, 0, X), prevote(B, 0, X), prevote(C, 0, X), timeout(TimeoutKind.PROPOSE, 0)),
            List.of("PV r0 nil", "T PREVOTE r0 1000"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L42-43 a polka seen in the precommit step: valid value only, no lock",
            List.of(timeout(TimeoutKind.PROPOSE, 0), timeout(TimeoutKind.PREVOTE, 0), proposal(0, X, -1), valid(X),
                prevote(A, 0, X), prevote(B, 0, X), prevote(C, 0, X)),
            List.of("PV r0 nil", "PC r0 nil"), "r0 PRECOMMIT lock=-1 valid=X@0 decided=nil"),
        Arguments.of("L44-46 +2/3 nil prevotes: precommit nil",
            List.of(timeout(TimeoutKind.PROPOSE, 0), prevote(A, 0, null), prevote(B, 0, null)),
            List.of("PV r0 nil", "PC r0 nil"), "r0 PRECOMMIT lock=-1 valid=-1 decided=nil"),
        Arguments.of("L47-48 +2/3 precommits for anything: schedule timeout precommit",
            List.of(timeout(TimeoutKind.PROPOSE, 0), prevote(A, 0, null), prevote(B, 0, null), precommit(A, 0, X),
                precommit(B, 0, null)),
            List.of("PV r0 nil", "PC r0 nil", "T PRECOMMIT r0 1000"), "r0 PRECOMMIT lock=-1 valid=-1 decided=nil"),
        Arguments.of("L65-67 timeout precommit: next round (b proposes, d waits longer)",
            List.of(timeout(TimeoutKind.PROPOSE, 0), timeout(TimeoutKind.PREVOTE, 0),
                timeout(TimeoutKind.PRECOMMIT, 0)),
            List.of("PV r0 nil", "PC r0 nil", "T PROPOSE r1 3500"), "r1 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L66 a timeout precommit of an old round does nothing",
            List.of(timeout(TimeoutKind.PROPOSE, 0), timeout(TimeoutKind.PREVOTE, 0),
                timeout(TimeoutKind.PRECOMMIT, 0), timeout(TimeoutKind.PRECOMMIT, 0)),
            List.of("PV r0 nil", "PC r0 nil", "T PROPOSE r1 3500"), "r1 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L55-56 f+1 (2 of 4) in a higher round: skip to it",
            List.of(prevote(A, 2, null), prevote(B, 2, null)), List.of("T PROPOSE r2 4000"),
            "r2 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L55 one of four is not f+1: stay",
            List.of(prevote(A, 2, null), prevote(A, 2, null)), List.of(), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L55 a proposal is a message of its round too",
            List.of(proposal(2, X, -1), precommit(A, 2, null)), List.of("T PROPOSE r2 4000"),
            "r2 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L55 lower rounds never pull back",
            List.of(prevote(A, 2, null), prevote(B, 2, null), prevote(A, 1, null), prevote(B, 1, null)),
            List.of("T PROPOSE r2 4000"), "r2 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L49-54 +2/3 precommits for the valid proposal: decide",
            List.of(proposal(0, X, -1), valid(X), precommit(A, 0, X), precommit(B, 0, X), precommit(C, 0, X)),
            List.of("PV r0 X", "DECIDE h1 X by abc"), "r0 COMMIT lock=-1 valid=-1 decided=X"),
        Arguments.of("L36-41 then L49: d's own precommit completes the commit",
            List.of(proposal(0, X, -1), valid(X), precommit(A, 0, X), precommit(B, 0, X), prevote(A, 0, X),
                prevote(B, 0, X)),
            List.of("PV r0 X", "PC r0 X", "DECIDE h1 X by abd"), "r0 COMMIT lock=X@0 valid=X@0 decided=X"),
        Arguments.of("L29 locked on X in round 1: X re-proposed with the older polka of round 0 still gets X",
            List.of(valid(X), timeout(TimeoutKind.PROPOSE, 0), prevote(A, 0, X), prevote(B, 0, X), prevote(C, 0, X),
                timeout(TimeoutKind.PREVOTE, 0), timeout(TimeoutKind.PRECOMMIT, 0), proposal(1, X, 0),
                prevote(A, 1, X), prevote(C, 1, X), timeout(TimeoutKind.PRECOMMIT, 1), proposal(2, X, 0)),
            List.of("PV r0 nil", "T PREVOTE r0 1000", "PC r0 nil", "T PROPOSE r1 3500", "PV r1 X", "PC r1 X",
                "T PROPOSE r2 4000", "PV r2 X"),
            "r2 PREVOTE lock=X@1 valid=X@1 decided=nil"),
        Arguments.of("L49 exactly 2/3 is not enough",
            List.of(proposal(0, X, -1), valid(X), precommit(A, 0, X), precommit(B, 0, X)),
            List.of("PV r0 X"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L49-50 no decision on a block not known valid",
            List.of(precommit(A, 0, X), precommit(B, 0, X), precommit(C, 0, X), invalid(X)),
            List.of("T PRECOMMIT r0 1000"), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L49 precommits of an earlier round still decide",
            List.of(prevote(A, 2, null), prevote(B, 2, null), valid(X), precommit(A, 0, X), precommit(B, 0, X),
                precommit(C, 0, X)),
            List.of("T PROPOSE r2 4000", "DECIDE h1 X by abc"), "r2 COMMIT lock=-1 valid=-1 decided=X"),
        Arguments.of("L49 after deciding, nothing more at this height",
            List.of(proposal(0, X, -1), valid(X), precommit(A, 0, X), precommit(B, 0, X), precommit(C, 0, X),
                timeout(TimeoutKind.PRECOMMIT, 0), prevote(A, 5, null), prevote(B, 5, null)),
            List.of("PV r0 X", "DECIDE h1 X by abc"), "r0 COMMIT lock=-1 valid=-1 decided=X"),
        Arguments.of("L22-23 locked on X: a new Y in a later round gets nil",
            events(LOCK_X, List.of(timeout(TimeoutKind.PRECOMMIT, 0), proposal(1, Y, -1), valid(Y))),
            trace(LOCKED_X, List.of("T PROPOSE r1 3500", "PV r1 nil")), "r1 PREVOTE lock=X@0 valid=X@0 decided=nil"),
        Arguments.of("L23 locked on X: X proposed afresh in a later round gets X",
            events(LOCK_X, List.of(timeout(TimeoutKind.PRECOMMIT, 0), proposal(1, X, -1))),
            trace(LOCKED_X, List.of("T PROPOSE r1 3500", "PV r1 X")), "r1 PREVOTE lock=X@0 valid=X@0 decided=nil"),
        Arguments.of("L28-30 unlock: a polka for Y in round 1 > lockedRound 0 lets d prevote Y in round 2",
            events(LOCK_X, List.of(prevote(A, 1, Y), prevote(B, 1, Y), prevote(C, 1, Y), valid(Y), proposal(2, Y, 1),
                prevote(A, 2, null))),
            trace(LOCKED_X, List.of("T PROPOSE r1 3500", "T PROPOSE r2 4000", "PV r2 Y")),
            "r2 PREVOTE lock=X@0 valid=X@0 decided=nil"),
        Arguments.of("L28 no polka behind the proposal's polRound: the lock holds, nil on timeout",
            events(LOCK_X, List.of(prevote(A, 1, Y), prevote(B, 1, Y), valid(Y), proposal(2, Y, 1),
                prevote(A, 2, null), timeout(TimeoutKind.PROPOSE, 2))),
            trace(LOCKED_X, List.of("T PROPOSE r1 3500", "T PROPOSE r2 4000", "PV r2 nil")),
            "r2 PREVOTE lock=X@0 valid=X@0 decided=nil"),
        Arguments.of("L29 the polka is for an invalid block: nil",
            events(List.of(prevote(A, 1, Y), prevote(B, 1, Y), prevote(C, 1, Y), invalid(Y), proposal(2, Y, 1),
                prevote(A, 2, null))),
            List.of("T PROPOSE r1 3500", "T PROPOSE r2 4000", "PV r2 nil"), "r2 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("L36-43 relock: locked on X, d prevotes nil on Y, then a polka for Y moves lock and valid value",
            events(LOCK_X, List.of(timeout(TimeoutKind.PRECOMMIT, 0), proposal(1, Y, -1), valid(Y),
                prevote(A, 1, Y), prevote(B, 1, Y), prevote(C, 1, Y))),
            trace(LOCKED_X, List.of("T PROPOSE r1 3500", "PV r1 nil", "T PREVOTE r1 1500", "PC r1 Y")),
            "r1 PRECOMMIT lock=Y@1 valid=Y@1 decided=nil"),
        Arguments.of("Byzantine proposer: two proposals, only the first is acted on, the second reported",
            List.of(proposal(0, X, -1), proposal(0, Y, -1), valid(Y), valid(X)),
            List.of("CONFLICTING_PROPOSAL X/Y", "PV r0 X"), "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("the same proposal twice is not a conflict",
            List.of(proposal(0, X, -1), proposal(0, X, -1), valid(X)), List.of("PV r0 X"),
            "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("an equivocating voter is reported and counted once",
            List.of(timeout(TimeoutKind.PROPOSE, 0), prevote(A, 0, X), prevote(A, 0, null), prevote(B, 0, null)),
            List.of("PV r0 nil", "EQUIVOCATION a X/nil", "T PREVOTE r0 1000"),
            "r0 PREVOTE lock=-1 valid=-1 decided=nil"),
        Arguments.of("+2/3 precommits at height 2: no decision without its set; catch up once f+1 is there",
            List.of(valid(X), Fixture.vote(VoteType.PRECOMMIT, 2, A, 0, X), Fixture.vote(VoteType.PRECOMMIT, 2, B, 0, X),
                Fixture.vote(VoteType.PRECOMMIT, 2, C, 0, X), Fixture.vote(VoteType.PREVOTE, 2, C, 0, X)),
            List.of("CATCHUP 2"), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("later heights from one validator (not f+1) or from strangers: no catch up",
            List.of(Fixture.vote(VoteType.PRECOMMIT, 9, A, 0, X), proposalAt(7, Fixture.id('e')),
                Fixture.vote(VoteType.PRECOMMIT, 9, Fixture.id('e'), 0, X)),
            List.of(), "r0 PROPOSE lock=-1 valid=-1 decided=nil"),
        Arguments.of("catch up to the highest height f+1 has reached",
            List.of(proposalAt(5, A), Fixture.vote(VoteType.PRECOMMIT, 3, B, 0, X),
                Fixture.vote(VoteType.PRECOMMIT, 4, C, 0, X)),
            List.of("CATCHUP 3", "CATCHUP 4"), "r0 PROPOSE lock=-1 valid=-1 decided=nil"));
  }

  static Event proposalAt(long height, String proposer) {
    return new Event.ProposalReceived(new Proposal(height, 0, X, -1, proposer));
  }

  static String summary(RoundState s) {
    return "r" + s.round() + " " + s.step() + " lock=" + at(s.lockedValue(), s.lockedRound()) + " valid="
        + at(s.validValue(), s.validRound()) + " decided=" + Fixture.name(s.decision());
  }

  static String at(java.util.Optional<dev.meshledger.domain.Hash> v, int round) {
    return v.isEmpty() ? String.valueOf(round) : Fixture.name(v) + "@" + round;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void rule(String line, List<Event> events, List<String> expected, String state) {
    TendermintCore d = Fixture.started(D);
    assertEquals(expected, Fixture.run(d, events), line);
    assertEquals(state, summary(d.state()), line);
  }
}
