package dev.meshledger.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.smt.SparseMerkleTree;
import dev.meshledger.domain.ledger.state.AccountReader;
import dev.meshledger.domain.ledger.state.BlockEffects;
import dev.meshledger.domain.ledger.state.BlockOutcome;
import dev.meshledger.domain.ledger.state.Rejection;
import dev.meshledger.domain.ledger.state.StateTransition;
import java.util.List;

/**
 * Runs a block's transfers and reward on its parent's state: the stateful half of block
 * validity. The state of any stored block stays readable (the tree is content-addressed), so a
 * block on a side branch is checked as fully as one on the best chain, and a reorg only moves
 * the head: no state is rewritten or undone.
 */
final class BlockExecution {
  private BlockExecution() {}

  /** The state root the block leads to (its nodes written to {@code nodes}), or why it cannot apply. */
  sealed interface Result permits Executed, Refused {}

  record Executed(Hash stateRoot, BlockEffects effects) implements Result {}

  /** @param detail which transfer failed and why, for the log */
  record Refused(dev.meshledger.domain.validation.Rejection reason, String detail) implements Result {}

  static AccountReader reader(NodeStore nodes, Hash stateRoot) {
    return id -> SparseMerkleTree.find(nodes, stateRoot, id);
  }

  static Result run(NodeStore nodes, ChainParams params, Hash parentStateRoot, AccountId producer,
      List<Transfer> transfers) {
    BlockOutcome outcome = StateTransition.apply(reader(nodes, parentStateRoot), params.chainId(), producer,
        params.ledger().blockReward(), transfers);
    if (outcome instanceof Rejection r) {
      String which = r.index() == Rejection.PRODUCER ? "the producer's payment" : "transfer " + r.index()
          + " (" + transfers.get(r.index()).id().shortHex() + ")";
      return new Refused(dev.meshledger.domain.validation.Rejection.INVALID_TRANSFER, which + ": " + r.reason());
    }
    BlockEffects effects = (BlockEffects) outcome;
    return new Executed(SparseMerkleTree.update(nodes, parentStateRoot, effects.writes().values()), effects);
  }

  /** Runs {@code block} and checks its header's state root. */
  static Result check(NodeStore nodes, ChainParams params, Hash parentStateRoot, Block block) {
    Result r = run(nodes, params, parentStateRoot, AccountId.of(block.producer()), block.transactions());
    if (r instanceof Executed e && !e.stateRoot().equals(block.stateRoot())) {
      return new Refused(dev.meshledger.domain.validation.Rejection.BAD_STATE_ROOT,
          "computed " + e.stateRoot().shortHex() + ", header says " + block.stateRoot().shortHex());
    }
    return r;
  }
}
