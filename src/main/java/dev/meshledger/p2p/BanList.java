package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.BanMessages.Ban;
import dev.meshledger.bus.p2p.BanMessages.BanKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node ids, IP addresses and CIDR ranges refused until a given time ({@link Ban#untilMillis},
 * {@link dev.meshledger.bus.p2p.BanMessages#FOREVER} for until lifted). Saved as JSON under the
 * data dir. The operator's bans ({@link #add}) apply to every address, loopback included; the
 * automatic ones for misbehaviour ({@link #banPeer}) spare a loopback IP.
 */
public final class BanList {
  private final Map<String, Entry> bans = new LinkedHashMap<>();

  private record Entry(BanTarget target, Ban ban) {
    boolean active(long now) {
      return ban.untilMillis() > now;
    }
  }

  /** A misbehaving peer: its node id, and its IP unless loopback (shared by every local node, honest ones too). */
  public void banPeer(String nodeId, String ip, long untilMillis, String reason, long nowMillis) {
    extend(BanTarget.parse(nodeId), untilMillis, reason, nowMillis);
    if (!isLoopback(ip)) {
      byte[] address = BanTarget.addressOf(ip);
      if (address != null) {
        extend(BanTarget.parse(BanTarget.format(address)), untilMillis, reason, nowMillis);
      }
    }
  }

  static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1");
  }

  public void banId(String nodeId, long untilMillis) {
    extend(BanTarget.parse(nodeId), untilMillis, "misbehaviour", 0);
  }

  public void banIp(String ip, long untilMillis) {
    extend(BanTarget.parse(ip), untilMillis, "misbehaviour", 0);
  }

  /** An automatic ban never shortens one already in place. */
  private void extend(BanTarget t, long untilMillis, String reason, long nowMillis) {
    Entry old = bans.get(t.text());
    if (old == null || old.ban().untilMillis() < untilMillis) {
      bans.put(t.text(), new Entry(t, new Ban(t.text(), t.kind(), untilMillis, reason, nowMillis)));
    }
  }

  /** The operator's ban: replaces any ban of the same target, whatever it said. */
  public Ban add(BanTarget t, long untilMillis, String reason, long nowMillis) {
    Ban b = new Ban(t.text(), t.kind(), untilMillis, reason, nowMillis);
    bans.put(t.text(), new Entry(t, b));
    return b;
  }

  /** True if there was such a ban. */
  public boolean lift(BanTarget t) {
    return bans.remove(t.text()) != null;
  }

  public void unbanId(String nodeId) {
    bans.remove(nodeId);
  }

  public boolean isIdBanned(String nodeId, long nowMillis) {
    Entry e = bans.get(nodeId);
    if (e == null || e.target().kind() != BanKind.NODE) {
      return false;
    }
    if (!e.active(nowMillis)) {
      bans.remove(nodeId);
      return false;
    }
    return true;
  }

  /** Whether an address is banned itself or lies inside a banned range. */
  public boolean isIpBanned(String ip, long nowMillis) {
    byte[] address = BanTarget.addressOf(ip);
    return address != null && matches(address, nowMillis);
  }

  private boolean matches(byte[] address, long nowMillis) {
    for (Iterator<Entry> it = bans.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.target().kind() == BanKind.NODE) {
        continue;
      }
      if (!e.active(nowMillis)) {
        it.remove();
      } else if (e.target().contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The bans in force, oldest first. */
  public List<Ban> list(long nowMillis) {
    bans.values().removeIf(e -> !e.active(nowMillis));
    List<Ban> out = new ArrayList<>();
    bans.values().forEach(e -> out.add(e.ban()));
    return out;
  }

  public int size() {
    return bans.size();
  }

  public JsonObject toJson(long nowMillis) {
    JsonArray arr = new JsonArray();
    for (Ban b : list(nowMillis)) {
      arr.add(new JsonObject().put("target", b.target()).put("kind", b.kind().label())
          .put("until", b.untilMillis() == Long.MAX_VALUE ? null : b.untilMillis())
          .put("reason", b.reason()).put("createdAt", b.createdAt()));
    }
    return new JsonObject().put("bans", arr);
  }

  /**
   * Reads what {@link #toJson} wrote (and the older {@code ids}/{@code ips} lists).
   *
   * @throws IllegalArgumentException naming the entry that cannot be read
   */
  public static BanList fromJson(JsonObject json) {
    BanList b = new BanList();
    JsonArray arr = json.getJsonArray("bans", new JsonArray());
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof JsonObject e) || !(e.getValue("target") instanceof String target)) {
        throw new IllegalArgumentException("bans[" + i + "] is not {\"target\": ..., \"until\": ...}");
      }
      Object until = e.getValue("until");
      if (until != null && !(until instanceof Number)) {
        throw new IllegalArgumentException("bans[" + i + "].until is not a number or null");
      }
      long untilMs = until == null ? Long.MAX_VALUE : ((Number) until).longValue();
      BanTarget t;
      try {
        t = BanTarget.parse(target);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("bans[" + i + "]: " + bad.getMessage());
      }
      b.bans.put(t.text(), new Entry(t, new Ban(t.text(), t.kind(), untilMs, e.getString("reason", ""),
          e.getLong("createdAt", 0L))));
    }
    for (Object o : json.getJsonArray("ids", new JsonArray())) {
      if (o instanceof JsonObject e && e.getString("nodeId") != null) {
        b.banId(e.getString("nodeId"), e.getLong("until", 0L));
      }
    }
    for (Object o : json.getJsonArray("ips", new JsonArray())) {
      if (o instanceof JsonObject e && e.getString("ip") != null) {
        b.banIp(e.getString("ip"), e.getLong("until", 0L));
      }
    }
    return b;
  }
}
