package dev.meshledger.domain.ledger.state;

import static dev.meshledger.domain.ledger.state.Fixtures.ALICE;
import static dev.meshledger.domain.ledger.state.Fixtures.BOB;
import static dev.meshledger.domain.ledger.state.Fixtures.CHAIN;
import static dev.meshledger.domain.ledger.state.Fixtures.MINER;
import static dev.meshledger.domain.ledger.state.Fixtures.apply;
import static dev.meshledger.domain.ledger.state.Fixtures.onChain;
import static dev.meshledger.domain.ledger.state.Fixtures.state;
import static dev.meshledger.domain.ledger.state.Fixtures.transfer;
import static dev.meshledger.domain.ledger.state.Rejection.Reason.INSUFFICIENT_FUNDS;
import static dev.meshledger.domain.ledger.state.Rejection.Reason.NONCE_TOO_HIGH;
import static dev.meshledger.domain.ledger.state.Rejection.Reason.NONCE_TOO_LOW;
import static dev.meshledger.domain.ledger.state.Rejection.Reason.OVERFLOW;
import static dev.meshledger.domain.ledger.state.Rejection.Reason.WRONG_CHAIN;
import static java.lang.Long.MAX_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.state.Rejection.Reason;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejection at its edge: the last valid case applies, the first invalid one is refused. */
class RejectionTest {
  /** A state, a block reward, the transfers, and the expected rejection (null: it applies). */
  record Case(String name, Map<AccountId, Account> state, long reward, List<Transfer> transfers,
      Rejection expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case ok(String name, Map<AccountId, Account> state, long reward, Transfer... ts) {
    return new Case(name, state, reward, List.of(ts), null);
  }

  static Case no(String name, int index, Reason reason, Map<AccountId, Account> state, long reward, Transfer... ts) {
    return new Case(name, state, reward, List.of(ts), new Rejection(index, reason));
  }

  static Stream<Arguments> cases() {
    Map<AccountId, Account> alice100 = state(ALICE, new Account(100, 5));
    Map<AccountId, Account> aliceMax = state(ALICE, new Account(MAX_VALUE, 0));
    return Stream.of(
        ok("balance exactly amount + fee", alice100, 0, transfer(ALICE, BOB, 90, 10, 5)),
        no("balance one short of amount + fee", 0, INSUFFICIENT_FUNDS, alice100, 0, transfer(ALICE, BOB, 90, 11, 5)),
        no("an absent sender has nothing", 0, INSUFFICIENT_FUNDS, state(), 0, transfer(ALICE, BOB, 1, 0, 0)),
        ok("an absent sender may send zero", state(), 0, transfer(ALICE, BOB, 0, 0, 0)),
        ok("nonce exactly next", alice100, 0, transfer(ALICE, BOB, 1, 1, 5)),
        no("nonce one below next", 0, NONCE_TOO_LOW, alice100, 0, transfer(ALICE, BOB, 1, 1, 4)),
        no("nonce one above next", 0, NONCE_TOO_HIGH, alice100, 0, transfer(ALICE, BOB, 1, 1, 6)),
        no("nonce 1 from a fresh account", 0, NONCE_TOO_HIGH, state(), 0, transfer(ALICE, BOB, 0, 0, 1)),
        no("the same nonce twice in a block", 1, NONCE_TOO_LOW, alice100, 0,
            transfer(ALICE, BOB, 1, 1, 5), transfer(ALICE, BOB, 1, 1, 5)),
        no("a nonce skipped in a block", 1, NONCE_TOO_HIGH, alice100, 0,
            transfer(ALICE, BOB, 1, 1, 5), transfer(ALICE, BOB, 1, 1, 7)),
        no("another chain", 0, WRONG_CHAIN, alice100, 0, onChain("other", ALICE, BOB, 1, 1, 5)),
        no("a chain id differing in case", 0, WRONG_CHAIN, alice100, 0, onChain(CHAIN.toUpperCase(), ALICE, BOB, 1, 1, 5)),
        ok("amount + fee exactly Long.MAX_VALUE", aliceMax, 0, transfer(ALICE, BOB, MAX_VALUE - 1, 1, 0)),
        no("amount + fee one past Long.MAX_VALUE", 0, OVERFLOW, aliceMax, 0, transfer(ALICE, BOB, MAX_VALUE, 1, 0)),
        no("amount + fee far past Long.MAX_VALUE", 0, OVERFLOW, aliceMax, 0, transfer(ALICE, BOB, MAX_VALUE, MAX_VALUE, 0)),
        ok("receiver's balance exactly Long.MAX_VALUE",
            state(ALICE, new Account(100, 0), BOB, new Account(MAX_VALUE - 90, 0)), 0, transfer(ALICE, BOB, 90, 10, 0)),
        no("receiver's balance one past Long.MAX_VALUE", 0, OVERFLOW,
            state(ALICE, new Account(100, 0), BOB, new Account(MAX_VALUE - 89, 0)), 0, transfer(ALICE, BOB, 90, 10, 0)),
        no("the sender's last nonce", 0, OVERFLOW, state(ALICE, new Account(100, MAX_VALUE)), 0,
            transfer(ALICE, BOB, 1, 1, MAX_VALUE)),
        ok("the sender's nonce one before the last", state(ALICE, new Account(100, MAX_VALUE - 1)), 0,
            transfer(ALICE, BOB, 1, 1, MAX_VALUE - 1)),
        ok("fees exactly Long.MAX_VALUE", state(ALICE, new Account(MAX_VALUE, 0), BOB, new Account(MAX_VALUE, 0)), 0,
            transfer(ALICE, ALICE, 0, MAX_VALUE - 1, 0), transfer(BOB, BOB, 0, 1, 0)),
        no("fees one past Long.MAX_VALUE", 1, OVERFLOW,
            state(ALICE, new Account(MAX_VALUE, 0), BOB, new Account(MAX_VALUE, 0)), 0,
            transfer(ALICE, ALICE, 0, MAX_VALUE, 0), transfer(BOB, BOB, 0, 1, 0)),
        no("a transfer's own fault is named before the fees' overflow", 1, INSUFFICIENT_FUNDS,
            state(ALICE, new Account(MAX_VALUE, 0), BOB, new Account(0, 0)), 0,
            transfer(ALICE, ALICE, 0, MAX_VALUE, 0), transfer(BOB, BOB, 0, 1, 0)),
        ok("producer paid exactly up to Long.MAX_VALUE", state(ALICE, new Account(10, 0), MINER, new Account(MAX_VALUE - 15, 0)),
            5, transfer(ALICE, BOB, 0, 10, 0)),
        no("producer paid one past Long.MAX_VALUE", Rejection.PRODUCER, OVERFLOW,
            state(ALICE, new Account(10, 0), MINER, new Account(MAX_VALUE - 14, 0)), 5, transfer(ALICE, BOB, 0, 10, 0)),
        ok("reward alone exactly Long.MAX_VALUE", state(), MAX_VALUE),
        no("reward alone one past the producer's room", Rejection.PRODUCER, OVERFLOW,
            state(MINER, new Account(1, 0)), MAX_VALUE),
        no("reward + fees past Long.MAX_VALUE", Rejection.PRODUCER, OVERFLOW,
            state(ALICE, new Account(1, 0)), MAX_VALUE, transfer(ALICE, BOB, 0, 1, 0)),
        ok("reward + fees exactly Long.MAX_VALUE", state(ALICE, new Account(1, 0)), MAX_VALUE - 1,
            transfer(ALICE, BOB, 0, 1, 0)),
        no("the first invalid transfer is named", 1, INSUFFICIENT_FUNDS, alice100, 0,
            transfer(ALICE, BOB, 50, 0, 5), transfer(ALICE, BOB, 51, 0, 6), transfer(ALICE, BOB, 1, 0, 5)),
        no("a wrong chain is named before the nonce", 0, WRONG_CHAIN, alice100, 0, onChain("other", ALICE, BOB, 1, 0, 9)),
        no("a used nonce is named before the funds", 0, NONCE_TOO_LOW, alice100, 0, transfer(ALICE, BOB, 500, 0, 4)),
        no("a nonce gap is named before the funds", 0, NONCE_TOO_HIGH, alice100, 0, transfer(ALICE, BOB, 500, 0, 6)),
        no("the block's reward cannot be spent in it", 0, INSUFFICIENT_FUNDS, state(), 50, transfer(MINER, BOB, 1, 0, 0)),
        no("the block's fees cannot be spent in it", 1, INSUFFICIENT_FUNDS, alice100, 0,
            transfer(ALICE, BOB, 0, 10, 5), transfer(MINER, BOB, 1, 0, 0)))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesAtTheEdge(Case c) {
    BlockOutcome outcome = apply(c.state(), c.reward(), c.transfers().toArray(Transfer[]::new));
    if (c.expected() == null) {
      assertInstanceOf(BlockEffects.class, outcome);
    } else {
      assertEquals(c.expected(), outcome);
    }
  }

  @Test
  void aNegativeRewardIsTheCallersMistake() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> apply(state(), -1));
    assertEquals("a block reward is never negative: -1", e.getMessage());
  }

  @Test
  void aZeroRewardIsAllowed() {
    assertInstanceOf(BlockEffects.class, apply(state(), 0));
  }
}
