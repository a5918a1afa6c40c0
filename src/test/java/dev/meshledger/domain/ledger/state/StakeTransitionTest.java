package dev.meshledger.domain.ledger.state;

import static dev.meshledger.domain.ledger.state.Fixtures.ALICE;
import static dev.meshledger.domain.ledger.state.Fixtures.BOB;
import static dev.meshledger.domain.ledger.state.Fixtures.CHAIN;
import static dev.meshledger.domain.ledger.state.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.stake.Pool;
import dev.meshledger.domain.ledger.stake.StakeParams;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.stake.Unbonding;
import dev.meshledger.domain.ledger.state.Rejection.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The proof-of-stake block: release, stake and unstake, rewards by power, refusals with their reasons. */
class StakeTransitionTest {
  private static final AccountId V1 = Fixtures.id(0x11);
  private static final AccountId V2 = Fixtures.id(0x12);
  private static final AccountId STRANGER = Fixtures.id(0x13);
  private static final StakeParams PARAMS = new StakeParams(3, 10, 100, 1, 50, 2);
  private static final List<Member> SET = List.of(new Member(V1.toHex(), 300), new Member(V2.toHex(), 100));
  private static final StakeState GENESIS = StakeTransition.genesis(SET);

  private static Transfer tx(TxKind kind, AccountId from, AccountId to, long amount, long fee, long nonce) {
    return Transfer.of(kind, CHAIN, from, to, amount, fee, nonce, new byte[64]);
  }

  private static BlockOutcome run(StakeState stake, long height, long reward, Map<AccountId, Account> accounts,
      Transfer... txs) {
    return StakeTransition.apply(AccountReader.of(accounts), stake, PARAMS, CHAIN, height, V1.toHex(), SET, reward,
        List.of(txs));
  }

  private static Staked staked(BlockOutcome o) {
    return assertInstanceOf(Staked.class, o, () -> String.valueOf(o));
  }

  private static Map<AccountId, Account> after(Map<AccountId, Account> before, Staked s) {
    Map<AccountId, Account> m = new java.util.HashMap<>(before);
    s.effects().writes().applyTo(m);
    return m;
  }

  @Test
  void genesisBondsEachValidatorsPowerByItsOwnKey() {
    StakeState g = StakeTransition.genesis(SET);
    assertEquals(400, g.bonded());
    assertEquals(300, g.valueOf(V1, V1.toHex()));
    assertEquals(100, g.shares(V2, V2.toHex()));
    assertThrows(IllegalArgumentException.class, () -> StakeTransition.genesis(List.of(new Member("zz", 1))));
  }

  @Test
  void aStakeDebitsAmountAndFeeBondsTheAmountAndTheRewardGoesToThePoolsByPower() {
    Map<AccountId, Account> accounts = state(ALICE, new Account(1000, 0));
    Staked s = staked(run(GENESIS, 1, 36, accounts, tx(TxKind.STAKE, ALICE, V2, 100, 4, 0)));
    assertEquals(new Account(896, 1), after(accounts, s).get(ALICE));
    assertEquals(100, s.stake().shares(ALICE, V2.toHex()));
    assertEquals(105, s.stake().valueOf(ALICE, V2.toHex()), "half of V2's pool: its part of the reward too");
    // 40 = reward 36 + fee 4, split 300:100 over the set: V2 gets 10, the proposer V1 the rest
    assertEquals(new Pool(300 + 30, 300, false), s.stake().pool(V1.toHex()));
    assertEquals(new Pool(200 + 10, 200, false), s.stake().pool(V2.toHex()));
    assertEquals(4, s.effects().fees());
    assertEquals(36, s.effects().supplyIncrease());
    assertEquals(0, s.released());
    assertEquals(Optional.empty(), after(accounts, s).entrySet().stream()
        .filter(e -> e.getKey().equals(V1)).findAny(), "nothing is paid to the producer's account");
  }

  @Test
  void anUnstakeDebitsOnlyTheFeeAndTheTokensComeBackAfterTheUnbondingPeriod() {
    Map<AccountId, Account> accounts = state(ALICE, new Account(1000, 0));
    Staked bonded = staked(run(GENESIS, 1, 0, accounts, tx(TxKind.STAKE, ALICE, STRANGER, 100, 0, 0)));
    accounts = after(accounts, bonded);
    Staked unbonding = staked(run(bonded.stake(), 2, 0, accounts, tx(TxKind.UNSTAKE, ALICE, STRANGER, 60, 1, 1)));
    accounts = after(accounts, unbonding);
    assertEquals(new Account(899, 2), accounts.get(ALICE));
    assertEquals(List.of(new Unbonding(ALICE, STRANGER.toHex(), 60, 2, 5)), unbonding.stake().unbonding());
    Staked early = staked(run(unbonding.stake(), 4, 0, accounts));
    assertEquals(0, early.released());
    Staked due = staked(run(early.stake(), 5, 0, accounts));
    assertEquals(60, due.released());
    assertEquals(new Account(959, 2), after(accounts, due).get(ALICE));
    assertTrue(due.stake().unbonding().isEmpty());
  }

