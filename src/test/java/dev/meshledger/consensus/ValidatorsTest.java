package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.consensus.bft.Validator;
import dev.meshledger.consensus.bft.ValidatorSet;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.finality.Membership.Epoch;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every node must name the same proposer for every height and round, whatever heights it asked about
 * before (a node that just started asks for its height directly; a running one steps up one at a time).
 */
class ValidatorsTest {
  private static final int HEIGHTS = 40;
  private static final int ROUNDS = 3;

  private static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  private static BftParams params(long... powers) {
    List<BftParams.Member> members = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      members.add(new BftParams.Member(id((char) ('a' + i)), powers[i]));
    }
    return new BftParams(1000, 3000, 1000, 1000, members);
  }

  static Stream<Arguments> sets() {
    return Stream.of(
        Arguments.of((Object) new long[] {1, 1, 1, 1}),
        Arguments.of((Object) new long[] {3, 1, 1, 1}),
        Arguments.of((Object) new long[] {5, 3, 1}),
        Arguments.of((Object) new long[] {10, 1}),
        Arguments.of((Object) new long[] {1}),
        Arguments.of((Object) new long[] {7, 2, 2, 9, 1}),
        Arguments.of((Object) new long[] {1_000_000, 1, 999}));
  }

  /** The proposers of rounds 0..ROUNDS-1 of a set, as one string. */
  private static String proposers(ValidatorSet s) {
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < ROUNDS; r++) {
      out.append(s.proposer(r).charAt(0));
    }
    return out.toString();
  }

  /** From a fresh Validators for each height: the answer a node that just started gives. */
  private static List<String> direct(BftParams p) {
    List<String> out = new ArrayList<>();
    for (long h = 1; h <= HEIGHTS; h++) {
      out.add(proposers(new Validators(p).at(h)));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("sets")
  void steppingOneHeightAtATimeAgreesWithAskingDirectly(long[] powers) {
    BftParams p = params(powers);
    Validators stepped = new Validators(p);
    List<String> steps = new ArrayList<>();
    for (long h = 1; h <= HEIGHTS; h++) {
      steps.add(proposers(stepped.at(h)));
    }
    assertEquals(direct(p), steps);
  }

  @ParameterizedTest
  @MethodSource("sets")
  void skippingHeightsAgreesWithAskingDirectly(long[] powers) {
    BftParams p = params(powers);
    List<String> expected = direct(p);
    Validators v = new Validators(p);
    for (long h = 1; h <= HEIGHTS; h += 3) {
      assertEquals(expected.get((int) h - 1), proposers(v.at(h)), "height " + h);
      assertEquals(expected.get((int) h - 1), proposers(v.at(h)), "height " + h + " asked again");
    }
  }

  @ParameterizedTest
  @MethodSource("sets")
  void askingALowerHeightAfterAHigherOneGivesTheFreshAnswer(long[] powers) {
    BftParams p = params(powers);
    List<String> expected = direct(p);
    Validators v = new Validators(p);
    v.at(HEIGHTS);
    assertEquals(expected.get(4), proposers(v.at(5)));
    assertEquals(expected.get(0), proposers(v.at(1)));
    assertEquals(expected.get(HEIGHTS - 1), proposers(v.at(HEIGHTS)));
    v.at(20);
    assertEquals(expected.get(18), proposers(v.at(19)));
  }

  @Test
  void heightOneIsTheSpecsSetAndEachHeightMovesItOnce() {
    BftParams p = params(3, 1, 1, 1);
    ValidatorSet first = ValidatorSet.of(
        p.validators().stream().map(m -> Validator.of(m.id(), m.power())).toList());
    Validators v = new Validators(p);
    assertEquals(first.validators(), v.at(1).validators());
    assertEquals(first.proposer(), v.at(1).proposer());
    ValidatorSet s = first;
    for (long h = 2; h <= 12; h++) {
      s = s.incrementProposerPriority(1);
      assertEquals(s.validators(), new Validators(p).at(h).validators(), "height " + h);
      assertEquals(s.proposer(), v.at(h).proposer(), "height " + h);
    }
    // weighted round robin: the heavy validator a proposes half the heights
    long byA = 0;
    for (long h = 1; h <= 60; h++) {
      byA += v.at(h).proposer().equals(id('a')) ? 1 : 0;
    }
    assertEquals(30, byA);
  }

  @Test
  void equalPowersTakeTurns() {
    Validators v = new Validators(params(1, 1, 1, 1));
    StringBuilder order = new StringBuilder();
    for (long h = 1; h <= 8; h++) {
      order.append(v.at(h).proposer().charAt(0));
    }
    assertEquals("abcdabcd", order.toString());
  }

  @Test
  void theSameHeightAskedAgainIsNotComputedAgain() {
    // a node asks for its current height many times a round: the set is remembered, not rebuilt
    Validators v = new Validators(params(3, 1, 1, 1));
    ValidatorSet five = v.at(5);
    assertSame(five, v.at(5));
    assertSame(v.at(6), v.at(6));
  }

  /** {a,b,c,d} from the spec; e voted in, its set voting from height 4; then a voted out, from height 7. */
  private static Membership changed(BftParams p) {
    List<Member> four = p.validators();
    List<Member> five = new ArrayList<>(four);
    five.add(new Member(id('e'), 1));
    return Membership.of(List.of(new Epoch(1, four), new Epoch(4, five), new Epoch(7, five.subList(1, 5))), Map.of());
  }

  @Test
  void aChangedSetIsTheLastSetWithTheChangeThenOneIncrement() {
    BftParams p = params(1, 1, 1, 1);
    Validators v = new Validators(p);
    v.update(changed(p));
    Validators unchanged = new Validators(p);
    for (long h = 1; h <= 3; h++) {
      assertEquals(unchanged.at(h).validators(), v.at(h).validators(), "height " + h);
    }
    ValidatorSet four = v.at(4);
    assertEquals(unchanged.at(3).withUpdates(List.of(Validator.of(id('e'), 1))).incrementProposerPriority(1)
        .validators(), four.validators());
    assertEquals(5, four.validators().size());
    Validators fresh = new Validators(p);
    fresh.update(changed(p));
    assertEquals(fresh.at(6).withUpdates(List.of(), List.of(id('a'))).incrementProposerPriority(1).validators(),
        v.at(7).validators());
    assertEquals(4, v.at(7).validators().size());
    assertEquals(false, v.at(7).contains(id('a')));
  }

  @Test
  void aChangeLearntAfterTheHeightsAskedGivesWhatAFreshNodeComputes() {
    BftParams p = params(1, 1, 1, 1);
    Validators fresh = new Validators(p);
    fresh.update(changed(p));
    List<String> expected = new ArrayList<>();
    for (long h = 1; h <= 12; h++) {
      expected.add(proposers(fresh.at(h)));
    }
    Validators running = new Validators(p);
    List<String> seen = new ArrayList<>();
    for (long h = 1; h <= 12; h++) {
      if (h == 2) {
        running.update(changed(p)); // learnt at height 2 (decided by block 2: in force from 4)
      }
      seen.add(proposers(running.at(h)));
    }
    assertEquals(expected, seen);
    Validators late = new Validators(p);
    late.at(10); // asked past the change before learning of it: recomputed from height 1
    late.update(changed(p));
    assertEquals(expected.get(9), proposers(late.at(10)));
    assertEquals(List.of(id('b'), id('c'), id('d'), id('e')), late.members(8).stream().map(Member::id).toList());
    assertEquals(4, late.members(3).size());
    assertEquals(5, late.members(4).size(), "a change counts from its first height");
    assertEquals(4, late.members(7).size());
  }

  @Test
  void aChangeAfterTheHeightsAskedKeepsWhatWasComputed() {
    BftParams p = params(1, 1, 1, 1);
    Validators v = new Validators(p);
    ValidatorSet three = v.at(3);
    v.update(changed(p)); // its changes start at 4 and 7, past height 3: nothing asked so far changes
    assertSame(three, v.at(3));
    ValidatorSet five = v.at(5);
    v.update(changed(p)); // the same epochs again
    assertSame(five, v.at(5));
  }

  @Test
  void heightsStartAtOne() {
    Validators v = new Validators(params(1, 1));
    assertThrows(IllegalArgumentException.class, () -> v.at(0));
    assertThrows(IllegalArgumentException.class, () -> v.at(-1));
  }
}
