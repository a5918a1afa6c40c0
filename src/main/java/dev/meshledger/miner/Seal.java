package dev.meshledger.miner;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Ancestry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Builds, signs and seals the miner's blocks, each on the one before; runs on the sealing thread, one call at a time. */
final class Seal {
  private final BlockFactory factory;
  /** Written and read on the sealing thread only. */
  private volatile long lastTimestamp;

  Seal(BlockFactory factory) {
    this.factory = factory;
  }

  /**
   * The sealed blocks in order, or null when cancelled. Each block carries the bits its parent
   * requires and a timestamp above the parent's median time past that never goes back from one of
   * our blocks to the next.
   */
  List<Block> all(List<byte[]> datas, List<BlockBody> bodies, Ancestry parentAncestry, Hash parentHash,
      AtomicBoolean cancel) {
    List<Block> out = new ArrayList<>(datas.size());
    Ancestry ancestry = parentAncestry;
    Hash parent = parentHash;
    for (int i = 0; i < datas.size(); i++) {
      long timestamp = Math.max(System.currentTimeMillis(), Math.max(lastTimestamp, ancestry.medianTimePast() + 1));
      lastTimestamp = timestamp;
      int bits = factory.powRules().requiredBits(ancestry);
      Optional<Block> b = factory.make(ancestry.height(), parent, timestamp, bits, datas.get(i), bodies.get(i), cancel::get);
      if (b.isEmpty()) {
        return null;
      }
      out.add(b.get());
      ancestry = ancestry.child(timestamp);
      parent = b.get().hash();
    }
    return out;
  }
}
