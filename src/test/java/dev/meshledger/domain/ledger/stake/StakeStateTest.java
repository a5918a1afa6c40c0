package dev.meshledger.domain.ledger.stake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.stake.StakeState.Applied;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StakeStateTest {
  static final AccountId ALICE = AccountId.fromHex("a1".repeat(32));
  static final AccountId BOB = AccountId.fromHex("b0".repeat(32));
  static final String V1 = "11".repeat(32);
  static final String V2 = "22".repeat(32);
  static final String V3 = "33".repeat(32);
  static final StakeParams PARAMS = new StakeParams(10, 5, 2, 100, 50, 2);

  static StakeState ok(Applied a) {
    assertTrue(a.ok(), () -> "refused: " + a.refusal());
    return a.state();
  }

  static StakeState staked(Object... ownerValidatorAmount) {
    StakeState s = StakeState.EMPTY;
    for (int i = 0; i < ownerValidatorAmount.length; i += 3) {
      s = ok(s.stake((AccountId) ownerValidatorAmount[i], (String) ownerValidatorAmount[i + 1],
          ((Number) ownerValidatorAmount[i + 2]).longValue()));
    }
    return s;
  }

  @Test
  void theFirstStakeBuysOneSharePerToken() {
    StakeState s = staked(ALICE, V1, 1_000);
    assertEquals(new Pool(1_000, 1_000, false), s.pool(V1));
    assertEquals(1_000, s.shares(ALICE, V1));
    assertEquals(1_000, s.valueOf(ALICE, V1));
    assertEquals(0, s.valueOf(BOB, V1));
    assertEquals(0, s.valueOf(ALICE, V2));
    assertEquals(1_000, s.bonded());
    assertEquals(java.util.Map.of(V1, new Pool(1_000, 1_000, false)), s.pools());
  }

  @Test
  void rewardsRaiseEveryBondersValueInProportion() {
    StakeState s = staked(ALICE, V1, 300, BOB, V1, 100).reward(List.of(new Member(V1, 400)), V1, 40);
    assertEquals(new Pool(440, 400, false), s.pool(V1));
    assertEquals(330, s.valueOf(ALICE, V1));
    assertEquals(110, s.valueOf(BOB, V1));
    StakeState later = ok(s.stake(BOB, V1, 110));
    assertEquals(200, later.shares(BOB, V1), "a later bonder buys at the raised price: 110 for 100 shares");
    assertEquals(330, later.valueOf(ALICE, V1));
  }

  /** Block reward 100 split over powers; the proposer takes the rounding remainder. */
  static Stream<Arguments> rewardSplits() {
    return Stream.of(
        Arguments.of(List.of(1L, 1L, 1L), V1, 100L, List.of(34L, 33L, 33L)),
        Arguments.of(List.of(1L, 1L, 1L), V3, 100L, List.of(33L, 33L, 34L)),
        Arguments.of(List.of(2L, 1L, 1L), V2, 100L, List.of(50L, 25L, 25L)),
        Arguments.of(List.of(5L, 3L, 1L), V1, 10L, List.of(6L, 3L, 1L)),
        Arguments.of(List.of(1L, 1L, 1L), V2, 0L, List.of(0L, 0L, 0L)));
  }

  @ParameterizedTest(name = "powers {0}, proposer {1}, reward {2}: {3}")
  @MethodSource("rewardSplits")
  void rewardsArePaidByPower(List<Long> powers, String proposer, long reward, List<Long> expected) {
    StakeState s = staked(ALICE, V1, 1_000, ALICE, V2, 1_000, ALICE, V3, 1_000);
    List<Member> set = List.of(new Member(V1, powers.get(0)), new Member(V2, powers.get(1)), new Member(V3, powers.get(2)));
    StakeState r = s.reward(set, proposer, reward);
    assertEquals(expected, Stream.of(V1, V2, V3).map(v -> r.pool(v).tokens() - 1_000).toList());
    assertEquals(3_000 + reward, r.bonded());
  }

  @Test
  void aRewardNeedsASetAndIsNotNegative() {
    StakeState s = staked(ALICE, V1, 10);
    assertThrows(IllegalArgumentException.class, () -> s.reward(List.of(), V1, 5));
    assertThrows(IllegalArgumentException.class, () -> s.reward(List.of(new Member(V1, 1)), V1, -1));
  }

  @Test
  void unstakingMovesTokensToUnbondingUntilTheReleaseHeight() {
    StakeState s = ok(staked(ALICE, V1, 1_000).unstake(20, ALICE, V1, 400, PARAMS));
    assertEquals(new Pool(600, 600, false), s.pool(V1));
    assertEquals(List.of(new Unbonding(ALICE, V1, 400, 20, 30)), s.unbonding());
    assertSame(s, s.release(29).state());
    assertEquals(List.of(), s.release(29).paid());
    StakeState.Released r = s.release(30);
    assertEquals(List.of(new Unbonding(ALICE, V1, 400, 20, 30)), r.paid());
    assertEquals(List.of(), r.state().unbonding());
    assertEquals(600, r.state().bonded());
  }

  @Test
  void releaseKeepsWhatIsNotDue() {
    StakeState s = ok(staked(ALICE, V1, 1_000).unstake(20, ALICE, V1, 100, PARAMS));
    s = ok(s.unstake(25, ALICE, V1, 100, PARAMS));
    StakeState.Released r = s.release(33);
    assertEquals(List.of(new Unbonding(ALICE, V1, 100, 20, 30)), r.paid());
    assertEquals(List.of(new Unbonding(ALICE, V1, 100, 25, 35)), r.state().unbonding());
  }

  /** What an unstake of {@code amount} from Alice's 1,000 (worth 1,100 after a reward) does. */
  static Stream<Arguments> unstakes() {
    return Stream.of(
        Arguments.of(0L, StakeRefusal.AMOUNT_TOO_SMALL, 1_000L),
        Arguments.of(-5L, StakeRefusal.AMOUNT_TOO_SMALL, 1_000L),
        Arguments.of(1_101L, StakeRefusal.INSUFFICIENT_STAKE, 1_000L),
        Arguments.of(1_100L, null, 0L),
        Arguments.of(1L, null, 999L),
        Arguments.of(11L, null, 990L),
        Arguments.of(12L, null, 989L));
  }

  @ParameterizedTest(name = "unstake {0}: {1}, shares left {2}")
  @MethodSource("unstakes")
  void unstakeBurnsSharesRoundedUp(long amount, StakeRefusal refusal, long sharesLeft) {
    StakeState s = staked(ALICE, V1, 1_000).reward(List.of(new Member(V1, 1)), V1, 100);
    Applied a = s.unstake(7, ALICE, V1, amount, PARAMS);
    assertEquals(refusal, a.refusal());
    assertEquals(sharesLeft, a.state().shares(ALICE, V1));
    assertEquals(refusal == null ? 1_100 - amount : 1_100, a.state().pool(V1).tokens());
    if (refusal != null) {
      assertSame(s, a.state());
    }
  }

  @Test
  void aBonderWhoLeavesIsForgotten() {
    StakeState s = ok(staked(ALICE, V1, 500, BOB, V1, 500).unstake(3, ALICE, V1, 500, PARAMS));
    assertEquals(0, s.shares(ALICE, V1));
    assertEquals(500, s.shares(BOB, V1));
    assertEquals(new Pool(500, 500, false), s.pool(V1));
  }

  @Test
  void unbondingEntriesPerOwnerAndValidatorAreCapped() {
    StakeState s = staked(ALICE, V1, 1_000, ALICE, V2, 1_000, BOB, V1, 1_000);
    s = ok(s.unstake(1, ALICE, V1, 1, PARAMS));
    s = ok(s.unstake(2, ALICE, V1, 1, PARAMS));
    assertEquals(StakeRefusal.TOO_MANY_UNBONDING, s.unstake(3, ALICE, V1, 1, PARAMS).refusal());
    assertTrue(s.unstake(3, ALICE, V2, 1, PARAMS).ok(), "another validator");
    assertTrue(s.unstake(3, BOB, V1, 1, PARAMS).ok(), "another owner");
    assertTrue(s.release(12).state().unstake(12, ALICE, V1, 1, PARAMS).ok(), "once one is released");
  }

  @Test
  void stakeRefusals() {
    StakeState s = staked(ALICE, V1, 1_000).reward(List.of(new Member(V1, 1)), V1, 1_000);
    assertEquals(StakeRefusal.AMOUNT_TOO_SMALL, s.stake(BOB, V1, 0).refusal());
    assertEquals(StakeRefusal.AMOUNT_TOO_SMALL, s.stake(BOB, V1, -3).refusal());
    assertEquals(StakeRefusal.AMOUNT_TOO_SMALL, s.stake(BOB, V1, 1).refusal(), "half a share");
    assertEquals(1, ok(s.stake(BOB, V1, 2)).shares(BOB, V1));
    assertEquals(StakeRefusal.OVERFLOW, s.stake(BOB, V1, Long.MAX_VALUE - 1_000).refusal());
    assertTrue(s.stake(BOB, V1, Long.MAX_VALUE - 2_000).ok());
    StakeState cheap = staked(ALICE, V1, 1_000).slash(V1, 0, 999).state();
    assertEquals(StakeRefusal.TOMBSTONED, cheap.stake(BOB, V1, 10).refusal());
  }

  @Test
  void aDoubleSignerIsBurntAndTombstonedWithWhatLeftAfterTheOffence() {
    StakeState s = staked(ALICE, V1, 1_000, BOB, V1, 1_000, BOB, V2, 1_000);
    s = ok(s.unstake(10, ALICE, V1, 200, PARAMS));
    s = ok(s.unstake(20, BOB, V1, 400, PARAMS));
    s = ok(s.unstake(20, BOB, V2, 100, PARAMS));
    s = ok(s.unstake(15, BOB, V1, 100, PARAMS));
    StakeState.Slashed cut = s.slash(V1, 15, 50);
    assertEquals(new Pool(1_235, 1_300, true), cut.state().pool(V1), "5% of 1,300");
    assertEquals(List.of(new Unbonding(ALICE, V1, 200, 10, 20), new Unbonding(BOB, V1, 380, 20, 30),
        new Unbonding(BOB, V2, 100, 20, 30), new Unbonding(BOB, V1, 95, 15, 25)), cut.state().unbonding());
    assertEquals(65 + 20 + 5, cut.burnt());
    assertEquals(0, s.slash(V1, 15, 1_000).state().pool(V1).tokens(), "all of it");
    assertEquals(0, s.slash(V1, 15, 0).burnt(), "none of it, tombstoned all the same");
    assertTrue(s.slash(V1, 15, 0).state().pool(V1).tombstoned());
    assertEquals(new Pool(900, 900, false), cut.state().pool(V2));
    StakeState before = s;
    assertThrows(IllegalArgumentException.class, () -> before.slash(V1, 1, 1_001));
    assertThrows(IllegalArgumentException.class, () -> before.slash(V1, 1, -1));
  }

  @Test
  void theElectedSetIsTheLargestUntombstonedPoolsAboveTheMinimum() {
    StakeParams three = new StakeParams(10, 5, 3, 100, 50, 2);
    StakeState s = staked(ALICE, V1, 500, ALICE, V2, 700, ALICE, V3, 99, BOB, "44".repeat(32), 700,
        BOB, "55".repeat(32), 600);
    assertEquals(Optional.of(List.of(new Member(V2, 700), new Member("44".repeat(32), 700),
        new Member("55".repeat(32), 600))), s.elect(three));
    assertEquals(Optional.of(List.of(new Member(V2, 700), new Member("44".repeat(32), 700))), s.elect(PARAMS),
        "ties to the lower id, then id order");
    StakeState slashed = s.slash(V2, 1, 0).state();
    assertEquals(Optional.of(List.of(new Member("44".repeat(32), 700), new Member("55".repeat(32), 600))),
        slashed.elect(PARAMS));
    assertEquals(Optional.of(List.of(new Member(V3, 99))), staked(ALICE, V3, 99).elect(new StakeParams(1, 1, 1, 99, 0, 1)));
    assertEquals(Optional.empty(), staked(ALICE, V3, 99).elect(PARAMS));
    assertEquals(Optional.empty(), StakeState.EMPTY.elect(PARAMS));
    assertEquals(Optional.of(List.of(new Member(V1, 500), new Member(V2, 700))),
        staked(ALICE, V2, 700, ALICE, V1, 500).elect(PARAMS), "in id order, not by size");
  }

  @Test
  void hugeStakesArePowerScaledBelowTheLimit() {
    StakeParams p = new StakeParams(10, 5, 3, 1, 50, 2);
    StakeState s = staked(ALICE, V1, Long.MAX_VALUE / 2, ALICE, V2, Long.MAX_VALUE / 4, ALICE, V3, 3);
    List<Member> set = s.elect(p).orElseThrow();
    long total = set.stream().mapToLong(Member::power).sum();
    assertTrue(total <= Long.MAX_VALUE / 8, "total " + total);
    assertEquals(2, set.size(), "a pool worth less than one unit of power drops out");
    assertEquals(2 * set.get(1).power(), set.get(0).power(), 1);
    StakeState fits = staked(ALICE, V1, (1L << 59), ALICE, V2, (1L << 59) - 1);
    assertEquals(List.of(new Member(V1, 1L << 59), new Member(V2, (1L << 59) - 1)), fits.elect(p).orElseThrow());
  }

  @Test
  void epochsEndAtMultiplesOfTheirLength() {
    assertFalse(PARAMS.endsEpoch(0));
    assertFalse(PARAMS.endsEpoch(4));
    assertTrue(PARAMS.endsEpoch(5));
    assertFalse(PARAMS.endsEpoch(6));
    assertTrue(PARAMS.endsEpoch(10));
  }

  @Test
  void badParamsAndRecordsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new StakeParams(-1, 5, 2, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new StakeParams(0, 0, 2, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new StakeParams(0, 1, 0, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new StakeParams(0, 1, 1, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new StakeParams(0, 1, 1, 1, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new StakeParams(0, 1, 1, 1, 1_001, 1));
    assertThrows(IllegalArgumentException.class, () -> new StakeParams(0, 1, 1, 1, 0, 0));
    new StakeParams(0, 1, 1, 1, 1_000, 1);
    assertThrows(IllegalArgumentException.class, () -> new Pool(-1, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new Pool(0, -1, false));
    assertThrows(IllegalArgumentException.class, () -> new Unbonding(ALICE, V1, -1, 1, 2));
    assertEquals(0, new Unbonding(ALICE, V1, 0, 2, 2).amount(), "slashed to nothing, released at once");
    assertThrows(IllegalArgumentException.class, () -> new Unbonding(ALICE, V1, 1, 3, 2));
    assertThrows(NullPointerException.class, () -> new Unbonding(null, V1, 1, 1, 2));
    assertThrows(NullPointerException.class, () -> new Unbonding(ALICE, null, 1, 1, 2));
  }
}
