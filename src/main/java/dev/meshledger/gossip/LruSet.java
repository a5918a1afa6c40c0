package dev.meshledger.gossip;

import java.util.LinkedHashMap;
import java.util.Map;

/** A set that forgets its least recently touched element past a capacity. Not thread-safe. */
final class LruSet<T> {
  private final int capacity;
  private final LinkedHashMap<T, Boolean> map;

  LruSet(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
        return size() > LruSet.this.capacity;
      }
    };
  }

  /** Adds or touches; true when it was not there. */
  boolean add(T t) {
    return map.put(t, Boolean.TRUE) == null;
  }

  /** Whether it is there, touching it if so. */
  boolean contains(T t) {
    return map.get(t) != null;
  }

  boolean remove(T t) {
    return map.remove(t) != null;
  }

  int size() {
    return map.size();
  }

  int capacity() {
    return capacity;
  }
}
