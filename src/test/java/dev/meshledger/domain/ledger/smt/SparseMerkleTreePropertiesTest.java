package dev.meshledger.domain.ledger.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import net.jqwik.api.Tuple;

class SparseMerkleTreePropertiesTest {
  /** A write: one of a few accounts (so writes collide), and a state, empty meaning delete. */
  record W(AccountId id, Optional<Account> value) {}

  static Arbitrary<Account> accounts() {
    return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.longs().between(0, 5))
        .as(Account::new)
        .filter(a -> !a.equals(Account.ZERO));
  }

  @Provide
  Arbitrary<List<W>> histories() {
    Arbitrary<AccountId> ids = Arbitraries.integers().between(0, 23).map(SparseMerkleTreeTest::id);
    Arbitrary<Optional<Account>> values = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(Optional.<Account>empty())),
        Tuple.of(1, Arbitraries.just(Optional.of(Account.ZERO))),
        Tuple.of(5, accounts().map(Optional::of)));
    return Combinators.combine(ids, values).as(W::new).list().ofMaxSize(80);
  }

  @Provide
  Arbitrary<Map<AccountId, Account>> states() {
    Arbitrary<AccountId> ids = Arbitraries.bytes().array(byte[].class).ofSize(AccountId.SIZE).map(AccountId::of);
    return Arbitraries.maps(ids, accounts()).ofMaxSize(60);
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

  /** The root straight from its definition, on the whole set at once: an oracle written apart from the tree. */
  static Hash reference(Map<AccountId, Account> state) {
    List<Hash[]> leaves = new ArrayList<>();
    state.forEach((id, a) -> {
      Hash key = SmtHashing.key(id);
      leaves.add(new Hash[] {key, SmtHashing.leaf(key, a)});
    });
    return reference(leaves, 0);
  }

  private static Hash reference(List<Hash[]> leaves, int depth) {
    if (leaves.isEmpty()) {
      return Hash.ZERO;
    }
    if (leaves.size() == 1) {
      return leaves.get(0)[1];
    }
    List<Hash[]> left = new ArrayList<>();
    List<Hash[]> right = new ArrayList<>();
    for (Hash[] l : leaves) {
      (SmtHashing.bit(l[0].toBytes(), depth) ? right : left).add(l);
    }
    return SmtHashing.inner(reference(left, depth + 1), reference(right, depth + 1));
  }

  static Hash build(NodeStore store, Map<AccountId, Account> state) {
    SortedMap<AccountId, Optional<Account>> writes = new TreeMap<>();
    state.forEach((id, a) -> writes.put(id, Optional.of(a)));
    return SparseMerkleTree.update(store, SparseMerkleTree.emptyRoot(), writes);
  }

  @Property(tries = 200)
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
    assertEquals(reference(state), root);
    assertEquals(build(new MemoryNodeStore(), state), root);

    List<AccountId> shuffled = new ArrayList<>(state.keySet());
    Collections.shuffle(shuffled, random);
    Hash oneByOne = SparseMerkleTree.emptyRoot();
    MemoryNodeStore other = new MemoryNodeStore();
    for (AccountId id : shuffled) {
      oneByOne = SparseMerkleTree.update(other, oneByOne, new TreeMap<>(Map.of(id, Optional.of(state.get(id)))));
    }
    assertEquals(root, oneByOne);

    for (int i = 0; i < 24; i++) {
      AccountId id = SparseMerkleTreeTest.id(i);
      AccountProof p = SparseMerkleTree.proof(store, root, id);
      assertEquals(Optional.ofNullable(state.get(id)), p.account());
      assertTrue(p.verify(root, id));
    }
  }

  @Property(tries = 200)
  void everyAccountsProofAndARandomAbsentOnesVerify(@ForAll("states") Map<AccountId, Account> state,
      @ForAll long absentSeed) {
    MemoryNodeStore store = new MemoryNodeStore();
    Hash root = build(store, state);
    for (Map.Entry<AccountId, Account> e : state.entrySet()) {
      AccountProof p = SparseMerkleTree.proof(store, root, e.getKey());
      assertEquals(Optional.of(e.getValue()), p.account());
      assertTrue(p.siblings().size() <= 40, "60 random accounts are about 8 deep, not " + p.siblings().size());
      assertTrue(AccountProof.fromBytes(p.toBytes()).verify(root, e.getKey()));
      Account other = new Account(e.getValue().balance() ^ 1, e.getValue().nonce());
      assertFalse(new AccountProof(Optional.of(other), p.siblings(), p.other()).verify(root, e.getKey()));
      assertFalse(AccountProof.absent(p.siblings()).verify(root, e.getKey()));
    }
    byte[] raw = new byte[AccountId.SIZE];
    new Random(absentSeed).nextBytes(raw);
    AccountId absent = AccountId.of(raw);
    if (!state.containsKey(absent)) {
      AccountProof p = SparseMerkleTree.proof(store, root, absent);
      assertEquals(Optional.empty(), p.account());
      assertTrue(AccountProof.fromHex(p.toHex()).verify(root, absent));
      assertFalse(AccountProof.present(new Account(1, 0), p.siblings()).verify(root, absent));
    }
  }
}
