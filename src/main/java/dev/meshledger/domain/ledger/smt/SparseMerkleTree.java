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
 * The state root: a sparse Merkle tree of depth 256 over all accounts, each at the path given by
 * the SHA-256 of its id (hashing in {@link SmtHashing}).
 *
 * <p>Choices. A sparse tree over hashed keys, rather than a Merkle tree over a sorted list, gives
 * every account a fixed place, so the root depends only on the set of accounts (not on the order
 * of writes or the history), a write costs one path, and absence is provable: the leaf at the
 * account's path is empty. An absent account and an empty one (balance 0, nonce 0) are the same
 * thing, no leaf, as the state never stores an empty account. Empty subtrees have fixed default
 * hashes and are never stored or hashed at run time. Every level is kept (no shortcut for a
 * subtree with one leaf), which keeps the rules and proofs simple at the price of 256 hashes per
 * write and up to 256 stored nodes per account; a shortcut can come later without changing the
 * node store, but it would change the root.
 *
 * <p>The tree holds nothing in memory: nodes are read from and written to a {@link NodeStore}
 * (content-addressed, see there), and an update holds only the paths it rewrites, O(k * 256) for
 * k writes, whatever the number of accounts.
 */
public final class SparseMerkleTree {
  private SparseMerkleTree() {}

  /** The root of the tree with no accounts. */
  public static Hash emptyRoot() {
    return SmtHashing.empty(0);
  }

  /**
   * Applies {@code writes} (a new account state, or empty to delete; an empty account deletes
   * too) to the tree of {@code oldRoot}, puts the new nodes in {@code store} and returns the new
   * root. Nodes of {@code oldRoot} stay, so it remains readable. At most 256 hashes per write.
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

  /** The account stored under {@code id} in the tree of {@code root}, with its proof. */
  public static AccountProof proof(NodeStore store, Hash root, AccountId id) {
    Hash key = SmtHashing.key(id);
    byte[] path = key.toBytes();
    List<Hash> siblings = new ArrayList<>(SmtHashing.DEPTH);
    Hash node = root;
    for (int depth = 0; depth < SmtHashing.DEPTH; depth++) {
      Hash[] children = children(store, depth, node);
      boolean right = SmtHashing.bit(path, depth);
      siblings.add(right ? children[0] : children[1]);
      node = right ? children[1] : children[0];
    }
    if (node.equals(SmtHashing.EMPTY_LEAF)) {
      return new AccountProof(Optional.empty(), siblings);
    }
    NodeStore.Node n = fetch(store, node);
    if (!(n instanceof NodeStore.Leaf leaf) || !leaf.key().equals(key)) {
      throw new IllegalStateException("node " + node + " at the leaf of " + id + " is not its leaf");
    }
    return new AccountProof(Optional.of(leaf.account()), siblings);
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
    if (depth == SmtHashing.DEPTH) {
      if (to - from != 1) {
        throw new IllegalArgumentException("two writes with the same key " + writes.get(from).key);
      }
      Write w = writes.get(from);
      Hash leaf = SmtHashing.leaf(w.key, w.account);
      if (!leaf.equals(SmtHashing.EMPTY_LEAF)) {
        store.put(leaf, new NodeStore.Leaf(w.key, w.account));
      }
      return leaf;
    }
    Hash[] children = children(store, depth, node);
    int mid = from;
    while (mid < to && !SmtHashing.bit(writes.get(mid).path, depth)) {
      mid++;
    }
    Hash left = update(store, depth + 1, children[0], writes, from, mid);
    Hash right = update(store, depth + 1, children[1], writes, mid, to);
    Hash empty = SmtHashing.empty(depth + 1);
    if (left.equals(empty) && right.equals(empty)) {
      return SmtHashing.empty(depth);
    }
    Hash h = SmtHashing.inner(left, right);
    store.put(h, new NodeStore.Inner(left, right));
    return h;
  }

  /** The two children of the inner node {@code node} at {@code depth}. */
  private static Hash[] children(NodeStore store, int depth, Hash node) {
    if (node.equals(SmtHashing.empty(depth))) {
      Hash empty = SmtHashing.empty(depth + 1);
      return new Hash[] {empty, empty};
    }
    if (fetch(store, node) instanceof NodeStore.Inner inner) {
      return new Hash[] {inner.left(), inner.right()};
    }
    throw new IllegalStateException("node " + node + " at depth " + depth + " is a leaf, not an inner node");
  }

  private static NodeStore.Node fetch(NodeStore store, Hash hash) {
    return store.get(hash).orElseThrow(() -> new IllegalStateException("the node store lacks node " + hash));
  }
}
