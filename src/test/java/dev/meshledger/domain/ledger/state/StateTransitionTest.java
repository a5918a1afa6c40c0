package dev.meshledger.domain.ledger.state;

import static dev.meshledger.domain.ledger.state.Fixtures.ALICE;
import static dev.meshledger.domain.ledger.state.Fixtures.BOB;
import static dev.meshledger.domain.ledger.state.Fixtures.CAROL;
import static dev.meshledger.domain.ledger.state.Fixtures.MINER;
import static dev.meshledger.domain.ledger.state.Fixtures.applied;
import static dev.meshledger.domain.ledger.state.Fixtures.commit;
import static dev.meshledger.domain.ledger.state.Fixtures.state;
import static dev.meshledger.domain.ledger.state.Fixtures.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.ledger.AccountId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A valid block's exact effects: new values, undo data, fees and the supply increase. */
class StateTransitionTest {
  @Test
  void oneTransferMovesTheAmountAndPaysTheProducer() {
    Map<AccountId, Account> s = state(ALICE, new Account(100, 3));
    BlockEffects e = applied(s, 50, transfer(ALICE, BOB, 60, 7, 3));

    assertEquals(new StateWrites(new TreeMap<>(Map.of(
        ALICE, Optional.of(new Account(33, 4)),
        BOB, Optional.of(new Account(60, 0)),
        MINER, Optional.of(new Account(57, 0))))), e.writes());
    assertEquals(new TreeMap<>(Map.of(
        ALICE, Optional.of(new Account(100, 3)), BOB, Optional.empty(), MINER, Optional.empty())), e.undo().before());
    assertEquals(7, e.fees());
    assertEquals(50, e.supplyIncrease());
    assertEquals(Map.of(ALICE, new Account(100, 3)), s, "apply only reads");
  }

  @Test
  void transfersInOneBlockSeeTheOnesBefore() {
    Map<AccountId, Account> s = state(ALICE, new Account(100, 0), MINER, new Account(1000, 2));
    BlockEffects e = commit(s, 50,
        transfer(ALICE, BOB, 30, 1, 0),
        transfer(ALICE, BOB, 20, 2, 1),
        transfer(BOB, CAROL, 45, 3, 0),
        transfer(CAROL, ALICE, 40, 4, 0));

    assertEquals(Map.of(
        ALICE, new Account(100 - 31 - 22 + 40, 2),
        BOB, new Account(50 - 48, 1),
        CAROL, new Account(45 - 44, 1),
        MINER, new Account(1000 + 50 + 10, 2)), s);
    assertEquals(10, e.fees());
    assertEquals(100 + 1000 + 50, Fixtures.sum(s));
  }

  @Test
  void aTransferToOneselfCostsTheFeeAndTakesTheNonce() {
    Map<AccountId, Account> s = state(ALICE, new Account(100, 0));
    commit(s, 0, transfer(ALICE, ALICE, 90, 4, 0), transfer(ALICE, ALICE, 96, 0, 1));

    assertEquals(Map.of(ALICE, new Account(96, 2), MINER, new Account(4, 0)), s);
  }

  @Test
  void theProducerMaySendAndIsPaidAfter() {
    Map<AccountId, Account> s = state(MINER, new Account(10, 0));
    commit(s, 50, transfer(MINER, BOB, 10, 0, 0));

    assertEquals(Map.of(MINER, new Account(50, 1), BOB, new Account(10, 0)), s);
  }

  @Test
  void anEmptyAccountIsNeverStored() {
    Map<AccountId, Account> s = state(ALICE, new Account(5, 0));
    BlockEffects e = applied(s, 0, transfer(ALICE, BOB, 0, 0, 0));

    assertEquals(new TreeMap<>(Map.of(ALICE, new Account(5, 1))), e.undo().after());
    assertEquals(new TreeMap<>(Map.of(ALICE, Optional.of(new Account(5, 0)))), e.undo().before());
    assertEquals(0, e.fees());
  }

  @Test
  void anEmptyBlockWithoutRewardWritesNothing() {
    BlockEffects e = applied(state(MINER, new Account(7, 1)), 0);

    assertEquals(new StateWrites(new TreeMap<>()), e.writes());
    assertEquals(new Undo(new TreeMap<>(), new TreeMap<>()), e.undo());
    assertEquals(0, e.supplyIncrease());
  }

  @Test
  void anAccountWrittenBackToItsValueIsNotChanged() {
    // a stored empty account: BOB pays its only unit away and gets it back; the producer is paid 0
    Map<AccountId, Account> s = state(ALICE, new Account(1, 0), BOB, new Account(1, 0), MINER, Account.ZERO);
    BlockEffects e = applied(s, 0, transfer(BOB, ALICE, 1, 0, 0), transfer(ALICE, BOB, 1, 0, 0));

    assertEquals(new TreeMap<>(Map.of(ALICE, new Account(1, 1), BOB, new Account(1, 1))), e.undo().after());
  }

  @Test
  void undoRestoresTheStateExactly() {
    Map<AccountId, Account> s = state(ALICE, new Account(100, 3), CAROL, new Account(9, 9));
    Map<AccountId, Account> before = new HashMap<>(s);
    BlockEffects e = commit(s, 50, transfer(ALICE, BOB, 60, 7, 3), transfer(ALICE, CAROL, 1, 1, 4));

    StateWrites w = StateTransition.undo(AccountReader.of(s), e.undo());
    assertEquals(new StateWrites(new TreeMap<>(Map.of(
        ALICE, Optional.of(new Account(100, 3)), BOB, Optional.empty(),
        CAROL, Optional.of(new Account(9, 9)), MINER, Optional.empty()))), w);
    w.applyTo(s);
    assertEquals(before, s);
  }

  @Test
  void undoRefusesAStateTheBlockDidNotLeave() {
    Map<AccountId, Account> s = state(ALICE, new Account(100, 0));
    BlockEffects first = commit(s, 0, transfer(ALICE, BOB, 10, 0, 0));
    commit(s, 0, transfer(ALICE, BOB, 10, 0, 1));

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StateTransition.undo(AccountReader.of(s), first.undo()));
    assertEquals("account " + ALICE + " holds Optional[Account[balance=80, nonce=2]], not the block's "
        + "Account[balance=90, nonce=1]", e.getMessage());
  }

  @Test
  void undoRefusesAStateWhereTheAccountIsGone() {
    Map<AccountId, Account> s = state(ALICE, new Account(100, 0));
    BlockEffects e = commit(s, 0, transfer(ALICE, BOB, 10, 0, 0));
    s.remove(BOB);

    assertThrows(IllegalStateException.class, () -> StateTransition.undo(AccountReader.of(s), e.undo()));
  }
}
