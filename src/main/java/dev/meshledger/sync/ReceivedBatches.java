package dev.meshledger.sync;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The batches a sync received and has not handed out yet, by first height, and the bytes they hold. Pure. */
final class ReceivedBatches {
  private final TreeMap<Long, SyncPool.Batch> byFrom = new TreeMap<>();
  private final Map<Long, Long> bytesByFrom = new HashMap<>();
  private long bytes;
  /** Every block received by this sync, and their bytes: the average block size. */
  private long seenBlocks;
  private long seenBytes;

  void put(SyncPool.Batch b) {
    long size = 0;
    for (Block block : b.blocks()) {
      size += BlockCodec.encodedSize(block);
    }
    seenBlocks += b.blocks().size();
    seenBytes += size;
    Long before = bytesByFrom.put(b.from(), size);
    bytes += size - (before == null ? 0 : before);
    byFrom.put(b.from(), b);
  }

  void remove(long from) {
    byFrom.remove(from);
    Long size = bytesByFrom.remove(from);
    bytes -= size == null ? 0 : size;
  }

  /** The batch with the lowest first height; null when none is held. */
  Map.Entry<Long, SyncPool.Batch> first() {
    return byFrom.firstEntry();
  }

  Collection<SyncPool.Batch> values() {
    return byFrom.values();
  }

  boolean isEmpty() {
    return byFrom.isEmpty();
  }

  /**
   * Blocks to ask for at once: {@code batchSize}, fewer once the blocks seen are large, so that a window of
   * {@code windowBatches} requests holds about {@code windowBytes} (blocks of 100 transfers are ~17 KB: 30
   * a request in a 16 MB window of 32, where 500 would hold 270 MB decoded) and one batch is stored in one
   * short write.
   */
  int blocksPerRequest(int batchSize, int windowBatches, long windowBytes) {
    if (seenBlocks == 0) {
      return batchSize;
    }
    long average = Math.max(1, seenBytes / seenBlocks);
    return (int) Math.max(1, Math.min(batchSize, windowBytes / windowBatches / average));
  }

  long bytes() {
    return bytes;
  }

  int blocks() {
    return byFrom.values().stream().mapToInt(b -> b.blocks().size()).sum();
  }
}
