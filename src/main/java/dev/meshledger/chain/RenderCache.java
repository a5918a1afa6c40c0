package dev.meshledger.chain;

import dev.meshledger.domain.Hash;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each block's rendering (the API's JSON) by block hash, bounded in bytes, the least recently
 * used dropped first. Keyed by hash, not height: a hash names one block for good, so a reorg
 * never makes an entry wrong; which block a height holds is read from the store's height index
 * on every request. Shared by the chain's readers, so every method takes the one lock (a range
 * takes it once for all its blocks).
 */
final class RenderCache {
  /** What an entry costs beside its bytes (map entry, key, array header): an estimate, so that tiny entries count. */
  static final int ENTRY_OVERHEAD = 96;

  private final long capacity;
  private final LinkedHashMap<Hash, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;

  /** @param capacityBytes at most this many bytes (entries and their overhead); 0 caches nothing */
  RenderCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("a cache holds 0 bytes or more, got " + capacityBytes);
    }
    this.capacity = capacityBytes;
  }

  static long cost(byte[] value) {
    return (long) value.length + ENTRY_OVERHEAD;
  }

  synchronized byte[] get(Hash hash) {
    return entries.get(hash);
  }

  /** Each hash's rendering, or null where there is none, in the order asked. */
  synchronized byte[][] getAll(List<Hash> hashes) {
    byte[][] out = new byte[hashes.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = entries.get(hashes.get(i));
    }
    return out;
  }

  /** Keeps the rendering (an entry larger than the whole cache is not kept), dropping the least recently used. */
  synchronized void put(Hash hash, byte[] value) {
    long cost = cost(value);
    if (cost > capacity) {
      return;
    }
    byte[] old = entries.put(hash, value);
    if (old != null) {
      bytes -= cost(old);
    }
    bytes += cost;
    Iterator<Map.Entry<Hash, byte[]>> eldest = entries.entrySet().iterator();
    while (bytes > capacity) {
      bytes -= cost(eldest.next().getValue());
      eldest.remove();
    }
  }

  /** Bytes held, overhead included. */
  synchronized long bytes() {
    return bytes;
  }

  synchronized int size() {
    return entries.size();
  }
}
