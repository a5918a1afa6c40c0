package dev.meshledger.consensus.bft;

import static dev.meshledger.consensus.bft.Fixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CometBFT's weighted round robin, pinned by sequences computed by hand from types/validator_set.go. */
class ValidatorSetTest {
  static final String A = id('a');
  static final String B = id('b');
  static final String C = id('c');

  /** The proposer of the set and of each of the next {@code heights - 1} increments, as letters. */
  static String proposers(ValidatorSet s, int heights) {
    StringBuilder out = new StringBuilder(s.proposer().substring(0, 1));
    for (int i = 1; i < heights; i++) {
      s = s.incrementProposerPriority(1);
      out.append(s.proposer(), 0, 1);
    }
    return out.toString();
  }

  static List<Long> priorities(ValidatorSet s) {
    List<Long> p = new ArrayList<>();
    s.validators().forEach(v -> p.add(v.priority()));
    return p;
  }

  static Stream<Arguments> sequences() {
    return Stream.of(
        // {1,1,1}: T=3, new priority -(3 + 3>>3) = -3 each, centred to 0. Step: all 1, tie to a -> a=-2.
        // (-2,1,1) +1 -> (-1,2,2): b (tie to lower id) -> (-1,-1,2); +1 -> (0,0,3): c -> (0,0,0); repeat.
        Arguments.of("{1,1,1}", List.of(1L, 1L, 1L), "abcabc", List.of(-2L, 1L, 1L)),
        // {1,2,3}: T=6, new -6 each -> 0. (1,2,3): c -> (1,2,-3); (2,4,0): b -> (2,-2,0);
        // (3,0,3): a by id -> (-3,0,3); (-2,2,6): c -> (-2,2,0); (-1,4,3): b -> (-1,-2,3);
        // (0,0,6): c -> (0,0,0). Power 3 proposes 3 of 6, power 2 twice, power 1 once.
        Arguments.of("{1,2,3}", List.of(1L, 2L, 3L), "cbacbc", List.of(1L, 2L, -3L)),
        // {10,1}: T=11, new -(11 + 1) = -12 each -> 0. Step k (k <= 5): a = 11 - k >= b = k -> a pays:
        // (-k, k). Step 6: (5, 6) -> b -> (5, -5). Steps 7..11: (4,-4) ... (0,0): a five times more.
        Arguments.of("{10,1}", List.of(10L, 1L), "aaaaabaaaaaa", List.of(-1L, 1L)));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("sequences")
  void weightedRoundRobin(String name, List<Long> powers, String expected, List<Long> firstPriorities) {
    String[] ids = {A, B, C};
    List<Validator> vs = new ArrayList<>();
    for (int i = powers.size() - 1; i >= 0; i--) { // given in reverse: order must not matter
      vs.add(Validator.of(ids[i], powers.get(i)));
    }
    ValidatorSet s = ValidatorSet.of(vs);
    assertEquals(firstPriorities, priorities(s));
    assertEquals(expected, proposers(s, expected.length()));
    assertEquals(powers.stream().mapToLong(Long::longValue).sum(), s.totalPower());
  }

  @Test
  void afterAFullCycleThePrioritiesAreBackToZero() {
    ValidatorSet s = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 2), Validator.of(C, 3)));
    assertEquals(List.of(0L, 0L, 0L), priorities(s.incrementProposerPriority(5)));
    assertEquals(C, s.incrementProposerPriority(5).proposer());
  }

  @Test
  void theProposerOfARoundIsTheSetIncrementedByTheRound() {
    ValidatorSet s = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 2), Validator.of(C, 3)));
    assertEquals(C, s.proposer(0));
    assertEquals(B, s.proposer(1));
    assertEquals(A, s.proposer(2));
    assertEquals(C, s.proposer(3));
  }

  @Test
  void aNewValidatorStartsBelowEveryoneAndTheSetIsCentredWithFlooredAverage() {
    // {a:1,b:1}: -2 each -> 0; step (1,1): a -> (-1, 1).
    ValidatorSet two = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 1)));
    assertEquals(List.of(-1L, 1L), priorities(two));
    // add c:2 -> T = 4, c = -(4 + 4>>3) = -4: (-1, 1, -4); diff 5 <= 2T = 8, no rescale;
    // sum -4, avg = floor(-4/3) = -2 (big.Int.Div is Euclidean; truncation would give -1): (1, 3, -2).
    ValidatorSet three = two.withUpdates(List.of(Validator.of(C, 2)));
    assertEquals(List.of(1L, 3L, -2L), priorities(three));
    // sum 2, avg 0. (2,4,0): b -> (2,0,0); (3,1,2): a -> (-1,1,2); (0,2,4): c -> (0,2,0);
    // (1,3,2): b -> (1,-1,2); (2,0,4): c -> (2,0,0).
    assertEquals("bacbc", proposers(three.incrementProposerPriority(1), 5));
  }

  @Test
  void aRemovedValidatorLeavesAndTheRestAreCentred() {
    // {a,b,c}: (-2, 1, 1) after a proposed. Remove c (CometBFT: power 0): (-2, 1), T = 2; diff 3 <= 4;
    // sum -1, avg floor(-1/2) = -1: (-1, 2). Increment: (0, 3): b -> (0, 1).
    ValidatorSet three = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 1), Validator.of(C, 1)));
    ValidatorSet two = three.withUpdates(List.of(), List.of(C));
    assertEquals(List.of(-1L, 2L), priorities(two));
    assertEquals(2, two.totalPower());
    assertFalse(two.contains(C));
    assertEquals(B, two.incrementProposerPriority(1).proposer());
    assertEquals(List.of(0L, 1L), priorities(two.incrementProposerPriority(1)));
  }

  @Test
  void aNewValidatorsPriorityCountsThePowerOfTheOnesRemovedInTheSameChange() {
    // {a,b}: (-1, 1). Add c:1 and remove a: T after updates, before removals = 3, so c = -(3 + 0) = -3
    // (with the total after removals it would be -2); (b 1, c -3), sum -2, avg -1: (2, -2).
    // Increment: (3, -1): b -> (1, -1).
    ValidatorSet two = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 1)));
    ValidatorSet swapped = two.withUpdates(List.of(Validator.of(C, 1)), List.of(A));
    assertEquals(List.of(2L, -2L), priorities(swapped));
    assertEquals(B, swapped.incrementProposerPriority(1).proposer());
    assertEquals(List.of(1L, -1L), priorities(swapped.incrementProposerPriority(1)));
  }

  @Test
  void changeSetsCometBftRefusesAreRefused() {
    ValidatorSet two = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 1)));
    assertThrows(IllegalArgumentException.class, () -> two.withUpdates(List.of(), List.of(C)), "not in the set");
    assertThrows(IllegalArgumentException.class, () -> two.withUpdates(List.of(), List.of(A, B)), "empty after");
    assertThrows(IllegalArgumentException.class,
        () -> two.withUpdates(List.of(Validator.of(A, 2)), List.of(A)), "updated and removed");
  }

  @Test
  void anUpdatedValidatorKeepsItsPriority() {
    // (-1, 1) with a's power raised to 3: T = 4, a keeps -1, avg 0. Step: (2, 2): a by id -> (-2, 2).
    // Had a been treated as new it would start at -4: (-4,1) -> avg -2 -> (-2,3) -> (1,4): b.
    ValidatorSet two = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 1)));
    ValidatorSet raised = two.withUpdates(List.of(Validator.of(A, 3)));
    assertEquals(List.of(-1L, 1L), priorities(raised));
    assertEquals(4, raised.totalPower());
    assertEquals(A, raised.incrementProposerPriority(1).proposer());
    assertEquals(List.of(-2L, 2L), priorities(raised.incrementProposerPriority(1)));
  }

  @Test
  void prioritiesFartherApartThanTwiceTheTotalAreRescaled() {
    // T = 2, diffMax 4, diff 201: ratio = ceil(201/4) = 51; 101/51 = 1, -100/51 = -1 (Go truncates);
    // sum 0, avg 0; step (2, 0): a -> (0, 0).
    ValidatorSet far = ValidatorSet.withPriorities(List.of(new Validator(A, 1, 101), new Validator(B, 1, -100)));
    ValidatorSet next = far.incrementProposerPriority(1);
    assertEquals(A, next.proposer());
    assertEquals(List.of(0L, 0L), priorities(next));
  }

  @Test
  void aNewValidatorInABiggerSetStartsAtMinusOneAndAnEighthOfTheTotal() {
    // {a:1}: -1 -> 0; step: a = 0. Add b:7: T = 8, b = -(8 + 8>>3) = -9; diff 9 <= 16;
    // sum -9, avg floor(-9/2) = -5: (5, -4).
    ValidatorSet one = ValidatorSet.of(List.of(Validator.of(A, 1)));
    assertEquals(List.of(5L, -4L), priorities(one.withUpdates(List.of(Validator.of(B, 7)))));
  }

  @Test
  void theRescaleRatioRoundsUp() {
    // T = 2, diffMax 4, diff 203: ratio = (203 + 3) / 4 = 51; 101/51 = 1, -102/51 = -2; sum -1,
    // avg floor(-1/2) = -1: (2, -1); step (3, 0): a -> (1, 0).
    ValidatorSet far = ValidatorSet.withPriorities(List.of(new Validator(A, 1, 101), new Validator(B, 1, -102)));
    assertEquals(List.of(1L, 0L), priorities(far.incrementProposerPriority(1)));
  }

  @Test
  void prioritiesWithinTheWindowAreNotRescaled() {
    // T = 2, diff exactly 4 = diffMax: kept. avg 0; step (3, -1): a -> (1, -1).
    ValidatorSet near = ValidatorSet.withPriorities(List.of(new Validator(A, 1, 2), new Validator(B, 1, -2)));
    assertEquals(List.of(1L, -1L), priorities(near.incrementProposerPriority(1)));
  }

  @Test
  void quorumsAreStrictlyMoreThanTwoThirdsAndOneThird() {
    ValidatorSet three = ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(B, 1), Validator.of(C, 1)));
    assertFalse(three.isTwoThirds(2));
    assertTrue(three.isTwoThirds(3));
    assertFalse(three.isOneThird(1));
    assertTrue(three.isOneThird(2));
    assertEquals(1, three.power(A));
    assertEquals(0, three.power(id('d')));
    assertEquals(0, three.power(null));
    assertFalse(three.contains(id('d')));
    assertTrue(three.get(A).isPresent());
  }

  @Test
  void badSetsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Validator.of(A, 0));
    assertThrows(IllegalArgumentException.class, () -> Validator.of("AB", 1));
    assertThrows(IllegalArgumentException.class, () -> Validator.of(A.toUpperCase(), 1));
    assertThrows(IllegalArgumentException.class, () -> Validator.of(null, 1));
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of(Validator.of(A, 1), Validator.of(A, 2))));
    assertThrows(IllegalArgumentException.class,
        () -> ValidatorSet.of(List.of(Validator.of(A, ValidatorSet.MAX_TOTAL_POWER), Validator.of(B, 1))));
    ValidatorSet one = ValidatorSet.of(List.of(Validator.of(A, ValidatorSet.MAX_TOTAL_POWER)));
    assertEquals(A, one.proposer());
    assertThrows(IllegalArgumentException.class, () -> one.incrementProposerPriority(0));
    assertThrows(IllegalStateException.class,
        () -> ValidatorSet.withPriorities(List.of(Validator.of(A, 1))).proposer());
  }
}
