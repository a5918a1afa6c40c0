package dev.meshledger.domain.ledger.state;

import static dev.meshledger.domain.ledger.state.Fixtures.ALICE;
import static dev.meshledger.domain.ledger.state.Fixtures.BOB;
import static dev.meshledger.domain.ledger.state.Fixtures.CAROL;
import static java.lang.Long.MAX_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.ledger.AccountId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Genesis, supply and the small value types. */
class ValuesTest {
  @Test
  void genesisStoresTheAllocationsAndTheirSum() {
    Map<AccountId, Long> alloc = new LinkedHashMap<>();
    alloc.put(BOB, 7L);
    alloc.put(ALICE, 1000L);
    alloc.put(CAROL, 0L);
    GenesisState g = StateTransition.genesis(alloc);

    assertEquals(new StateWrites(new TreeMap<>(Map.of(
        ALICE, Optional.of(new Account(1000, 0)), BOB, Optional.of(new Account(7, 0))))), g.writes());
    assertEquals(List.of(ALICE, BOB), List.copyOf(g.writes().values().keySet()), "in account id order");
    assertEquals(new Supply(1007, 0), g.supply());
  }

  @Test
  void genesisAcceptsATotalOfExactlyLongMax() {
    GenesisState g = StateTransition.genesis(Map.of(ALICE, MAX_VALUE - 1, BOB, 1L));
    assertEquals(MAX_VALUE, g.supply().total());
  }

  @Test
  void genesisRefusesATotalPastLongMax() {
    Map<AccountId, Long> alloc = new LinkedHashMap<>();
    alloc.put(ALICE, MAX_VALUE);
    alloc.put(BOB, 1L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateTransition.genesis(alloc));
    assertEquals("the allocations' total overflows at " + BOB, e.getMessage());
  }

  @Test
  void genesisRefusesANegativeAllocation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StateTransition.genesis(Map.of(ALICE, -1L)));
    assertEquals("a negative allocation to " + ALICE + ": -1", e.getMessage());
  }

  @Test
  void genesisRefusesMissingValues() {
    Map<AccountId, Long> noAmount = new HashMap<>();
    noAmount.put(ALICE, null);
    assertThrows(NullPointerException.class, () -> StateTransition.genesis(noAmount));
    Map<AccountId, Long> noAccount = new HashMap<>();
    noAccount.put(null, 1L);
    assertThrows(NullPointerException.class, () -> StateTransition.genesis(noAccount));
  }

  @Test
  void supplyGrowsByTheRewardOnlyAndShrinksBackOnUndo() {
    Supply s = new Supply(1000, 0).after(50).after(50);
    assertEquals(new Supply(1000, 100), s);
    assertEquals(1100, s.total());
    assertEquals(new Supply(1000, 50), s.before(50));
  }

  @Test
  void supplyRefusesOverflowAndNegatives() {
    assertEquals(MAX_VALUE, new Supply(MAX_VALUE - 1, 0).after(1).total());
    assertThrows(IllegalArgumentException.class, () -> new Supply(MAX_VALUE, 0).after(1));
    assertThrows(IllegalArgumentException.class, () -> new Supply(1, MAX_VALUE).after(0));
    assertThrows(IllegalArgumentException.class, () -> new Supply(0, MAX_VALUE).after(1));
    assertThrows(IllegalArgumentException.class, () -> new Supply(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Supply(0, -1));
    assertThrows(IllegalArgumentException.class, () -> new Supply(0, 0).after(-1));
    assertThrows(IllegalArgumentException.class, () -> new Supply(0, 0).before(1));
    assertEquals(new Supply(0, 0), new Supply(0, 0).after(0));
  }

  @Test
  void anAccountIsNeverNegative() {
    assertEquals(new Account(0, 0), Account.ZERO);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Account(-1, 0));
    assertEquals("an account's balance and nonce are never negative: -1, 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Account(0, -1));
  }

  @Test
  void anAbsentAccountReadsAsEmpty() {
    AccountReader r = AccountReader.of(Map.of(ALICE, new Account(3, 4)));
    assertEquals(new Account(3, 4), r.get(ALICE));
    assertEquals(Account.ZERO, r.get(BOB));
    assertEquals(Optional.empty(), r.find(BOB));
  }

  @Test
  void writesStoreAndDelete() {
    Map<AccountId, Account> s = new HashMap<>(Map.of(ALICE, new Account(1, 1), BOB, new Account(2, 2)));
    new StateWrites(new TreeMap<>(Map.of(ALICE, Optional.empty(), CAROL, Optional.of(new Account(3, 3))))).applyTo(s);
    assertEquals(Map.of(BOB, new Account(2, 2), CAROL, new Account(3, 3)), s);
  }

  @Test
  void anUndoRecordNamesTheSameAccountsTwice() {
    assertThrows(IllegalArgumentException.class, () -> new Undo(
        new TreeMap<>(Map.of(ALICE, Optional.empty())), new TreeMap<>(Map.of(BOB, new Account(1, 0)))));
  }
}
