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

  void put(SyncPool.Batch b) {
    long size = 0;
    for (Block block : b.blocks()) {
      size += BlockCodec.encodedSize(block);
    }
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

  long bytes() {
    return bytes;
  }

  int blocks() {
    return byFrom.values().stream().mapToInt(b -> b.blocks().size()).sum();
  }
}
