package dev.meshledger.domain.ledger.smt;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.state.Account;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the state tree keeps its nodes, addressed by their hash (content-addressed).
 *
 * <p>Why by hash rather than by (depth, path prefix): a node never changes once written, so
 * every earlier root stays readable after a block writes a new one. A reorg then needs no undo
 * of the tree (the old root is still there), proofs against a recent header keep working, and a
 * put is idempotent, so a write that lands twice in a batch is harmless. It also suits the
 * compact tree, where a leaf moves up or down as its neighbours come and go: a leaf's hash does
 * not depend on its depth, so a moved leaf is the same stored node. The cost is that nodes of
 * abandoned roots stay until a pruner (reference counts or a depth window) removes them.
 *
 * <p>Empty subtrees ({@link Hash#ZERO}) are never stored: the tree knows them. A RocksDB store
 * puts into the block's write batch and reads through it (a batch with an index), so a block's
 * nodes are committed atomically with the block.
 */
public interface NodeStore {
  /** The node with this hash, or empty if none is stored. */
  Optional<Node> get(Hash hash);

  /** Stores {@code node} under {@code hash}, which is its hash; storing it again changes nothing. */
  void put(Hash hash, Node node);

  /** A stored node: an inner node's two children, an account's leaf, or a proof-of-stake state's root. */
  sealed interface Node permits Inner, Leaf, StakeRoot {}

  /**
   * The root of a proof-of-stake block's state, stored under SHA-256(accounts | SHA-256(stake)): the
   * accounts tree's root and the stake state's canonical bytes (see {@code state.StakeRoots}).
   */
  record StakeRoot(Hash accounts, byte[] stake) implements Node {
    public StakeRoot {
      Objects.requireNonNull(accounts);
      stake = stake.clone();
    }

    @Override
    public byte[] stake() {
      return stake.clone();
    }
  }

  /** An inner node, over two or more leaves: the hashes of its two children. */
  record Inner(Hash left, Hash right) implements Node {
    public Inner {
      Objects.requireNonNull(left);
      Objects.requireNonNull(right);
    }
  }

  /** A leaf: the account's key (SHA-256 of its id) and its state, never the empty account. */
  record Leaf(Hash key, Account account) implements Node {
    public Leaf {
      Objects.requireNonNull(key);
      if (account.equals(Account.ZERO)) {
        throw new IllegalArgumentException("an empty account has no leaf");
      }
    }
  }
}