  @Test
  void releasedTokensCanBeSpentInTheSameBlock() {
    StakeState s = GENESIS.unstake(0, V2, V2.toHex(), 50, PARAMS).state();
    Map<AccountId, Account> accounts = state();
    Staked done = staked(run(s, 3, 0, accounts, tx(TxKind.TRANSFER, V2, BOB, 50, 0, 0)));
    assertEquals(new Account(50, 0), after(accounts, done).get(BOB));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(tx(TxKind.STAKE, ALICE, V1, 0, 1, 0), Reason.AMOUNT_TOO_SMALL),
        Arguments.of(tx(TxKind.UNSTAKE, ALICE, V1, 0, 1, 0), Reason.AMOUNT_TOO_SMALL),
        Arguments.of(tx(TxKind.UNSTAKE, ALICE, V1, 1, 1, 0), Reason.INSUFFICIENT_STAKE),
        Arguments.of(tx(TxKind.UNSTAKE, V1, V1, 301, 0, 0), Reason.INSUFFICIENT_STAKE),
        Arguments.of(tx(TxKind.STAKE, ALICE, V1, 100, 1, 1), Reason.NONCE_TOO_HIGH),
        Arguments.of(Transfer.of(TxKind.STAKE, "other", ALICE, V1, 10, 0, 0, new byte[64]), Reason.WRONG_CHAIN),
        Arguments.of(tx(TxKind.STAKE, ALICE, V1, 1000, 1, 0), Reason.INSUFFICIENT_FUNDS),
        Arguments.of(tx(TxKind.UNSTAKE, BOB, V1, 1, 1, 0), Reason.INSUFFICIENT_FUNDS),
        Arguments.of(tx(TxKind.STAKE, ALICE, V2, 10, 0, 0), Reason.TOMBSTONED),
        Arguments.of(tx(TxKind.STAKE, ALICE, V1, 10, Long.MAX_VALUE, 0), Reason.OVERFLOW));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void aTransactionTheStakeOrTheAccountRefusesRefusesTheBlock(Transfer t, Reason reason) {
    StakeState s = GENESIS.slash(V2.toHex(), 0, 0).state();
    Map<AccountId, Account> accounts = state(ALICE, new Account(1000, 0));
    assertEquals(new Rejection(0, reason), run(s, 1, 0, accounts, t));
  }

  @Test
  void theThirdOpenUnbondingIsRefusedAtMaxUnbondingTwo() {
    Map<AccountId, Account> accounts = state(V1, new Account(10, 0));
    BlockOutcome o = run(GENESIS, 1, 0, accounts, tx(TxKind.UNSTAKE, V1, V1, 1, 1, 0),
        tx(TxKind.UNSTAKE, V1, V1, 1, 1, 1), tx(TxKind.UNSTAKE, V1, V1, 1, 1, 2));
    assertEquals(new Rejection(2, Reason.TOO_MANY_UNBONDING), o);
  }

  @Test
  void aRewardThatWouldOverflowThePoolsRefusesTheBlock() {
    assertEquals(new Rejection(Rejection.PRODUCER, Reason.OVERFLOW), run(GENESIS, 1, Long.MAX_VALUE - 399, state()));
    assertEquals(Long.MAX_VALUE, staked(run(GENESIS, 1, Long.MAX_VALUE - 400, state())).stake().bonded());
    assertThrows(IllegalArgumentException.class, () -> run(GENESIS, 1, -1, state()));
  }

  @Test
  void feesPastALongRefuseTheTransactionAndFeesWithTheRewardPastTheStakeRefuseTheBlock() {
    Map<AccountId, Account> rich = state(ALICE, new Account(Long.MAX_VALUE, 0), BOB, new Account(Long.MAX_VALUE, 0));
    assertEquals(new Rejection(1, Reason.OVERFLOW), run(GENESIS, 1, 0, rich,
        tx(TxKind.TRANSFER, ALICE, BOB, 0, Long.MAX_VALUE - 10, 0), tx(TxKind.TRANSFER, BOB, ALICE, 0, 11, 0)));
    assertEquals(new Rejection(Rejection.PRODUCER, Reason.OVERFLOW), run(GENESIS, 1, 0, rich,
        tx(TxKind.TRANSFER, ALICE, BOB, 0, Long.MAX_VALUE - 10, 0), tx(TxKind.TRANSFER, BOB, ALICE, 0, 10, 0)),
        "the fees fit a long, but not in the pools beside the stake");
    Map<AccountId, Account> accounts = state(ALICE, new Account(100, 0));
    Transfer fee5 = tx(TxKind.TRANSFER, ALICE, BOB, 0, 5, 0);
    assertEquals(new Rejection(Rejection.PRODUCER, Reason.OVERFLOW), run(GENESIS, 1, Long.MAX_VALUE - 404, accounts, fee5));
    assertEquals(Long.MAX_VALUE, staked(run(GENESIS, 1, Long.MAX_VALUE - 405, accounts, fee5)).stake().bonded());
  }

  @Test
  void unbondingPaidPastALongRefusesTheBlock() {
    StakeState s = GENESIS.unstake(0, V2, V2.toHex(), 50, PARAMS).state();
    Map<AccountId, Account> accounts = state(V2, new Account(Long.MAX_VALUE - 49, 0));
    assertEquals(new Rejection(Rejection.PRODUCER, Reason.OVERFLOW), run(s, 3, 0, accounts));
    accounts = state(V2, new Account(Long.MAX_VALUE - 50, 0));
    assertEquals(50, staked(run(s, 3, 0, accounts)).released());
  }

  @Test
  void plainTransitionRefusesStakeAndUnstake() {
    Map<AccountId, Account> accounts = state(ALICE, new Account(1000, 0));
    for (TxKind k : List.of(TxKind.STAKE, TxKind.UNSTAKE)) {
      assertEquals(new Rejection(0, Reason.NOT_STAKING), StateTransition.apply(AccountReader.of(accounts), CHAIN,
          BOB, 0, List.of(tx(k, ALICE, V1, 1, 1, 0))));
    }
  }
}
