package dev.meshledger.consensus.bft;

import static dev.meshledger.consensus.bft.Fixture.A;
import static dev.meshledger.consensus.bft.Fixture.B;
import static dev.meshledger.consensus.bft.Fixture.C;
import static dev.meshledger.consensus.bft.Fixture.D;
import static dev.meshledger.consensus.bft.Fixture.X;
import static dev.meshledger.consensus.bft.Fixture.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tallies behind Algorithm 1's "2f + 1" (more than 2/3 of the power) and "f + 1" conditions. */
class VoteSetTest {
  /** Powers a=2, b=2, c=1, d=1: total 6, quorum needs more than 4. */
  static final ValidatorSet WEIGHTED = ValidatorSet.of(
      List.of(Validator.of(A, 2), Validator.of(B, 2), Validator.of(C, 1), Validator.of(D, 1)));

  static Vote pv(String who, Hash h) {
    return Vote.unsigned(VoteType.PREVOTE, 1, 0, Optional.ofNullable(h), who);
  }

  static Stream<Arguments> quorums() {
    return Stream.of(
        Arguments.of("a+b = 4 of 6: exactly 2/3 is not enough", List.of(A, B), false),
        Arguments.of("a+c+d = 4 of 6: exactly 2/3 is not enough", List.of(A, C, D), false),
        Arguments.of("a+b+c = 5 of 6", List.of(A, B, C), true),
        Arguments.of("all = 6 of 6", List.of(A, B, C, D), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quorums")
  void moreThanTwoThirdsOfThePower(String name, List<String> voters, boolean quorum) {
    VoteSet s = new VoteSet(WEIGHTED, 1, 0, VoteType.PREVOTE);
    voters.forEach(v -> s.add(pv(v, X)));
    assertEquals(quorum, s.hasTwoThirdsFor(Optional.of(X)));
    assertEquals(quorum, s.hasTwoThirdsAny());
    assertEquals(quorum ? Optional.of(Optional.of(X)) : Optional.empty(), s.twoThirdsMajority());
    assertFalse(s.hasTwoThirdsFor(Optional.empty()));
  }

  @Test
  void mixedVotesMakeTwoThirdsAnyButNoMajority() {
    VoteSet s = new VoteSet(WEIGHTED, 1, 0, VoteType.PREVOTE);
    s.add(pv(A, X));
    s.add(pv(B, null));
    s.add(pv(C, Y));
    assertEquals(5, s.totalPower());
    assertEquals(2, s.powerFor(Optional.empty()));
    assertTrue(s.hasTwoThirdsAny());
    assertTrue(s.twoThirdsMajority().isEmpty());
  }

  @Test
  void aNilMajorityIsAMajority() {
    VoteSet s = new VoteSet(WEIGHTED, 1, 0, VoteType.PREVOTE);
    List.of(A, B, C).forEach(v -> s.add(pv(v, null)));
    assertEquals(Optional.of(Optional.empty()), s.twoThirdsMajority());
    assertTrue(s.votesFor(Optional.of(X)).isEmpty());
    assertEquals(3, s.votesFor(Optional.empty()).size());
  }

  @Test
  void aRepeatCountsOnceAndADifferentVoteIsEvidence() {
    VoteSet s = new VoteSet(WEIGHTED, 1, 0, VoteType.PREVOTE);
    assertEquals(VoteSet.Outcome.ADDED, s.add(pv(A, X)).outcome());
    assertEquals(VoteSet.Outcome.DUPLICATE, s.add(pv(A, X)).outcome());
    VoteSet.Added conflict = s.add(pv(A, Y));
    assertEquals(VoteSet.Outcome.CONFLICT, conflict.outcome());
    assertEquals(new VoteSet.Evidence(pv(A, X), pv(A, Y)), conflict.evidence().orElseThrow());
    assertEquals(2, s.powerFor(Optional.of(X)));
    assertEquals(0, s.powerFor(Optional.of(Y)));
    assertEquals(2, s.totalPower());
    assertEquals(List.of(pv(A, X)), s.votesFor(Optional.of(X)));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("not a validator", Vote.unsigned(VoteType.PREVOTE, 1, 0, Optional.of(X), Fixture.id('e')),
            VoteSet.Outcome.NOT_A_VALIDATOR),
        Arguments.of("other height", Vote.unsigned(VoteType.PREVOTE, 2, 0, Optional.of(X), A),
            VoteSet.Outcome.WRONG_SLOT),
        Arguments.of("other round", Vote.unsigned(VoteType.PREVOTE, 1, 1, Optional.of(X), A),
            VoteSet.Outcome.WRONG_SLOT),
        Arguments.of("other type", Vote.unsigned(VoteType.PRECOMMIT, 1, 0, Optional.of(X), A),
            VoteSet.Outcome.WRONG_SLOT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void votesOutsideTheSlotOrSetAreNotCounted(String name, Vote v, VoteSet.Outcome outcome) {
    VoteSet s = new VoteSet(WEIGHTED, 1, 0, VoteType.PREVOTE);
    assertEquals(outcome, s.add(v).outcome());
    assertEquals(0, s.totalPower());
  }

  @Test
  void votesAndProposalsCheckTheirFields() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Vote.unsigned(VoteType.PREVOTE, 0, 0, Optional.empty(), A));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Vote.unsigned(VoteType.PREVOTE, 1, -1, Optional.empty(), A));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Vote.unsigned(null, 1, 0, Optional.empty(), A));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Proposal(1, 1, X, 1, A));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Proposal(1, 0, X, -2, A));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new Proposal(0, 0, X, -1, A));
    assertEquals(1, new Proposal(1, 2, X, 1, A).polRound());
    Vote signed = new Vote(VoteType.PREVOTE, 1, 0, Optional.of(X), A, new byte[] {1});
    assertTrue(signed.sameAs(pv(A, X)));
    assertFalse(signed.equals(pv(A, X)));
    assertEquals(signed, new Vote(VoteType.PREVOTE, 1, 0, Optional.of(X), A, new byte[] {1}));
    assertEquals(1, signed.signature()[0]);
    assertEquals(signed.hashCode(), new Vote(VoteType.PREVOTE, 1, 0, Optional.of(X), A, new byte[] {1}).hashCode());
    assertEquals("PREVOTE(1/0 " + X.shortHex() + " by aaaaaaaa)", signed.toString());
    assertEquals("PRECOMMIT(2/3 nil by ab)", Vote.unsigned(VoteType.PRECOMMIT, 2, 3, Optional.empty(), "ab").toString());
    assertEquals(0, Vote.unsigned(VoteType.PRECOMMIT, 2, 3, Optional.empty(), "ab").signature().length);
  }
}
