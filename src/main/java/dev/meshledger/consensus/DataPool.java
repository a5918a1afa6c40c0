package dev.meshledger.consensus;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Data posted to a BFT chain and not yet in a block, oldest first, keyed by its hash: the same data
 * posted twice while it waits is one item (and one block). Bounded in items and bytes: past either,
 * new data is refused, never old data dropped.
 */
final class DataPool {
  /** What {@link #add} did. */
  enum Added { NEW, KNOWN, FULL }

  private final int maxItems;
  private final long maxBytes;
  private final LinkedHashMap<Hash, byte[]> items = new LinkedHashMap<>();
  private long bytes;

  DataPool(int maxItems, long maxBytes) {
    if (maxItems < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("a data pool holds at least one item and one byte");
    }
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
  }

  Added add(byte[] data) {
    return add(Sha256.of(data), data);
  }

  /** {@link #add(byte[])} for a caller that hashed the data already ({@code id} is its SHA-256). */
  Added add(Hash id, byte[] data) {
    if (items.containsKey(id)) {
      return Added.KNOWN;
    }
    if (items.size() >= maxItems || bytes + data.length > maxBytes) {
      return Added.FULL;
    }
    items.put(id, data);
    bytes += data.length;
    return Added.NEW;
  }

  /** The oldest waiting data, left in the pool until a final block holds it. */
  Optional<byte[]> oldest() {
    for (Map.Entry<Hash, byte[]> e : items.entrySet()) {
      return Optional.of(e.getValue());
    }
    return Optional.empty();
  }

  /** Up to {@code n} of the oldest waiting items, oldest first. */
  java.util.List<byte[]> oldest(int n) {
    java.util.List<byte[]> out = new java.util.ArrayList<>(Math.min(n, items.size()));
    for (byte[] d : items.values()) {
      if (out.size() >= n) {
        break;
      }
      out.add(d);
    }
    return out;
  }

  /** A final block holds the data with this hash: it waits no more. */
  void included(Hash dataHash) {
    byte[] d = items.remove(dataHash);
    if (d != null) {
      bytes -= d.length;
    }
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  int size() {
    return items.size();
  }

  long bytes() {
    return bytes;
  }
}
