package dev.meshledger.chain;

import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.state.StakeRoots;
import dev.meshledger.domain.ledger.smt.NodeStore;
import java.util.Optional;
import java.util.function.Function;

/** Sums over a whole state tree, for the audit: one pass over its nodes, depth-first. */
final class StateTotals {
  private StateTotals() {}

  /**
   * What the state of {@code root} accounts for: every balance and, under proof of stake, the stake bonded
   * and unbonding plus what slashing burnt (burnt tokens left the supply, but the supply counts every reward).
   */
  static long held(NodeStore nodes, ChainParams params, Hash root) {
    if (!params.isStake()) {
      return balances(nodes::get, root);
    }
    StakeRoots.Split split = StakeRoots.split(nodes, root);
    return Math.addExact(balances(nodes::get, split.accounts()), Math.addExact(split.stake().held(), split.stake().burnt()));
  }

  /** The sum of every account's balance in the state of {@code root}. */
  static long balances(Function<Hash, Optional<NodeStore.Node>> nodes, Hash root) {
    if (root.equals(Hash.ZERO)) {
      return 0;
    }
    NodeStore.Node n = nodes.apply(root)
        .orElseThrow(() -> new IllegalStateException("the state tree lacks node " + root));
    if (n instanceof NodeStore.Leaf leaf) {
      return leaf.account().balance();
    }
    NodeStore.Inner inner = (NodeStore.Inner) n;
    return Math.addExact(balances(nodes, inner.left()), balances(nodes, inner.right()));
  }
}
