package dev.meshledger.p2p;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Node ids and IP addresses refused until a given time. Saved as JSON under the data dir. */
public final class BanList {
  private final Map<String, Long> ids = new HashMap<>();
  private final Map<String, Long> ips = new HashMap<>();

  /** A misbehaving peer: its node id, and its IP unless loopback (shared by every local node, honest ones too). */
  public void banPeer(String nodeId, String ip, long untilMillis) {
    banId(nodeId, untilMillis);
    if (!isLoopback(ip)) {
      banIp(ip, untilMillis);
    }
  }

  static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1");
  }

  public void banId(String nodeId, long untilMillis) {
    ids.merge(nodeId, untilMillis, Math::max);
  }

  public void banIp(String ip, long untilMillis) {
    ips.merge(ip, untilMillis, Math::max);
  }

  public boolean isIdBanned(String nodeId, long nowMillis) {
    return active(ids, nodeId, nowMillis);
  }

  public boolean isIpBanned(String ip, long nowMillis) {
    return active(ips, ip, nowMillis);
  }

  public void unbanId(String nodeId) {
    ids.remove(nodeId);
  }

  private static boolean active(Map<String, Long> m, String key, long now) {
    Long until = m.get(key);
    if (until == null) {
      return false;
    }
    if (until <= now) {
      m.remove(key);
      return false;
    }
    return true;
  }

  public int size() {
    return ids.size() + ips.size();
  }

  public JsonObject toJson(long nowMillis) {
    JsonArray idArr = new JsonArray();
    ids.forEach((k, v) -> {
      if (v > nowMillis) {
        idArr.add(new JsonObject().put("nodeId", k).put("until", v));
      }
    });
    JsonArray ipArr = new JsonArray();
    ips.forEach((k, v) -> {
      if (v > nowMillis) {
        ipArr.add(new JsonObject().put("ip", k).put("until", v));
      }
    });
    return new JsonObject().put("ids", idArr).put("ips", ipArr);
  }

  public static BanList fromJson(JsonObject json) {
    BanList b = new BanList();
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
