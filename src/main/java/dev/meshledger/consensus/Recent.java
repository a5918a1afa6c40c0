package dev.meshledger.consensus;

import java.util.LinkedHashMap;
import java.util.Map;

/** The last {@code capacity} keys seen: what was relayed or included already, bounded. */
final class Recent {
  private final LinkedHashMap<Object, Boolean> map;

  Recent(int capacity) {
    this.map = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True when {@code key} was not among the recent ones (it is now). */
  boolean add(Object key) {
    return map.put(key, Boolean.TRUE) == null;
  }

  boolean contains(Object key) {
    return map.containsKey(key);
  }
}
