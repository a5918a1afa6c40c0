package dev.meshledger.p2p.discovery;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What a cluster member tells the others: its node id and the {@code host:port} where its P2P
 * layer takes connections. Stored as a JSON string, so any member can read it whatever its build.
 */
public record Announcement(String nodeId, String address) {

  public String encode() {
    return new JsonObject().put("nodeId", nodeId).put("address", address).encode();
  }

  /** @return null when {@code json} is not an announcement (another program sharing the cluster) */
  public static Announcement decode(String json) {
    try {
      JsonObject o = new JsonObject(json);
      String id = o.getString("nodeId");
      String address = o.getString("address");
      return id == null || address == null ? null : new Announcement(id, address);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  public static String address(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
