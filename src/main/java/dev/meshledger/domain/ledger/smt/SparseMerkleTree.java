package dev.meshledger.domain.ledger.smt;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.state.Account;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The state root: a compact sparse Merkle tree over all accounts, each on the path given by the
 * SHA-256 of its id (hashing in {@link SmtHashing}), binary, as in Diem's Jellyfish Merkle tree.
 *
 * <p>Shape. An empty subtree is {@link Hash#ZERO} at any depth; a subtree with exactly one leaf
 * is that leaf, placed at the highest depth where its key prefix is unique; only a subtree with
 * two or more leaves has an inner node, {@code inner(left, right)}. The shape, hence the root, is
 * a function of the set of accounts alone, not of the order of writes or of the history: a delete
 * that leaves one leaf in a subtree moves that leaf up, so the tree is what a fresh build of the
 * same set gives. The empty tree's root is {@code ZERO}; a tree of one account has its leaf as
 * root.
 *
 * <p>Why compact rather than full depth: a full tree of depth 256 costs 256 hashes and 257 stored
 * nodes per write whatever the number of accounts; with hashed keys, N accounts make the compact
 * tree about log2(N) + 2 deep, so a write costs that many hashes and nodes (about 20 for a
 * million accounts). A sparse tree over hashed keys, rather than a Merkle tree over a sorted
 * list, still gives every account a fixed path, so absence is provable: the path ends in an
 * empty subtree or in another account's leaf. An absent account and an empty one (balance 0,
 * nonce 0) are the same thing, no leaf, as the state never stores an empty account.
 *
 * <p>The tree holds nothing in memory: nodes are read from and written to a {@link NodeStore}
 * (content-addressed, see there), and an update holds only the paths it rewrites.
 */
public final class SparseMerkleTree {
  private SparseMerkleTree() {}

  /** The root of the tree with no accounts: {@link Hash#ZERO}. */
  public static Hash emptyRoot() {
    return SmtHashing.EMPTY;
  }

  /**
   * Applies {@code writes} (a new account state, or empty to delete; an empty account deletes
   * too) to the tree of {@code oldRoot}, puts the new nodes in {@code store} and returns the new
   * root. Nodes of {@code oldRoot} stay, so it remains readable.
   *
   * @throws IllegalStateException if the store lacks a node of {@code oldRoot} on a written path
   */
  public static Hash update(NodeStore store, Hash oldRoot, SortedMap<AccountId, Optional<Account>> writes) {
    List<Write> byKey = new ArrayList<>(writes.size());
    for (Map.Entry<AccountId, Optional<Account>> e : writes.entrySet()) {
      Hash key = SmtHashing.key(e.getKey());
      byKey.add(new Write(key, key.toBytes(), e.getValue().orElse(Account.ZERO)));
    }
    byKey.sort((a, b) -> Arrays.compareUnsigned(a.path, b.path));
    return update(store, 0, oldRoot, byKey, 0, byKey.size());
  }

  /**
   * The proof of what {@code id} holds in the tree of {@code root}: the siblings down its path to
   * the first leaf or empty subtree.
   *
   * @throws IllegalStateException if the store lacks a node on the path
   */
  public static AccountProof proof(NodeStore store, Hash root, AccountId id) {
    Hash key = SmtHashing.key(id);
    byte[] path = key.toBytes();
    List<Hash> siblings = new ArrayList<>();
    Hash node = root;
    for (int depth = 0; !node.equals(SmtHashing.EMPTY); depth++) {
      NodeStore.Node n = fetch(store, node);
      if (n instanceof NodeStore.Leaf leaf) {
        return leaf.key().equals(key)
            ? AccountProof.present(leaf.account(), siblings)
            : AccountProof.absentBeside(leaf.key(), leaf.account(), siblings);
      }
      NodeStore.Inner inner = innerAt(depth, node, n);
      boolean right = SmtHashing.bit(path, depth);
      siblings.add(right ? inner.left() : inner.right());
      node = right ? inner.right() : inner.left();
    }
    return AccountProof.absent(siblings);
  }

  /** The account under {@code id} in the tree of {@code root}, empty if none. */
  public static Optional<Account> find(NodeStore store, Hash root, AccountId id) {
    return proof(store, root, id).account();
  }

