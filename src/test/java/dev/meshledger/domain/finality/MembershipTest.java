package dev.meshledger.domain.finality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.Membership.Epoch;
import dev.meshledger.domain.finality.Membership.Refusal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MembershipTest {
  static final String A = id('a');
  static final String B = id('b');
  static final String C = id('c');
  static final String D = id('d');
  static final String E = id('e');

  static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  static List<Member> equal(String... ids) {
    return Stream.of(ids).map(i -> new Member(i, 1)).toList();
  }

  static List<String> ids(List<Member> members) {
    return members.stream().map(Member::id).toList();
  }

  static ValidatorVote add(String s) {
    return new ValidatorVote(s, true);
  }

  static ValidatorVote remove(String s) {
    return new ValidatorVote(s, false);
  }

  /** Which votes a block may carry, against the decided set {A, B, C, D}. */
  static Stream<Arguments> checks() {
    return Stream.of(
        Arguments.of(A, add(E), null),
        Arguments.of(A, remove(D), null),
        Arguments.of(A, remove(A), null),
        Arguments.of(A, add(B), Refusal.ALREADY_MEMBER),
        Arguments.of(A, remove(E), Refusal.NOT_MEMBER),
        Arguments.of(E, add(E), Refusal.VOTER_LEAVING),
        Arguments.of(E, remove(A), Refusal.VOTER_LEAVING));
  }

  @ParameterizedTest(name = "{0} votes {1}: {2}")
  @MethodSource("checks")
  void aBlockMayCarryOnlyAVoteThatChangesTheSet(String proposer, ValidatorVote vote, Refusal expected) {
    Membership m = Membership.genesis(equal(A, B, C, D));
    assertEquals(Optional.ofNullable(expected), m.check(proposer, vote));
    if (expected != null) {
      assertThrows(IllegalArgumentException.class, () -> m.apply(5, proposer, vote));
    }
  }

  /** Votes needed to decide: more than half of the decided set. */
  static Stream<Arguments> thresholds() {
    return Stream.of(
        Arguments.of(List.of(A), 1),
        Arguments.of(List.of(A, B), 2),
        Arguments.of(List.of(A, B, C), 2),
        Arguments.of(List.of(A, B, C, D), 3),
        Arguments.of(List.of(A, B, C, D, id('f')), 3));
  }

  @ParameterizedTest(name = "{0}: {1} votes")
  @MethodSource("thresholds")
  void aChangeNeedsMoreThanHalfOfTheSet(List<String> set, int needed) {
    Membership m = Membership.genesis(equal(set.toArray(String[]::new)));
    for (int i = 0; i < needed; i++) {
      assertEquals(set, ids(m.decided()), "undecided after " + i + " votes");
      m = m.apply(10 + i, set.get(i), add(E));
    }
    assertTrue(ids(m.decided()).contains(E), "decided after " + needed + " votes");
    assertEquals(Map.of(), m.tally(), "a decision drops the votes on its subject");
  }

  @Test
  void aDecidedChangeVotesFromTwoHeightsLater() {
    Membership m = Membership.genesis(equal(A, B, C))
        .apply(7, A, add(D))
        .apply(8, B, add(D));
    assertEquals(List.of(A, B, C), ids(m.at(9)));
    assertEquals(List.of(A, B, C, D), ids(m.at(10)));
    assertEquals(List.of(A, B, C, D), ids(m.at(1_000)));
    assertEquals(List.of(A, B, C), ids(m.at(1)));
    assertEquals(List.of(new Epoch(1, equal(A, B, C)), new Epoch(10, equal(A, B, C, D))), m.epochs());
  }

  @Test
  void votesCountOncePerVoter() {
    Membership m = Membership.genesis(equal(A, B, C, D))
        .apply(2, A, add(E))
        .apply(3, A, add(E))
        .apply(4, B, add(E));
    assertEquals(List.of(A, B, C, D), ids(m.decided()));
    assertEquals(Map.of(E, Set.of(A, B)), m.tally());
  }

  @Test
  void aNodeVotedInHasTheSmallestPowerOfTheSet() {
    Membership m = Membership.genesis(List.of(new Member(A, 5), new Member(B, 3))).apply(2, A, add(C))
        .apply(3, B, add(C));
    assertEquals(new Member(C, 3), m.decided().get(2));
  }

  @Test
  void aRemovedValidatorsOpenVotesAreDropped() {
    String f = id('f');
    Membership m = Membership.genesis(equal(A, B, C, D, E))
        .apply(2, C, add(f))
        .apply(3, A, add(f))
        .apply(4, A, remove(C))
        .apply(5, B, remove(C))
        .apply(6, E, add(id('9')));
    assertEquals(Map.of(f, Set.of(A, C), C, Set.of(A, B), id('9'), Set.of(E)), m.tally());
    m = m.apply(7, D, remove(C));
    assertEquals(List.of(A, B, D, E), ids(m.decided()));
    assertEquals(Map.of(f, Set.of(A), id('9'), Set.of(E)), m.tally(), "C's vote for F went with C, A's stays");
    assertEquals(List.of(A, B, C, D, E), ids(m.at(8)));
    assertEquals(List.of(A, B, D, E), ids(m.at(9)));
  }

  @Test
  void membersAreKeptInIdOrderWhateverOrderTheyCameIn() {
    String zero = id('0');
    Membership m = Membership.genesis(equal(C, A, B));
    assertEquals(List.of(A, B, C), ids(m.decided()));
    m = m.apply(2, A, add(zero)).apply(3, C, add(zero));
    assertEquals(List.of(zero, A, B, C), ids(m.decided()));
  }

  @Test
  void aLeavingValidatorMayNotVoteOnceItsRemovalIsDecided() {
    Membership m = Membership.genesis(equal(A, B, C)).apply(2, A, remove(C)).apply(3, B, remove(C));
    assertTrue(m.at(4).stream().anyMatch(v -> v.id().equals(C)), "C still votes at 4");
    assertEquals(Optional.of(Refusal.VOTER_LEAVING), m.check(C, add(D)));
  }

  @Test
  void theLastValidatorCannotBeRemoved() {
    Membership m = Membership.genesis(equal(A));
    assertEquals(Optional.of(Refusal.LAST_VALIDATOR), m.check(A, remove(A)));
  }

  @Test
  void aBlockWithoutAVoteChangesNothing() {
    Membership m = Membership.genesis(equal(A, B));
    assertTrue(m == m.apply(3, A, null));
  }

  @Test
  void blocksAreAppliedInHeightOrder() {
    Membership m = Membership.genesis(equal(A)).apply(10, A, add(B));
    assertEquals(List.of(new Epoch(1, equal(A)), new Epoch(12, equal(A, B))), m.epochs());
    Membership voted = m.apply(11, A, add(C));
    assertEquals(Map.of(C, Set.of(A)), voted.tally());
    assertThrows(IllegalArgumentException.class, () -> voted.apply(9, B, add(C)));
    assertEquals(14, voted.apply(12, B, add(C)).epochs().get(2).fromHeight());
    assertThrows(IllegalArgumentException.class, () -> voted.apply(10, B, add(C)), "two decisions at one height");
  }

  @Test
  void restoredStateEqualsTheOneStored() {
    Membership m = Membership.genesis(equal(A, B, C)).apply(2, A, add(D)).apply(3, B, add(D)).apply(4, C, add(E));
    Membership back = Membership.of(m.epochs(), m.tally());
    assertEquals(m.epochs(), back.epochs());
    assertEquals(m.tally(), back.tally());
    assertEquals(ids(m.at(5)), ids(back.at(5)));
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Membership.genesis(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Membership.genesis(equal(A, A)));
    assertThrows(IllegalArgumentException.class, () -> Membership.genesis(equal(A)).at(0));
    assertThrows(IllegalArgumentException.class, () -> Membership.of(List.of(), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> Membership.of(List.of(new Epoch(2, equal(A))), Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> Membership.of(List.of(new Epoch(1, equal(A)), new Epoch(1, equal(B))), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new ValidatorVote("AB", true));
    assertThrows(IllegalArgumentException.class, () -> new ValidatorVote(A.toUpperCase(), true));
    assertThrows(NullPointerException.class, () -> new ValidatorVote(null, true));
  }

  @Test
  void noVoteGrowsTheSetPastItsBound() {
    Membership full = Membership.genesis(equal(A, B, C), 3);
    assertEquals(Optional.of(Refusal.SET_FULL), full.check(A, add(D)));
    // removals still pass, and once one is decided there is room again
    assertEquals(Optional.empty(), full.check(A, remove(C)));
    Membership smaller = full.apply(1, A, remove(C)).apply(2, B, remove(C));
    assertEquals(List.of(A, B), ids(smaller.decided()));
    assertEquals(Optional.empty(), smaller.check(A, add(D)));
    // one below the bound: an add passes
    assertEquals(Optional.empty(), Membership.genesis(equal(A, B, C), 4).check(A, add(D)));
    assertThrows(IllegalArgumentException.class, () -> full.apply(1, A, add(D)));
    // without a bound (the default) nothing is full
    assertEquals(Optional.empty(), Membership.genesis(equal(A, B, C)).check(A, add(D)));
  }

  @Test
  void aGenesisSetLargerThanItsBoundIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Membership.genesis(equal(A, B, C), 2));
    assertEquals(3, Membership.genesis(equal(A, B, C), 3).decided().size());
  }
}
