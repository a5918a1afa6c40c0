package dev.meshledger.p2p;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Addresses this node knows of: where each came from, when it last worked, how often dialling
 * it failed and when to try it again (exponential back-off with jitter). Seeds are never
 * evicted or forgotten. Bounded; saved as JSON under the data dir so a restart keeps it.
 */
public final class AddressBook {
  /** Entries kept at most; the least useful non-seed goes first. */
  public static final int MAX_ENTRIES = 2000;

  /** One known address. Mutable, owned by the book. */
  public static final class Entry {
    final String address;
    String nodeId;
    String source;
    boolean seed;
    long lastSeen;
    int failures;
    long nextAttempt;

    Entry(String address, String source) {
      this.address = address;
      this.source = source;
    }

    public String address() { return address; }
    public String nodeId() { return nodeId; }
    public String source() { return source; }
    public boolean seed() { return seed; }
    public long lastSeen() { return lastSeen; }
    public int failures() { return failures; }
    public long nextAttempt() { return nextAttempt; }
  }

  private final long baseBackoffMs;
  private final long maxBackoffMs;
  private final Random random;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  public AddressBook(long baseBackoffMs, long maxBackoffMs, Random random) {
    this.baseBackoffMs = baseBackoffMs;
    this.maxBackoffMs = maxBackoffMs;
    this.random = random;
  }

  public void addSeed(String address) {
    Entry e = entries.computeIfAbsent(address, a -> new Entry(a, "seed"));
    e.seed = true;
  }

  /** Records an address heard of; true if it is new. */
  public boolean add(String address, String nodeId, String source, long lastSeen) {
    Entry e = entries.get(address);
    if (e != null) {
      if (nodeId != null && e.nodeId == null) {
        e.nodeId = nodeId;
      }
      return false;
    }
    if (entries.size() >= MAX_ENTRIES && !evictOne()) {
      return false;
    }
    e = new Entry(address, source);
    e.nodeId = nodeId;
    entries.put(address, e);
    return true;
  }

  private boolean evictOne() {
    Entry worst = entries.values().stream()
        .filter(e -> !e.seed)
        .max(Comparator.comparingInt((Entry e) -> e.failures).thenComparingLong(e -> -e.lastSeen))
        .orElse(null);
    if (worst == null) {
      return false;
    }
    entries.remove(worst.address);
    return true;
  }

  public void onConnected(String address, String nodeId, long now) {
    Entry e = entries.computeIfAbsent(address, a -> new Entry(a, "inbound"));
    e.nodeId = nodeId;
    e.lastSeen = now;
    e.failures = 0;
    e.nextAttempt = 0;
  }

  /** A dial failed or a connection was refused: wait longer before the next try. */
  public void onFailed(String address, long now, boolean permanent) {
    Entry e = entries.get(address);
    if (e == null) {
      return;
    }
    e.failures = Math.min(e.failures + 1, 30);
    long backoff = permanent ? maxBackoffMs * 10 : backoff(e.failures);
    e.nextAttempt = now + backoff;
  }

  /** The operator let these in again (allow-list, a lifted ban): their addresses are due at once. */
  public void retrySoon(java.util.function.Predicate<Entry> which) {
    for (Entry e : entries.values()) {
      if (which.test(e)) {
        e.failures = 0;
        e.nextAttempt = 0;
      }
    }
  }

  /** A working connection ended: try again soon, after a short jittered pause. */
  public void onDisconnected(String address, long now) {
    Entry e = entries.get(address);
    if (e != null) {
      // A back-off already set stays: a peer that said DISCONNECT for a permanent reason just
      // before its socket closed is not to be redialled in a second.
      e.nextAttempt = Math.max(e.nextAttempt, now + jitter(baseBackoffMs));
    }
  }

  long backoff(int failures) {
    long b = baseBackoffMs << Math.min(failures - 1, 20);
    return jitter(Math.min(maxBackoffMs, b));
  }

  /** ±25% so that nodes that lost a peer together do not all dial it in the same instant. */
  private long jitter(long ms) {
    return Math.max(1, (long) (ms * (0.75 + random.nextDouble() * 0.5)));
  }

  /**
   * Up to {@code n} addresses due for a dial, not in {@code skip} (connected or pending
   * addresses and node ids): addresses that worked first, then seeds, then the rest, taking one
   * source at a time so that no single source fills every slot.
   */
  public List<String> candidates(long now, int n, Set<String> skip) {
    List<Entry> due = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.nextAttempt <= now && !skip.contains(e.address) && (e.nodeId == null || !skip.contains(e.nodeId))) {
        due.add(e);
      }
    }
    due.sort(Comparator.comparing((Entry e) -> e.lastSeen == 0)
        .thenComparing(e -> !e.seed)
        .thenComparingInt(e -> e.failures));
    Map<String, List<Entry>> bySource = new LinkedHashMap<>();
    for (Entry e : due) {
      bySource.computeIfAbsent(e.source, s -> new ArrayList<>()).add(e);
    }
    List<String> out = new ArrayList<>();
    int round = 0;
    while (out.size() < n) {
      boolean any = false;
      for (List<Entry> list : bySource.values()) {
        if (round < list.size() && out.size() < n) {
          out.add(list.get(round).address);
          any = true;
        }
      }
      if (!any) {
        break;
      }
      round++;
    }
    return out;
  }

  /** Addresses known to have worked, for peer exchange: at most {@code n}, picked at random. */
  public List<Entry> sampleGood(int n) {
    List<Entry> good = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.lastSeen > 0 && e.nodeId != null) {
        good.add(e);
      }
    }
    java.util.Collections.shuffle(good, random);
    return good.subList(0, Math.min(n, good.size()));
  }

  public void forget(String address) {
    Entry e = entries.get(address);
    if (e != null && !e.seed) {
      entries.remove(address);
    }
  }

  public Entry get(String address) {
    return entries.get(address);
  }

  public int size() {
    return entries.size();
  }

  public JsonObject toJson() {
    JsonArray arr = new JsonArray();
    for (Entry e : entries.values()) {
      arr.add(new JsonObject().put("address", e.address).put("nodeId", e.nodeId).put("source", e.source)
          .put("seed", e.seed).put("lastSeen", e.lastSeen).put("failures", e.failures));
    }
    return new JsonObject().put("addresses", arr);
  }

  /** Loads saved entries; they are all due for a dial at once (the node just started). */
  public void loadJson(JsonObject json) {
    Map<String, Entry> loaded = new HashMap<>();
    for (Object o : json.getJsonArray("addresses", new JsonArray())) {
      if (!(o instanceof JsonObject j) || j.getString("address") == null) {
        continue;
      }
      Entry e = new Entry(j.getString("address"), j.getString("source", "book"));
      e.nodeId = j.getString("nodeId");
      e.seed = j.getBoolean("seed", false) && entries.containsKey(e.address);
      e.lastSeen = j.getLong("lastSeen", 0L);
      e.failures = Math.min(j.getInteger("failures", 0), 30);
      loaded.put(e.address, e);
    }
    loaded.forEach((addr, e) -> {
      Entry existing = entries.get(addr);
      if (existing != null) {
        existing.nodeId = e.nodeId;
        existing.lastSeen = e.lastSeen;
      } else if (entries.size() < MAX_ENTRIES) {
        entries.put(addr, e);
      }
    });
  }
}