  private record Write(Hash key, byte[] path, Account account) {}

  /** The new hash of the subtree at {@code depth} whose hash was {@code node}, after writes[from:to]. */
  private static Hash update(NodeStore store, int depth, Hash node, List<Write> writes, int from, int to) {
    if (from == to) {
      return node;
    }
    if (node.equals(SmtHashing.EMPTY)) {
      return build(store, depth, merge(null, writes, from, to));
    }
    NodeStore.Node n = fetch(store, node);
    if (n instanceof NodeStore.Leaf leaf) {
      Write old = new Write(leaf.key(), leaf.key().toBytes(), leaf.account());
      return build(store, depth, merge(old, writes, from, to));
    }
    NodeStore.Inner inner = innerAt(depth, node, n);
    int mid = split(writes, from, to, depth);
    Hash left = update(store, depth + 1, inner.left(), writes, from, mid);
    Hash right = update(store, depth + 1, inner.right(), writes, mid, to);
    if (right.equals(SmtHashing.EMPTY) && leafOrEmpty(store, left)) {
      return left;
    }
    if (left.equals(SmtHashing.EMPTY) && leafOrEmpty(store, right)) {
      return right;
    }
    return put(store, left, right);
  }

  /** The leaves of a subtree that held {@code old} (or nothing, if null) after writes[from:to], by key. */
  private static List<Write> merge(Write old, List<Write> writes, int from, int to) {
    List<Write> leaves = new ArrayList<>();
    Write pending = old;
    for (int i = from; i < to; i++) {
      Write w = writes.get(i);
      if (pending != null) {
        int c = Arrays.compareUnsigned(pending.path, w.path);
        if (c < 0) {
          leaves.add(pending);
        }
        if (c <= 0) {
          pending = null;
        }
      }
      if (!w.account.equals(Account.ZERO)) {
        leaves.add(w);
      }
    }
    if (pending != null) {
      leaves.add(pending);
    }
    return leaves;
  }

  /** Builds the compact subtree at {@code depth} of {@code leaves} (sorted, distinct keys) and returns its hash. */
  private static Hash build(NodeStore store, int depth, List<Write> leaves) {
    if (leaves.isEmpty()) {
      return SmtHashing.EMPTY;
    }
    if (leaves.size() == 1) {
      Write w = leaves.get(0);
      Hash h = SmtHashing.leaf(w.key, w.account);
      store.put(h, new NodeStore.Leaf(w.key, w.account));
      return h;
    }
    int mid = split(leaves, 0, leaves.size(), depth);
    Hash left = build(store, depth + 1, leaves.subList(0, mid));
    Hash right = build(store, depth + 1, leaves.subList(mid, leaves.size()));
    return put(store, left, right);
  }

  private static Hash put(NodeStore store, Hash left, Hash right) {
    Hash h = SmtHashing.inner(left, right);
    store.put(h, new NodeStore.Inner(left, right));
    return h;
  }

  /** The first index in [from, to) whose path goes right at {@code depth}, or {@code to}. */
  private static int split(List<Write> writes, int from, int to, int depth) {
    int mid = from;
    while (mid < to && !SmtHashing.bit(writes.get(mid).path, depth)) {
      mid++;
    }
    return mid;
  }

  /** Whether the subtree {@code hash} holds at most one leaf, so it moves up when its sibling empties. */
  private static boolean leafOrEmpty(NodeStore store, Hash hash) {
    return hash.equals(SmtHashing.EMPTY) || fetch(store, hash) instanceof NodeStore.Leaf;
  }

  /** {@code n} as an inner node at {@code depth}, which a well-formed tree never has at 256 or below. */
  private static NodeStore.Inner innerAt(int depth, Hash hash, NodeStore.Node n) {
    if (depth >= SmtHashing.DEPTH) {
      throw new IllegalStateException("inner node " + hash + " at depth " + depth + ": the store is corrupt");
    }
    return (NodeStore.Inner) n;
  }

  private static NodeStore.Node fetch(NodeStore store, Hash hash) {
    return store.get(hash).orElseThrow(() -> new IllegalStateException("the node store lacks node " + hash));
  }
}
