package dev.meshledger.domain.ledger.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.state.Account;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SparseMerkleTreePropertiesTest {
  /** A write: one of a few accounts (so writes collide), and a state, empty meaning delete. */
  record W(AccountId id, Optional<Account> value) {}

  @Provide
  Arbitrary<List<W>> histories() {
    Arbitrary<AccountId> ids = Arbitraries.integers().between(0, 11).map(SparseMerkleTreeTest::id);
    Arbitrary<Optional<Account>> values = Arbitraries.frequencyOf(
        weighted(1, Arbitraries.just(Optional.<Account>empty())),
        weighted(1, Arbitraries.just(Optional.of(Account.ZERO))),
        weighted(4, Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.longs().between(0, 5))
            .as((b, n) -> Optional.of(new Account(b, n)))));
    return Combinators.combine(ids, values).as(W::new).list().ofMaxSize(40);
  }

  private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends Optional<Account>>> weighted(
      int weight, Arbitrary<? extends Optional<Account>> a) {
    return net.jqwik.api.Tuple.of(weight, a);
  }

  /** The final state of a history: the last write to each account wins. */
  static Map<AccountId, Account> finalState(List<W> history) {
    Map<AccountId, Account> state = new HashMap<>();
    for (W w : history) {
      if (w.value.isPresent() && !w.value.get().equals(Account.ZERO)) {
        state.put(w.id, w.value.get());
      } else {
        state.remove(w.id);
      }
    }
    return state;
  }

  static Hash rebuild(Map<AccountId, Account> state) {
    SortedMap<AccountId, Optional<Account>> writes = new TreeMap<>();
    state.forEach((id, a) -> writes.put(id, Optional.of(a)));
    return SparseMerkleTree.update(new MemoryNodeStore(), SparseMerkleTree.emptyRoot(), writes);
  }

  @Property(tries = 60)
  void theRootDependsOnlyOnTheFinalStateNotTheOrderOrBatching(@ForAll("histories") List<W> history, @ForAll long seed) {
    MemoryNodeStore store = new MemoryNodeStore();
    Hash root = SparseMerkleTree.emptyRoot();
    Random random = new Random(seed);
    SortedMap<AccountId, Optional<Account>> batch = new TreeMap<>();
    for (W w : history) {
      if (batch.containsKey(w.id) || random.nextInt(3) == 0) {
        root = SparseMerkleTree.update(store, root, batch);
        batch = new TreeMap<>();
      }
      batch.put(w.id, w.value);
    }
    root = SparseMerkleTree.update(store, root, batch);
    Map<AccountId, Account> state = finalState(history);
    assertEquals(rebuild(state), root);

    List<AccountId> shuffled = new ArrayList<>(state.keySet());
    Collections.shuffle(shuffled, random);
    Hash oneByOne = SparseMerkleTree.emptyRoot();
    MemoryNodeStore other = new MemoryNodeStore();
    for (AccountId id : shuffled) {
      oneByOne = SparseMerkleTree.update(other, oneByOne, new TreeMap<>(Map.of(id, Optional.of(state.get(id)))));
    }
    assertEquals(root, oneByOne);

    for (int i = 0; i < 12; i++) {
      AccountId id = SparseMerkleTreeTest.id(i);
      AccountProof p = SparseMerkleTree.proof(store, root, id);
      assertEquals(Optional.ofNullable(state.get(id)), p.account());
      assertTrue(p.verify(root, id));
    }
  }
}
