package dev.meshledger.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.EvidenceRules;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockReader;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.state.StakeRoots;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator set as the best chain's votes leave it (proof of authority), owned by the {@link Chain}:
 * every BFT block extends the head, so the state only moves forward, one block at a time. Not stored: it
 * is rebuilt on start by reading the stored blocks once (about 70 us a block measured under load, see
 * docs/architecture.md), which keeps the store's format and write batch as they were. Under proof of stake
 * the elections are replayed too, each from the stake stored with its epoch's last block (so only those
 * blocks' stake is read). Under proof of work there is no set and every check passes.
 */
final class Members {
  private static final Logger log = LoggerFactory.getLogger(Members.class);
  /** Blocks read per step while rebuilding: bounds the memory of a start on a long chain. */
  private static final int REBUILD_CHUNK = 1024;

  private final ChainParams params;
  private Membership state;

  private Members(ChainParams params, Membership state) {
    this.params = params;
    this.state = state;
  }

  /**
   * The state after {@code block} on top of {@code m}: its vote counts, and under proof of stake, at the
   * end of an epoch, the stake after it ({@code stakeAfter}, read only then) elects the set that votes
   * from two heights later. A block that slashes (carries evidence) leaves the set as decided without the
   * validators now tombstoned, from two heights later too, rather than at the epoch's end: a proven double
   * signer stops voting at once (the rest of the set keeps its powers until the epoch's election).
   */
  static Membership step(Membership m, ChainParams params, Block block, Supplier<StakeState> stakeAfter) {
    Membership next = m.apply(block.height(), block.producerHex(), block.vote());
    if (params.isStake() && params.bft().staking().endsEpoch(block.height())) {
      Optional<List<Member>> elected = stakeAfter.get().elect(params.bft().staking());
      if (elected.isPresent()) {
        next = next.elect(block.height(), elected.get());
      }
    } else if (params.isStake() && !block.evidence().isEmpty()) {
      StakeState stake = stakeAfter.get();
      List<Member> kept = next.decided().stream().filter(v -> !stake.pool(v.id()).tombstoned()).toList();
      if (!kept.isEmpty()) {
        next = next.elect(block.height(), kept);
      }
    }
    return next;
  }

  /** The stake after a stored block (proof of stake): its state root's stake part. */
  static StakeState stakeOf(NodeStore nodes, Block block) {
    return StakeRoots.split(nodes, block.stateRoot()).stake();
  }

  /** The set after the stored best chain up to {@code headHeight}, or none under proof of work. */
  static Members open(BlockReader store, ChainParams params, long headHeight, NodeStore nodes) {
    if (!params.isBft()) {
      return new Members(params, null);
    }
    long started = System.nanoTime();
    Membership m = Membership.genesis(params.bft().validators(), params.bft().maxValidators());
    for (long from = 1; from <= headHeight; from += REBUILD_CHUNK) {
      List<Block> blocks = store.range(from, (int) Math.min(REBUILD_CHUNK, headHeight - from + 1));
      for (Block b : blocks) {
        m = step(m, params, b, () -> stakeOf(nodes, b));
      }
    }
    if (headHeight > 0) {
      log.info("validator set rebuilt from {} stored blocks in {} ms: {} validators, {} changes decided",
          headHeight, (System.nanoTime() - started) / 1_000_000, m.decided().size(), m.epochs().size() - 1);
    }
    return new Members(params, m);
  }

  /** The BFT rules that need the set of the block's height; the block extends the head. */
  Optional<Rejection> check(Block block, boolean withCommit) {
    return state == null ? Optional.empty() : BlockValidator.checkMembership(block, state, withCommit,
        EvidenceRules.maxAge(params));
  }

  /** The block is the new head: its vote counts, and under proof of stake an epoch's end elects ({@code stake} after it). */
  void apply(Block block, StakeState stake) {
    if (state == null) {
      return;
    }
    Membership before = state;
    state = step(state, params, block, () -> stake);
    if (state.epochs().size() > before.epochs().size() && !block.evidence().isEmpty()) {
      log.info("block {} slashes {}: {} validators vote from height {}", block.height(), block.evidence().stream()
          .map(e -> e.validatorHex()).toList(), state.decided().size(), block.height() + 2);
    } else if (state.epochs().size() > before.epochs().size() && block.vote() == null) {
      log.info("stake elected {} validators at height {}, voting from height {}: {}", state.decided().size(),
          block.height(), block.height() + 2, state.decided());
    } else if (state.epochs().size() > before.epochs().size()) {
      log.info("validator {} voted {} at height {}: {} validators vote from height {}", block.vote().subject(),
          block.vote().add() ? "in" : "out", block.height(), state.decided().size(), block.height() + 2);
    }
  }

  /** The current state; null under proof of work. */
  Membership state() {
    return state;
  }
}
