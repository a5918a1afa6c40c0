package dev.meshledger.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockReader;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator set as the best chain's votes leave it (proof of authority), owned by the {@link Chain}:
 * every BFT block extends the head, so the state only moves forward, one block at a time. Not stored: it
 * is rebuilt on start by reading the stored blocks once (about 70 us a block measured under load, see
 * docs/architecture.md), which keeps the store's format and write batch as they were. Under proof of work
 * there is no set and every check passes.
 */
final class Members {
  private static final Logger log = LoggerFactory.getLogger(Members.class);
  /** Blocks read per step while rebuilding: bounds the memory of a start on a long chain. */
  private static final int REBUILD_CHUNK = 1024;

  private Membership state;

  private Members(Membership state) {
    this.state = state;
  }

  /** The set after the stored best chain up to {@code headHeight}, or none under proof of work. */
  static Members open(BlockReader store, ChainParams params, long headHeight) {
    if (!params.isBft()) {
      return new Members(null);
    }
    long started = System.nanoTime();
    Membership m = Membership.genesis(params.bft().validators(), params.bft().maxValidators());
    for (long from = 1; from <= headHeight; from += REBUILD_CHUNK) {
      List<Block> blocks = store.range(from, (int) Math.min(REBUILD_CHUNK, headHeight - from + 1));
      for (Block b : blocks) {
        m = m.apply(b.height(), b.producerHex(), b.vote());
      }
    }
    if (headHeight > 0) {
      log.info("validator set rebuilt from {} stored blocks in {} ms: {} validators, {} changes decided",
          headHeight, (System.nanoTime() - started) / 1_000_000, m.decided().size(), m.epochs().size() - 1);
    }
    return new Members(m);
  }

  /** The BFT rules that need the set of the block's height; the block extends the head. */
  Optional<Rejection> check(Block block, boolean withCommit) {
    return state == null ? Optional.empty() : BlockValidator.checkMembership(block, state, withCommit);
  }

  /** The block is the new head: its vote counts. */
  void apply(Block block) {
    if (state == null || block.vote() == null) {
      return;
    }
    Membership before = state;
    state = state.apply(block.height(), block.producerHex(), block.vote());
    if (state.epochs().size() > before.epochs().size()) {
      log.info("validator {} voted {} at height {}: {} validators vote from height {}", block.vote().subject(),
          block.vote().add() ? "in" : "out", block.height(), state.decided().size(), block.height() + 2);
    }
  }

  /** The current state; null under proof of work. */
  Membership state() {
    return state;
  }
}
