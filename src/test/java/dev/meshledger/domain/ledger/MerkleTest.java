package dev.meshledger.domain.ledger;

import static dev.meshledger.domain.ledger.LedgerFixtures.HEX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleTest {
  // RFC 6962 test vectors as published by transparency-dev/merkle (testonly/constants.go) and
  // Certificate Transparency's merkle_tree_test: eight leaf inputs, the root of each prefix,
  // and inclusion proofs (leaf indices here from 0).
  static final List<byte[]> INPUTS = Stream.of("", "00", "10", "2021", "3031", "40414243",
      "5051525354555657", "606162636465666768696a6b6c6d6e6f").map(HEX::parseHex).toList();
  static final List<String> ROOTS = List.of(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  static final List<String> LEAF_HASHES = List.of(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
      "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");

  record Vector(int index, int size, List<String> path) {}

  static final List<Vector> PROOFS = List.of(
      new Vector(0, 1, List.of()),
      new Vector(0, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
      new Vector(5, 8, List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
      new Vector(2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
      new Vector(1, 5, List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

  private static List<Hash> referenceLeaves() {
    return INPUTS.stream().map(Merkle::leafHash).toList();
  }

  private static List<Hash> hashes(List<String> hex) {
    return hex.stream().map(Hash::fromHex).toList();
  }

  @Test
  void leafAndNodeHashesMatchRfc6962() {
    assertEquals(LEAF_HASHES, referenceLeaves().stream().map(Hash::toHex).toList());
    List<Hash> leaves = referenceLeaves();
    assertEquals(ROOTS.get(2), Merkle.nodeHash(leaves.get(0), leaves.get(1)).toHex());
  }

  @Test
  void rootsOfEveryPrefixMatchRfc6962() {
    List<Hash> leaves = referenceLeaves();
    for (int n = 0; n <= 8; n++) {
      assertEquals(ROOTS.get(n), Merkle.rootOfLeaves(leaves.subList(0, n)).toHex(), "size " + n);
    }
    assertEquals(ROOTS.get(0), Merkle.EMPTY_ROOT.toHex());
    assertEquals(Merkle.EMPTY_ROOT, Merkle.root(List.of()));
  }

  @Test
  void inclusionProofsMatchRfc6962() {
    List<Hash> leaves = referenceLeaves();
    for (Vector v : PROOFS) {
      List<Hash> path = Merkle.path(leaves.subList(0, v.size()), v.index(), 0, v.size());
      assertEquals(hashes(v.path()), path, v.toString());
      Merkle.Proof proof = new Merkle.Proof(v.index(), v.size(), path);
      assertEquals(ROOTS.get(v.size()), proof.rootFrom(leaves.get(v.index())).toHex(), v.toString());
    }
  }

  @Test
  void theSplitIsTheLargestPowerOfTwoBelowN() {
    int[][] table = {{2, 1}, {3, 2}, {4, 2}, {5, 4}, {6, 4}, {7, 4}, {8, 4}, {9, 8}, {16, 8}, {17, 16},
        {70, 64}, {Integer.MAX_VALUE, 1 << 30}};
    for (int[] row : table) {
      assertEquals(row[1], Merkle.split(row[0]), "n = " + row[0]);
    }
  }

  @Test
  void theRootIsOverLeafHashesOfTheIds() {
    Hash a = Sha256.of(new byte[] {1});
    Hash b = Sha256.of(new byte[] {2});
    Hash c = Sha256.of(new byte[] {3});
    Hash la = leaf(a);
    Hash lb = leaf(b);
    Hash lc = leaf(c);
    assertEquals(la, Merkle.root(List.of(a)));
    assertEquals(node(la, lb), Merkle.root(List.of(a, b)));
    assertEquals(node(node(la, lb), lc), Merkle.root(List.of(a, b, c)));
    // the order of transactions is committed to
    assertFalse(Merkle.root(List.of(a, b)).equals(Merkle.root(List.of(b, a))));
    // no duplicated last leaf (Bitcoin's CVE-2012-2459): [a, b, c] and [a, b, c, c] differ
    assertFalse(Merkle.root(List.of(a, b, c)).equals(Merkle.root(List.of(a, b, c, c))));
  }

  /** SHA-256(0x00 | id) by hand. */
  private static Hash leaf(Hash id) {
    ByteBuffer b = ByteBuffer.allocate(33).put((byte) 0);
    id.writeTo(b);
    return Sha256.of(b.array());
  }

  /** SHA-256(0x01 | left | right) by hand. */
  private static Hash node(Hash l, Hash r) {
    ByteBuffer b = ByteBuffer.allocate(65).put((byte) 1);
    l.writeTo(b);
    r.writeTo(b);
    return Sha256.of(b.array());
  }

  @Test
  void everyLeafOfEveryTreeUpTo70Proves() {
    for (int n = 0; n <= 70; n++) {
      checkTree(ids(n, 0), n);
    }
  }

  @Property(tries = 60)
  void everyLeafProvesAndNothingElseDoes(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
    checkTree(ids(n, seed), n);
  }

  private static List<Hash> ids(int n, long seed) {
    List<Hash> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(Sha256.of(ByteBuffer.allocate(12).putLong(seed).putInt(i).array()));
    }
    return ids;
  }

  private static void checkTree(List<Hash> ids, int n) {
    Hash root = Merkle.root(ids);
    if (n == 0) {
      assertEquals(Merkle.EMPTY_ROOT, root);
      assertThrows(IndexOutOfBoundsException.class, () -> Merkle.proof(ids, 0));
      return;
    }
    assertThrows(IndexOutOfBoundsException.class, () -> Merkle.proof(ids, n));
    assertThrows(IndexOutOfBoundsException.class, () -> Merkle.proof(ids, -1));
    Hash otherRoot = flip(root, n % 32);
    for (int i = 0; i < n; i++) {
      String at = "leaf " + i + " of " + n;
      Merkle.Proof p = Merkle.proof(ids, i);
      assertEquals(i, p.index(), at);
      assertEquals(n, p.size(), at);
      assertEquals(pathLength(i, n), p.path().size(), at);
      assertTrue(p.verify(ids.get(i), root), at);
      assertTrue(p.verify(ids.get(i), root, n), at);
      assertFalse(p.verify(ids.get(i), root, n + 1), at);
      assertFalse(p.verify(ids.get(i), otherRoot), at);
      assertEquals(p, Merkle.Proof.fromBytes(p.toBytes()), at);
      assertEquals(p, Merkle.Proof.fromHex(p.toHex()), at);
      assertEquals(9 + 32 * p.path().size(), p.toBytes().length, at);
      if (n > 1) {
        assertFalse(p.verify(ids.get((i + 1) % n), root), at + ": another leaf");
        // another index, same path: for a fixed size every leaf has its own route
        assertFalse(new Merkle.Proof((i + 1) % n, n, p.path()).verify(ids.get(i), root), at + ": another index");
        assertFalse(new Merkle.Proof((i + n - 1) % n, n, p.path()).verify(ids.get(i), root), at + ": another index");
        for (int k = 0; k < p.path().size(); k++) {
          List<Hash> bent = new ArrayList<>(p.path());
          bent.set(k, flip(bent.get(k), (i + k) % 32));
          assertFalse(new Merkle.Proof(i, n, bent).verify(ids.get(i), root), at + ": path byte " + k);
        }
      }
      // a path one hash too long or too short leads nowhere
      List<Hash> longer = new ArrayList<>(p.path());
      longer.add(root);
      assertNull(new Merkle.Proof(i, n, longer).rootFrom(Merkle.leafHash(ids.get(i).toBytes())), at);
      if (!p.path().isEmpty()) {
        assertNull(new Merkle.Proof(i, n, p.path().subList(1, p.path().size())).rootFrom(Merkle.leafHash(ids.get(i).toBytes())), at);
      }
    }
  }

  /** The depth of leaf i in RFC 6962's tree of n: the left part holds the largest power of 2 below n. */
  private static int pathLength(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int k = 1;
    while (2 * k < n) {
      k *= 2;
    }
    return 1 + (i < k ? pathLength(i, k) : pathLength(i - k, n - k));
  }

  private static Hash flip(Hash h, int at) {
    byte[] b = h.toBytes();
    b[at] ^= 1;
    return Hash.wrap(b);
  }

  @Test
  void theSizeIsOnlyAsGoodAsTheShapeOfThePath() {
    // RFC 6962 proofs do not bind the size on their own: the first leaf of 3 has the path
    // shape of the first leaf of 4, and 7 or 8; a verifier with the header's count must say so.
    List<Hash> ids = ids(8, 1);
    Hash root3 = Merkle.root(ids.subList(0, 3));
    Merkle.Proof p = Merkle.proof(ids.subList(0, 3), 0);
    assertTrue(new Merkle.Proof(0, 4, p.path()).verify(ids.get(0), root3));
    assertFalse(new Merkle.Proof(0, 4, p.path()).verify(ids.get(0), root3, 3));
    assertTrue(p.verify(ids.get(0), root3, 3));
    // where the shape differs, the other size fails by itself
    Merkle.Proof last = Merkle.proof(ids.subList(0, 3), 2);
    assertFalse(new Merkle.Proof(2, 4, last.path()).verify(ids.get(2), root3));
    assertFalse(new Merkle.Proof(2, 8, last.path()).verify(ids.get(2), root3));
    Hash root8 = Merkle.root(ids);
    Merkle.Proof five = Merkle.proof(ids, 5);
    assertFalse(new Merkle.Proof(5, 6, five.path()).verify(ids.get(5), root8));
    // leaf 5 of 7 has the route of leaf 5 of 8 (left, right, left): only the count tells them apart
    assertTrue(new Merkle.Proof(5, 7, five.path()).verify(ids.get(5), root8));
    assertFalse(new Merkle.Proof(5, 7, five.path()).verify(ids.get(5), root8, 8));
  }

  @Test
  void aPathWithAHashToSpareIsRefused() {
    Hash id = Sha256.of(new byte[] {9});
    Merkle.Proof single = Merkle.proof(List.of(id), 0);
    assertEquals(List.of(), single.path());
    assertTrue(single.verify(id, Merkle.root(List.of(id))));
    assertFalse(new Merkle.Proof(0, 1, List.of(id)).verify(id, Merkle.root(List.of(id))));
  }

  @Test
  void theCompactFormIsPinned() {
    Vector v = PROOFS.get(2);
    Merkle.Proof p = new Merkle.Proof(v.index(), v.size(), hashes(v.path()));
    String hex = "00000005" + "00000008" + "03" + String.join("", v.path());
    assertEquals(hex, p.toHex());
    assertArrayEquals(HEX.parseHex(hex), p.toBytes());
    assertEquals(p, Merkle.Proof.fromHex(hex));
    assertEquals(p, Merkle.Proof.fromHex(hex.toUpperCase()));
    assertEquals("0000000000000001" + "00", new Merkle.Proof(0, 1, List.of()).toHex());
  }

  @Test
  void malformedProofsAreRefusedWithAReason() {
    Vector v = PROOFS.get(2);
    byte[] good = new Merkle.Proof(v.index(), v.size(), hashes(v.path())).toBytes();
    for (int n = 0; n < good.length; n++) {
      assertEquals("proof is truncated", refused(Arrays.copyOf(good, n)), "cut at " + n);
    }
    assertEquals("proof has 1 trailing bytes", refused(Arrays.copyOf(good, good.length + 1)));
    assertEquals("proof has 32 trailing bytes", refused(Arrays.copyOf(good, good.length + 32)));
    assertEquals("proof index 8 is not in a tree of 8", refused(header(8, 8, 0)));
    assertEquals("proof index 9 is not in a tree of 8", refused(header(9, 8, 0)));
    assertEquals("proof index 2147483648 is not in a tree of 8", refused(header(0x80000000, 8, 0)));
    assertEquals("proof index 0 is not in a tree of 0", refused(header(0, 0, 0)));
    assertEquals("proof index 0 is not in a tree of 4294967295", refused(header(0, -1, 0)));
    assertEquals("proof path has 32 hashes, at most 31", refused(header(0, 1, 32)));
    assertEquals("proof path has 255 hashes, at most 31", refused(header(0, 1, 255)));
    assertEquals("proof is truncated", refused(header(0, 1, 31)));
    assertEquals("proof is not hex", assertThrows(LedgerFormatException.class, () -> Merkle.Proof.fromHex("zz")).getMessage());
    assertEquals("proof is not hex", assertThrows(LedgerFormatException.class, () -> Merkle.Proof.fromHex("000")).getMessage());
  }

  private static byte[] header(int index, int size, int count) {
    return ByteBuffer.allocate(9).putInt(index).putInt(size).put((byte) count).array();
  }

  private static String refused(byte[] bytes) {
    return assertThrows(LedgerFormatException.class, () -> Merkle.Proof.fromBytes(bytes)).getMessage();
  }

  @Test
  void aProofIsBuiltOnlyInRangeAndNeverChanges() {
    assertEquals("index -1 is not in a tree of 1",
        assertThrows(IllegalArgumentException.class, () -> new Merkle.Proof(-1, 1, List.of())).getMessage());
    assertEquals("index 1 is not in a tree of 1",
        assertThrows(IllegalArgumentException.class, () -> new Merkle.Proof(1, 1, List.of())).getMessage());
    List<Hash> most = Collections.nCopies(31, Hash.ZERO);
    assertEquals(31, new Merkle.Proof(0, 1, most).path().size());
    assertEquals("a path has at most 31 hashes, got 32", assertThrows(IllegalArgumentException.class,
        () -> new Merkle.Proof(0, 1, Collections.nCopies(32, Hash.ZERO))).getMessage());
    List<Hash> given = new ArrayList<>(List.of(Hash.ZERO));
    Merkle.Proof p = new Merkle.Proof(0, 2, given);
    given.add(Hash.ZERO);
    assertEquals(List.of(Hash.ZERO), p.path());
    assertThrows(UnsupportedOperationException.class, () -> p.path().add(Hash.ZERO));
  }
}
