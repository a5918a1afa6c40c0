package dev.meshledger.chain;

import dev.meshledger.config.ChainLimits;
import dev.meshledger.domain.Hash;
import dev.meshledger.storage.SideBlock;
import dev.meshledger.storage.StoreBatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The stored blocks off the best chain, held in memory (their count is bounded by the byte cap)
 * and persisted through the chain's batches: how many bytes they take against
 * {@link ChainLimits#maxSideBranchBytes}, and which are stale (the tip is
 * {@link ChainLimits#maxForkDepth} past them) and may be dropped.
 */
final class SideBranches {
  private final ChainLimits limits;
  private final TreeSet<SideBlock> byHeight =
      new TreeSet<>(Comparator.comparingLong(SideBlock::height).thenComparing(SideBlock::hash));
  private final Map<Hash, SideBlock> byHash = new HashMap<>();
  /** What changed since the last drain: the block, and whether it is now in the index. */
  private final Map<Hash, Change> changes = new HashMap<>();
  private long bytes;

  private record Change(SideBlock block, boolean present) {}

  SideBranches(ChainLimits limits, List<SideBlock> stored) {
    this.limits = limits;
    for (SideBlock b : stored) {
      index(b);
    }
  }

  /** Whether a block of this height, off the best chain with tip {@code tipHeight}, is too deep to keep. */
  boolean isStale(long height, long tipHeight) {
    return height + limits.maxForkDepth() <= tipHeight;
  }

  /** Whether another side block of {@code size} bytes stays within the cap. */
  boolean fits(int size) {
    return bytes + size <= limits.maxSideBranchBytes();
  }

  void add(SideBlock b) {
    if (index(b)) {
      changes.put(b.hash(), new Change(b, true));
    }
  }

  /** The block joined the best chain, or was dropped; nothing happens if it was not a side block. */
  void remove(Hash hash) {
    SideBlock b = byHash.remove(hash);
    if (b != null) {
      byHeight.remove(b);
      bytes -= b.bytes();
      changes.put(hash, new Change(b, false));
    }
  }

  /** The side blocks that are stale with the tip at {@code tipHeight}, lowest first. */
  List<SideBlock> stale(long tipHeight) {
    List<SideBlock> out = new ArrayList<>();
    for (SideBlock b : byHeight) {
      if (!isStale(b.height(), tipHeight)) {
        break;
      }
      out.add(b);
    }
    return out;
  }

  long bytes() {
    return bytes;
  }

  int count() {
    return byHash.size();
  }

  void drainTo(StoreBatch batch) {
    for (Change c : changes.values()) {
      if (c.present()) {
        batch.addSide(c.block());
      } else {
        batch.removeSide(c.block());
      }
    }
    changes.clear();
  }

  private boolean index(SideBlock b) {
    if (byHash.putIfAbsent(b.hash(), b) != null) {
      return false;
    }
    byHeight.add(b);
    bytes += b.bytes();
    return true;
  }
}
