package dev.meshledger.api;

import io.vertx.core.buffer.Buffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered {@code GET /api/blocks?from&limit} answers, served again without a trip to the chain's readers
 * while they still hold: a range ending below the blocks just added stays right as the chain grows, a range
 * reaching them is dropped, and a reorg drops everything. Least recently used first
 * out, within {@code maxBytes} ({@code http.rangeCacheMegabytes}; 0 keeps nothing). A rendering that was
 * asked for before the tip last moved is not kept ({@link #version}). Pure; the API's event loop owns it.
 */
final class RangeCache {
  private record Key(long from, int limit) {
    long end() {
      return from + limit - 1;
    }
  }

  private final long maxBytes;
  private final LinkedHashMap<Key, Buffer> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long version;

  RangeCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The rendering of this range, or null. */
  Buffer get(long from, int limit) {
    return entries.get(new Key(from, limit));
  }

  /** What {@link #put} must be given back: the tip has not moved since, or the rendering is not kept. */
  long version() {
    return version;
  }

  /** Keeps {@code body}, rendered for a request made at {@code askedAt} (a {@link #version}). */
  void put(long from, int limit, Buffer body, long askedAt) {
    if (askedAt != version || body.length() > maxBytes) {
      return;
    }
    Buffer before = entries.put(new Key(from, limit), body);
    bytes += body.length() - (before == null ? 0 : before.length());
    for (Iterator<Buffer> it = entries.values().iterator(); bytes > maxBytes && it.hasNext(); ) {
      bytes -= it.next().length();
      it.remove();
    }
  }

  /** Blocks were added from {@code lowest} height up (to any branch): ranges reaching them may be stale. */
  void onAdded(long lowest) {
    version++;
    for (Iterator<Map.Entry<Key, Buffer>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Buffer> e = it.next();
      if (e.getKey().end() >= lowest) {
        bytes -= e.getValue().length();
        it.remove();
      }
    }
  }

  /** The best chain changed branch: no rendering can be trusted. */
  void onReorg() {
    version++;
    entries.clear();
    bytes = 0;
  }

  long bytes() {
    return bytes;
  }

  int size() {
    return entries.size();
  }
}
