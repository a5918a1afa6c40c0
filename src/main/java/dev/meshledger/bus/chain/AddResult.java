package dev.meshledger.bus.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.Rejection;

/** What {@link Chain#add} did with a block. */
public sealed interface AddResult {
  /** Stored. {@code reorg} is non-null when the block moved the tip off the old branch. */
  record Added(Block block, Work totalWork, boolean becameTip, Reorg reorg) implements AddResult {}

  /** Already stored: nothing to do. */
  record Duplicate(Block block) implements AddResult {}

  record Rejected(Block block, Rejection reason) implements AddResult {}

  /**
   * The best chain switched branches: {@code forkHeight} is the last common height,
   * {@code depth} how many blocks of the old branch left the best chain.
   */
  record Reorg(Head oldHead, Head newHead, long forkHeight, long depth) {}
}
