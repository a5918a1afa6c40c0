package dev.meshledger.sync;

import dev.meshledger.domain.Block;
import java.util.List;

/** Runs of blocks as a peer serves them. Pure. */
final class BlockRuns {
  private BlockRuns() {}

  /** Heights in sequence from {@code from}, each block the parent of the next (an empty run is linked). */
  static boolean linked(List<Block> blocks, long from) {
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      if (b.height() != from + i || (i > 0 && !b.prevHash().equals(blocks.get(i - 1).hash()))) {
        return false;
      }
    }
    return true;
  }
}
