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
import dev.meshledger.domain.ledger.state.StakeRoots;
import dev.meshledger.domain.ledger.state.StakeTransition;
import dev.meshledger.domain.ledger.state.Staked;
import dev.meshledger.domain.ledger.state.StateTransition;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.DoubleSign;
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

  /** @param stake the stake state after the block (proof of stake), or null */
  record Executed(Hash stateRoot, BlockEffects effects, StakeState stake) implements Result {}

  /**
   * @param detail which transfer failed and why, for the log
   * @param index the refused transfer's index, or -1 for the block as a whole
   */
  record Refused(dev.meshledger.domain.validation.Rejection reason, String detail, int index) implements Result {
    Refused(dev.meshledger.domain.validation.Rejection reason, String detail) {
      this(reason, detail, -1);
    }
  }

  /** The accounts of a state root (under proof of stake, of its accounts part). */
  static AccountReader reader(NodeStore nodes, ChainParams params, Hash stateRoot) {
    Hash accounts = params.isStake() ? StakeRoots.split(nodes, stateRoot).accounts() : stateRoot;
    return id -> SparseMerkleTree.find(nodes, accounts, id);
  }

  /**
   * Runs a block at {@code height} by {@code producer} on its parent's state; {@code set} is the
   * validator set voting on that height (proof of stake pays it the reward; otherwise unused).
   */
  static Result run(NodeStore nodes, ChainParams params, Hash parentStateRoot, long height, AccountId producer,
      List<Member> set, List<Transfer> transfers) {
    return run(nodes, params, parentStateRoot, height, producer, set, transfers, List.of());
  }

  /** {@link #run} of a block that slashes {@code evidence} (proof of stake). */
  static Result run(NodeStore nodes, ChainParams params, Hash parentStateRoot, long height, AccountId producer,
      List<Member> set, List<Transfer> transfers, List<DoubleSign> evidence) {
    BlockOutcome outcome;
    StakeRoots.Split parent = null;
    if (params.isStake()) {
      parent = StakeRoots.split(nodes, parentStateRoot);
      Hash accounts = parent.accounts();
      outcome = StakeTransition.apply(id -> SparseMerkleTree.find(nodes, accounts, id), parent.stake(),
          params.bft().staking(), params.chainId(), height, producer.toHex(), set, params.ledger().blockReward(),
          transfers, evidence);
    } else {
      outcome = StateTransition.apply(reader(nodes, params, parentStateRoot), params.chainId(), producer,
          params.ledger().blockReward(), transfers);
    }
    if (outcome instanceof Rejection r && r.index() == Rejection.EVIDENCE) {
      return new Refused(dev.meshledger.domain.validation.Rejection.ALREADY_PUNISHED,
          "its evidence slashes a validator already tombstoned", -1);
    }
    if (outcome instanceof Rejection r) {
      String which = r.index() == Rejection.PRODUCER ? "the producer's payment" : "transfer " + r.index()
          + " (" + transfers.get(r.index()).id().shortHex() + ")";
      return new Refused(dev.meshledger.domain.validation.Rejection.INVALID_TRANSFER, which + ": " + r.reason(),
          r.index());
    }
    if (outcome instanceof Staked st) {
      Hash accounts = SparseMerkleTree.update(nodes, parent.accounts(), st.effects().writes().values());
      return new Executed(StakeRoots.put(nodes, accounts, st.stake()), st.effects(), st.stake());
    }
    BlockEffects effects = (BlockEffects) outcome;
    return new Executed(SparseMerkleTree.update(nodes, parentStateRoot, effects.writes().values()), effects, null);
  }

  /** Runs {@code block} (voted on by {@code set}) and checks its header's state root. */
  static Result check(NodeStore nodes, ChainParams params, Hash parentStateRoot, Block block, List<Member> set) {
    Result r = run(nodes, params, parentStateRoot, block.height(), AccountId.of(block.producer()), set,
        block.transactions(), block.evidence());
    if (r instanceof Executed e && !e.stateRoot().equals(block.stateRoot())) {
      return new Refused(dev.meshledger.domain.validation.Rejection.BAD_STATE_ROOT,
          "computed " + e.stateRoot().shortHex() + ", header says " + block.stateRoot().shortHex());
    }
    return r;
  }
}
