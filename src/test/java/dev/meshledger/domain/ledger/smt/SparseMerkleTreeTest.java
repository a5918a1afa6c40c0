package dev.meshledger.domain.ledger.smt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.state.Account;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SparseMerkleTreeTest {
  static final AccountId A = id(1);
  static final AccountId B = id(2);
  static final AccountId C = id(3);

  /*
   * Pinned roots computed independently in Python (hashlib only), not with this code:
   *
   *   H = lambda b: hashlib.sha256(b).digest()
   *   D = [None]*257; D[256] = bytes(32)
   *   for i in range(255, -1, -1): D[i] = H(b'\x01' + D[i+1] + D[i+1])
   *   def bit(k, d): return (k[d//8] >> (7 - d % 8)) & 1
   *   def root(accts):
   *       def sub(depth, items):
   *           if not items: return D[depth]
   *           if depth == 256: return items[0][1]
   *           l = [x for x in items if bit(x[0], depth) == 0]; r = [x for x in items if bit(x[0], depth) == 1]
   *           return H(b'\x01' + sub(depth+1, l) + sub(depth+1, r))
   *       return sub(0, list(accts.items()))
   *   def leaf(idb, bal, nonce):
   *       k = H(idb); return k, H(b'\x00' + k + struct.pack('>QQ', bal, nonce))
   *   a = leaf(bytes([1])*32, 1000, 3); b = leaf(bytes([2])*32, 42, 0)
   *   D[0].hex(); root(dict([a])).hex(); root(dict([a, b])).hex()
   */
  static final Hash EMPTY = Hash.fromHex("6155289130893872355eac98042d22aefa2c2e708bea169402760e3b55f9a2dc");
  static final Hash ONE = Hash.fromHex("e9b718abfc60313729a6c60065cbcdf02c3ac94c63e292e8bc6ea26240925b65");
  static final Hash TWO = Hash.fromHex("b77757e184f5a3084e6eade7cc5e588669e261e0632155b284d768ff28818035");

  final MemoryNodeStore store = new MemoryNodeStore();

  static AccountId id(int b) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) b);
    return AccountId.of(k);
  }

  static SortedMap<AccountId, Optional<Account>> writes(Object... idThenAccount) {
    SortedMap<AccountId, Optional<Account>> w = new TreeMap<>();
    for (int i = 0; i < idThenAccount.length; i += 2) {
      w.put((AccountId) idThenAccount[i], Optional.ofNullable((Account) idThenAccount[i + 1]));
    }
    return w;
  }

  @Test
  void rootOfNothingIsTheDefaultTopHash() {
    assertEquals(SmtHashing.empty(0), SparseMerkleTree.emptyRoot());
    assertEquals(EMPTY, SparseMerkleTree.emptyRoot());
    assertEquals(EMPTY, SparseMerkleTree.update(store, EMPTY, writes()));
    assertEquals(0, store.size());
  }

  @Test
  void pinnedRootsMatchAnIndependentComputation() {
    Hash one = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1000, 3)));
    assertEquals(ONE, one);
    assertEquals(TWO, SparseMerkleTree.update(store, one, writes(B, new Account(42, 0))));
    assertEquals(TWO, SparseMerkleTree.update(new MemoryNodeStore(), EMPTY,
        writes(A, new Account(1000, 3), B, new Account(42, 0))));
  }

  @Test
  void writingThenDeletingReturnsToTheOldRoot() {
    Hash one = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1000, 3)));
    Hash two = SparseMerkleTree.update(store, one, writes(B, new Account(42, 0)));
    assertEquals(one, SparseMerkleTree.update(store, two, writes(B, null)));
    assertEquals(one, SparseMerkleTree.update(store, two, writes(B, Account.ZERO)), "empty account = no leaf");
    assertEquals(EMPTY, SparseMerkleTree.update(store, two, writes(A, null, B, null)));
    assertEquals(two, SparseMerkleTree.update(store, two, writes(C, null)), "deleting an absent account");
  }

  @Test
  void oldRootsStayReadableAfterAnUpdate() {
    Hash one = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1000, 3)));
    Hash changed = SparseMerkleTree.update(store, one, writes(A, new Account(7, 4)));
    assertEquals(Optional.of(new Account(1000, 3)), SparseMerkleTree.find(store, one, A));
    assertEquals(Optional.of(new Account(7, 4)), SparseMerkleTree.find(store, changed, A));
    assertEquals(Optional.empty(), SparseMerkleTree.find(store, changed, B));
  }

  @Test
  void aWriteStoresOnePathWhateverTheNumberOfAccounts() {
    Hash root = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1, 0)));
    assertEquals(SmtHashing.DEPTH + 1, store.size(), "256 inner nodes and a leaf");
    SortedMap<AccountId, Optional<Account>> many = new TreeMap<>();
    for (int i = 10; i < 60; i++) {
      many.put(id(i), Optional.of(new Account(i, 0)));
    }
    root = SparseMerkleTree.update(store, root, many);
    int before = store.size();
    SparseMerkleTree.update(store, root, writes(A, new Account(2, 0)));
    assertEquals(before + SmtHashing.DEPTH + 1, store.size(), "one new path, old nodes kept");
  }

  @Test
  void proofsVerifyForPresentAndAbsentAccounts() {
    Hash root = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1000, 3), B, new Account(42, 0)));
    AccountProof a = SparseMerkleTree.proof(store, root, A);
    assertEquals(Optional.of(new Account(1000, 3)), a.account());
    assertTrue(a.verify(root, A));
    AccountProof c = SparseMerkleTree.proof(store, root, C);
    assertEquals(Optional.empty(), c.account());
    assertTrue(c.verify(root, C));
    assertTrue(SparseMerkleTree.proof(store, EMPTY, A).verify(EMPTY, A));
  }

  @Test
  void aProofFailsForAnotherBalanceNonceAccountOrRoot() {
    Hash root = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1000, 3), B, new Account(42, 0)));
    AccountProof a = SparseMerkleTree.proof(store, root, A);
    assertFalse(new AccountProof(Optional.of(new Account(1001, 3)), a.siblings()).verify(root, A));
    assertFalse(new AccountProof(Optional.of(new Account(1000, 4)), a.siblings()).verify(root, A));
    assertFalse(new AccountProof(Optional.empty(), a.siblings()).verify(root, A), "absence of a present account");
    assertFalse(a.verify(root, B));
    assertFalse(a.verify(root, C));
    assertFalse(a.verify(ONE, A));
    AccountProof c = SparseMerkleTree.proof(store, root, C);
    assertFalse(new AccountProof(Optional.of(new Account(1, 0)), c.siblings()).verify(root, C), "presence of an absent one");
    assertFalse(c.verify(EMPTY, C));
  }

  @Test
  void aProofFailsWithAnyFlippedSibling() {
    Hash root = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1000, 3), B, new Account(42, 0)));
    for (AccountId id : List.of(A, C)) {
      AccountProof p = SparseMerkleTree.proof(store, root, id);
      for (int d = 0; d < SmtHashing.DEPTH; d++) {
        List<Hash> s = new ArrayList<>(p.siblings());
        byte[] h = s.get(d).toBytes();
        h[31] ^= 1;
        s.set(d, Hash.wrap(h));
        assertFalse(new AccountProof(p.account(), s).verify(root, id), "sibling " + d + " of " + id);
      }
    }
  }

  @Test
  void aProofHasExactly256SiblingsAndNeverClaimsAnEmptyAccount() {
    assertThrows(IllegalArgumentException.class, () -> new AccountProof(Optional.empty(), List.of()));
    AccountProof p = SparseMerkleTree.proof(store, EMPTY, A);
    assertEquals(Optional.empty(), new AccountProof(Optional.of(Account.ZERO), p.siblings()).account());
  }

  @Test
  void aMissingNodeIsAnErrorNotAnEmptySubtree() {
    Hash root = SparseMerkleTree.update(store, EMPTY, writes(A, new Account(1000, 3)));
    store.remove(root);
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.proof(store, root, A));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.update(store, root, writes(B, new Account(1, 1))));
    Hash unknown = Hash.fromHex("11".repeat(32));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.proof(new MemoryNodeStore(), unknown, A));
  }
}
