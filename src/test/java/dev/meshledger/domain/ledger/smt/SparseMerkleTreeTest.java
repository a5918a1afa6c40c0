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
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SparseMerkleTreeTest {
  /** Key bits: A = 01110010..., B = 01110101..., C = 01100100..., D = 10011111... */
  static final AccountId A = id(1);
  static final AccountId B = id(2);
  static final AccountId C = id(3);
  static final AccountId D = id(4);
  static final Hash Z = Hash.ZERO;

  /*
   * Pinned roots computed independently in Python (hashlib only), not with this code:
   *
   *   H = lambda b: hashlib.sha256(b).digest()
   *   def bit(k, d): return (k[d//8] >> (7 - d % 8)) & 1
   *   def leaf(idb, bal, n): k = H(idb); return k, H(b'\x00' + k + struct.pack('>QQ', bal, n))
   *   def root(items, depth=0):
   *       if not items: return bytes(32)
   *       if len(items) == 1: return items[0][1]
   *       l = [x for x in items if bit(x[0], depth) == 0]; r = [x for x in items if bit(x[0], depth) == 1]
   *       return H(b'\x01' + root(l, depth + 1) + root(r, depth + 1))
   *   a = leaf(bytes([1])*32, 1000, 3); b = leaf(bytes([2])*32, 42, 0); c = leaf(bytes([3])*32, 5, 1)
   *   root([a]).hex(); root([a, b]).hex(); root([a, b, c]).hex()
   */
  static final Hash ONE = Hash.fromHex("96dca2078d45cc288bd92a570ad49c25eaf28abf111136a6f0c9edb07804a43e");
  static final Hash TWO = Hash.fromHex("f38b4b1be513100ae4b59d1aa36bdc3586675584c72e9d09ff91949a05a26b21");
  static final Hash THREE = Hash.fromHex("39146cb7c59f3c3afe85fe833df4f50337d6b704c92b430eec6656c077f619bf");

  static final Account AA = new Account(1000, 3);
  static final Account BB = new Account(42, 0);
  static final Account CC = new Account(5, 1);

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

  static Hash leaf(AccountId id, Account a) {
    return SmtHashing.leaf(SmtHashing.key(id), a);
  }

  static Hash inner(Hash l, Hash r) {
    return SmtHashing.inner(l, r);
  }

  Hash apply(Hash root, Object... idThenAccount) {
    return SparseMerkleTree.update(store, root, writes(idThenAccount));
  }

  @Test
  void theEmptyTreeHasRootZeroAndStoresNothing() {
    assertEquals(Z, SparseMerkleTree.emptyRoot());
    assertEquals(Z, apply(Z));
    assertEquals(Z, apply(Z, A, null, B, Account.ZERO));
    assertEquals(0, store.size());
  }

  @Test
  void oneAccountsRootIsItsLeaf() {
    assertEquals(ONE, apply(Z, A, AA));
    assertEquals(leaf(A, AA), ONE);
    assertEquals(new NodeStore.Leaf(SmtHashing.key(A), AA), store.get(ONE).orElseThrow());
    assertEquals(1, store.size());
  }

  @Test
  void twoAccountsSplittingAtTheFirstBitHangOffTheRoot() {
    Hash expected = inner(leaf(A, AA), leaf(D, BB));
    assertEquals(expected, apply(Z, A, AA, D, BB));
    assertEquals(expected, apply(apply(Z, D, BB), A, AA));
    assertEquals(new NodeStore.Inner(leaf(A, AA), leaf(D, BB)), store.get(expected).orElseThrow());
  }

  @Test
  void twoAccountsSharingFiveBitsHangBelowAChainOfInnerNodes() {
    Hash split = inner(leaf(A, AA), leaf(B, BB));
    Hash expected = inner(inner(Z, inner(Z, inner(Z, inner(split, Z)))), Z);
    assertEquals(expected, TWO);
    assertEquals(TWO, apply(Z, A, AA, B, BB));
    assertEquals(TWO, apply(apply(Z, A, AA), B, BB));
    assertEquals(TWO, apply(apply(Z, B, BB), A, AA));
  }

  @Test
  void pinnedRootsMatchAnIndependentComputation() {
    assertEquals(THREE, apply(Z, A, AA, B, BB, C, CC));
    assertEquals(THREE, apply(apply(apply(Z, C, CC), B, BB), A, AA));
    assertEquals(THREE, apply(apply(Z, B, BB, C, CC), A, AA));
  }

  @Test
  void deletesCollapseToWhatAFreshTreeOfTheSameSetGives() {
    Hash all = apply(Z, A, AA, B, BB, C, CC, D, CC);
    assertEquals(THREE, apply(all, D, null));
    assertEquals(TWO, apply(all, C, null, D, Account.ZERO));
    assertEquals(ONE, apply(all, B, null, C, null, D, null), "A moves up to the root");
    assertEquals(leaf(C, CC), apply(all, A, null, B, null, D, null));
    assertEquals(leaf(D, CC), apply(all, A, null, B, null, C, null));
    assertEquals(leaf(B, BB), apply(apply(all, D, null, A, null), C, null), "step by step");
    assertEquals(inner(leaf(C, CC), leaf(D, CC)), apply(all, A, null, B, null));
    assertEquals(inner(leaf(B, BB), leaf(D, CC)), apply(all, A, null, C, null));
    assertEquals(Z, apply(all, A, null, B, null, C, null, D, null));
    assertEquals(THREE, apply(THREE, D, null), "deleting an absent account changes nothing");
    assertEquals(TWO, apply(TWO, C, null), "nor one whose path ends at another leaf");
  }

  @Test
  void aWriteAtALeafReplacesOrDisplacesIt() {
    Hash one = apply(Z, A, AA);
    assertEquals(leaf(A, BB), apply(one, A, BB));
    assertEquals(TWO, apply(one, A, AA, B, BB));
    assertEquals(apply(Z, A, CC, B, BB), apply(one, A, CC, B, BB));
    assertEquals(leaf(B, BB), apply(one, A, null, B, BB));
    assertEquals(inner(leaf(C, CC), leaf(D, BB)), apply(one, A, null, C, CC, D, BB));
    assertEquals(apply(Z, C, CC, D, BB), apply(one, A, null, C, CC, D, BB));
  }

  @Test
  void oldRootsStayReadableAfterAnUpdate() {
    Hash one = apply(Z, A, AA);
    Hash changed = apply(one, A, BB, B, CC);
    assertEquals(Optional.of(AA), SparseMerkleTree.find(store, one, A));
    assertEquals(Optional.empty(), SparseMerkleTree.find(store, one, B));
    assertEquals(Optional.of(BB), SparseMerkleTree.find(store, changed, A));
    assertEquals(Optional.of(CC), SparseMerkleTree.find(store, changed, B));
    assertEquals(Optional.empty(), SparseMerkleTree.find(store, changed, C));
  }

  @Test
  void aWriteStoresAboutLog2NNodesNot257() {
    SortedMap<AccountId, Optional<Account>> many = new TreeMap<>();
    for (int i = 0; i < 4096; i++) {
      byte[] k = new byte[32];
      k[0] = (byte) (i >> 8);
      k[1] = (byte) i;
      many.put(AccountId.of(k), Optional.of(new Account(i + 1, 0)));
    }
    Hash root = SparseMerkleTree.update(store, Z, many);
    int before = store.size();
    SparseMerkleTree.update(store, root, writes(A, AA));
    int written = store.size() - before;
    assertTrue(written >= 10 && written <= 30, "4096 accounts are about 12 deep, wrote " + written);
  }

  @Test
  void aPresentAccountsProofEndsAtItsLeaf() {
    Hash root = apply(Z, A, AA, B, BB, D, CC);
    AccountProof a = SparseMerkleTree.proof(store, root, A);
    assertEquals(Optional.of(AA), a.account());
    assertEquals(Optional.empty(), a.other());
    assertEquals(List.of(leaf(D, CC), Z, Z, Z, Z, leaf(B, BB)), a.siblings());
    assertTrue(a.verify(root, A));
    assertEquals(root, a.rootFor(A));
    AccountProof d = SparseMerkleTree.proof(store, root, D);
    assertEquals(List.of(inner(Z, inner(Z, inner(Z, inner(inner(leaf(A, AA), leaf(B, BB)), Z))))), d.siblings());
    assertTrue(d.verify(root, D));
    AccountProof only = SparseMerkleTree.proof(store, ONE, A);
    assertTrue(only.siblings().isEmpty());
    assertTrue(only.verify(ONE, A));
  }

  @Test
  void anAbsenceIsProvenByAnEmptySubtree() {
    Hash root = apply(Z, A, AA, B, BB);
    AccountProof d = SparseMerkleTree.proof(store, root, D);
    assertEquals(new AccountProof(Optional.empty(), List.of(inner(Z, inner(Z, inner(Z, inner(inner(leaf(A, AA), leaf(B, BB)), Z))))),
        Optional.empty()), d);
    assertTrue(d.verify(root, D));
    assertFalse(d.verify(root, A), "A's path does not go right at the top");
    AccountProof empty = SparseMerkleTree.proof(store, Z, A);
    assertEquals(new AccountProof(Optional.empty(), List.of(), Optional.empty()), empty);
    assertTrue(empty.verify(Z, A));
    assertFalse(empty.verify(ONE, A));
  }

  @Test
  void anAbsenceIsProvenByAnotherLeafOnThePath() {
    AccountProof b = SparseMerkleTree.proof(store, apply(Z, A, AA), B);
    assertEquals(Optional.of(new AccountProof.OtherLeaf(SmtHashing.key(A), AA)), b.other());
    assertEquals(List.of(), b.siblings());
    assertEquals(Optional.empty(), b.account());
    assertTrue(b.verify(ONE, B));

    Hash root = apply(Z, A, AA, D, BB);
    AccountProof c = SparseMerkleTree.proof(store, root, C);
    assertEquals(new AccountProof(Optional.empty(), List.of(leaf(D, BB)),
        Optional.of(new AccountProof.OtherLeaf(SmtHashing.key(A), AA))), c);
    assertTrue(c.verify(root, C));
    assertTrue(c.verify(root, B), "B's path ends at A's leaf too");
  }

  @Test
  void aProofFailsForAnotherBalanceNonceAccountOrRoot() {
    Hash root = apply(Z, A, AA, B, BB, D, CC);
    AccountProof a = SparseMerkleTree.proof(store, root, A);
    assertFalse(new AccountProof(Optional.of(new Account(1001, 3)), a.siblings(), Optional.empty()).verify(root, A));
    assertFalse(new AccountProof(Optional.of(new Account(1000, 4)), a.siblings(), Optional.empty()).verify(root, A));
    assertFalse(AccountProof.absent(a.siblings()).verify(root, A), "absence of a present account");
    assertFalse(a.verify(root, B));
    assertFalse(a.verify(root, C));
    assertFalse(a.verify(ONE, A));
    AccountProof c = SparseMerkleTree.proof(store, root, C);
    assertFalse(new AccountProof(Optional.of(new Account(1, 0)), c.siblings(), Optional.empty()).verify(root, C),
        "presence of an absent one");
    assertFalse(c.verify(Z, C));
    Hash ad = apply(Z, A, AA, D, BB);
    AccountProof besideA = SparseMerkleTree.proof(store, ad, C);
    assertTrue(besideA.verify(ad, C));
    assertFalse(AccountProof.absent(besideA.siblings()).verify(ad, C), "an empty subtree where a leaf is");
  }

  @Test
  void anAccountsOwnLeafCannotProveItsAbsence() {
    Hash root = apply(Z, A, AA, D, BB);
    AccountProof a = SparseMerkleTree.proof(store, root, A);
    AccountProof forged = AccountProof.absentBeside(SmtHashing.key(A), AA, a.siblings());
    assertEquals(root, AccountProof.present(AA, a.siblings()).rootFor(A));
    assertFalse(forged.verify(root, A));
    assertThrows(IllegalArgumentException.class, () -> forged.rootFor(A));
    assertFalse(AccountProof.absentBeside(SmtHashing.key(C), AA, a.siblings()).verify(root, A),
        "A's state under another key on A's path");
  }

  @Test
  void anotherLeafMustLieOnThePathSoFar() {
    // A's path goes left at the top, D's right: a tree with D's leaf on the left is corrupt.
    Hash s = leaf(B, BB);
    AccountProof offPath = AccountProof.absentBeside(SmtHashing.key(D), BB, List.of(s));
    assertFalse(offPath.verify(inner(leaf(D, BB), s), A));
    assertThrows(IllegalArgumentException.class, () -> offPath.rootFor(A));
    assertTrue(AccountProof.absentBeside(SmtHashing.key(C), CC, List.of(s)).verify(inner(leaf(C, CC), s), A));
    // C shares exactly 3 bits with A.
    AccountProof three = AccountProof.absentBeside(SmtHashing.key(C), CC, List.of(s, s, s));
    assertTrue(three.verify(three.rootFor(A), A));
    AccountProof four = AccountProof.absentBeside(SmtHashing.key(C), CC, List.of(s, s, s, s));
    assertThrows(IllegalArgumentException.class, () -> four.rootFor(A));
  }

  @Test
  void aProofFailsWithAnyFlippedSiblingOrAnAddedOrDroppedOne() {
    Hash root = apply(Z, A, AA, B, BB, D, CC);
    for (AccountId id : List.of(A, B, C, D, id(7))) {
      AccountProof p = SparseMerkleTree.proof(store, root, id);
      assertTrue(p.verify(root, id));
      for (int d = 0; d < p.siblings().size(); d++) {
        List<Hash> s = new ArrayList<>(p.siblings());
        byte[] h = s.get(d).toBytes();
        h[31] ^= 1;
        s.set(d, Hash.wrap(h));
        assertFalse(new AccountProof(p.account(), s, p.other()).verify(root, id), "sibling " + d + " of " + id);
      }
      List<Hash> longer = new ArrayList<>(p.siblings());
      longer.add(Z);
      assertFalse(new AccountProof(p.account(), longer, p.other()).verify(root, id));
      List<Hash> shorter = p.siblings().subList(1, p.siblings().size());
      assertFalse(new AccountProof(p.account(), shorter, p.other()).verify(root, id));
    }
  }

  @Test
  void aProofHasAtMost256SiblingsAndNeverClaimsAnEmptyAccount() {
    List<Hash> max = Collections.nCopies(256, Z);
    assertEquals(256, AccountProof.absent(max).siblings().size());
    assertThrows(IllegalArgumentException.class, () -> AccountProof.absent(Collections.nCopies(257, Z)));
    assertEquals(Optional.empty(), AccountProof.present(Account.ZERO, List.of()).account());
    assertThrows(IllegalArgumentException.class,
        () -> new AccountProof(Optional.of(AA), List.of(), Optional.of(new AccountProof.OtherLeaf(Z, BB))));
    assertThrows(IllegalArgumentException.class, () -> new AccountProof.OtherLeaf(Z, Account.ZERO));
  }

  @Test
  void proofsRoundTripThroughBytesAndHex() {
    Hash root = apply(Z, A, AA, B, BB, D, CC);
    for (AccountId id : List.of(A, C, D, id(7))) {
      AccountProof p = SparseMerkleTree.proof(store, root, id);
      assertEquals(p, AccountProof.fromBytes(p.toBytes()));
      assertEquals(p, AccountProof.fromHex(p.toHex()));
      assertTrue(AccountProof.fromHex(p.toHex()).verify(root, id));
    }
    AccountProof empty = SparseMerkleTree.proof(store, Z, A);
    assertEquals("010000", empty.toHex());
    assertEquals("00" + "00000000000003e8" + "0000000000000003" + "0000", AccountProof.present(AA, List.of()).toHex());
    AccountProof beside = AccountProof.absentBeside(Hash.fromHex("aa".repeat(32)), CC, List.of(Z));
    assertEquals("02" + "aa".repeat(32) + "0000000000000005" + "0000000000000001" + "0001" + "00".repeat(32),
        beside.toHex());
    assertEquals(2 + 256 * 32 + 1, AccountProof.absent(Collections.nCopies(256, Z)).toBytes().length);
    assertEquals(AccountProof.absent(Collections.nCopies(256, Z)),
        AccountProof.fromBytes(AccountProof.absent(Collections.nCopies(256, Z)).toBytes()));
  }

  @Test
  void fromBytesIsStrict() {
    Hash root = apply(Z, A, AA, B, BB, D, CC);
    for (AccountProof p : List.of(SparseMerkleTree.proof(store, root, A), SparseMerkleTree.proof(store, root, C),
        SparseMerkleTree.proof(store, root, id(7)))) {
      byte[] b = p.toBytes();
      for (int n = 0; n < b.length; n++) {
        byte[] cut = Arrays.copyOf(b, n);
        assertThrows(IllegalArgumentException.class, () -> AccountProof.fromBytes(cut), "cut at " + n);
      }
      assertThrows(IllegalArgumentException.class, () -> AccountProof.fromBytes(Arrays.copyOf(b, b.length + 1)));
    }
    byte[] tooMany = new byte[1 + 2 + 257 * 32];
    tooMany[0] = 1;
    tooMany[1] = 1;
    tooMany[2] = 1;
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromBytes(tooMany));
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromHex("030000"), "unknown kind");
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromHex("ff0000"), "unknown kind");
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromHex("00" + "00".repeat(16) + "0000"),
        "presence of the empty account");
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromHex("00" + "ff".repeat(16) + "0000"),
        "a negative balance");
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromHex("02" + "aa".repeat(32) + "00".repeat(16) + "0000"),
        "another leaf of the empty account");
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromHex("01000"), "odd hex");
    assertThrows(IllegalArgumentException.class, () -> AccountProof.fromHex("01zz00"), "not hex");
  }

  @Test
  void aMissingNodeIsAnErrorNotAnEmptySubtree() {
    Hash root = apply(Z, A, AA, D, BB);
    store.remove(leaf(D, BB));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.proof(store, root, D));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.find(store, root, D));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.update(store, root, writes(D, CC)));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.update(store, root, writes(A, null)),
        "collapsing needs to know that D's side is a leaf");
    assertEquals(Optional.of(AA), SparseMerkleTree.find(store, root, A), "the rest of the tree still reads");
    store.remove(root);
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.proof(store, root, A));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.update(store, root, writes(B, CC)));
    Hash unknown = Hash.fromHex("11".repeat(32));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.proof(new MemoryNodeStore(), unknown, A));
  }

  @Test
  void aCorruptStoreCannotMakeThePathLongerThan256() {
    Hash loop = Hash.fromHex("22".repeat(32));
    store.put(loop, new NodeStore.Inner(loop, loop));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.proof(store, loop, A));
    assertThrows(IllegalStateException.class, () -> SparseMerkleTree.update(store, loop, writes(A, AA)));
  }
}
