package dev.meshledger.testnet;

import io.vertx.core.json.JsonObject;

/** The report's account of how partitions and latency were made, and why namespaces or netem were not used. */
final class NetMethods {
  private NetMethods() {}

  static void put(JsonObject r, Report.Net net, boolean relayed) {
    NetPlan plan = net.netns() == null ? null : net.netns().plan();
    JsonObject n = new JsonObject().put("method", plan != null ? "netns" : "loopback");
    if (plan != null) {
      n.put("subnet", plan.prefix() + ".0/24").put("bridge", plan.bridge())
          .put("namespaces", plan.namespace(1) + ".." + plan.namespace(plan.count()))
          .put("runnerAddress", plan.runnerAddress());
    } else {
      n.put("whyNotNetns", net.probe().reason());
    }
    if (plan != null && !net.netem()) {
      n.put("whyNotNetem", net.probe().reason());
    }
    r.put("net", n);
    if (plan != null) {
      r.put("partitionMethod", "netns").put("partitionMethodNote", "every node in its own network namespace on "
          + plan.prefix() + ".0/24 (veth pairs on bridge " + plan.bridge() + "); a partition adds in each node's "
          + "namespace a blackhole route to every address of the other group (packets dropped in the kernel), "
          + "removed to heal");
    } else {
      r.put("partitionMethod", "bans").put("partitionMethodNote", "operator bans (POST /api/bans) of the other "
          + "group's node ids on every node; lifted to heal. No network namespaces: " + net.probe().reason());
    }
    if (net.netem()) {
      r.put("latencyMethod", "netem").put("latencyMethodNote", "tc qdisc netem on every node's interface in its "
          + "namespace during the latency window (each packet sent waits latencyMs +- latencyMs/5 and is dropped "
          + "with the loss percent), deleted after");
    } else if (relayed) {
      String where = plan != null ? plan.relayAddress(1) + ".." + plan.relayAddress(plan.count())
          + " in the root namespace, forwarding to the node's namespace address" : Cluster.RELAY_HOST
          + " forwarding to 127.0.0.1";
      r.put("latencyMethod", "relay").put("latencyMethodNote", "a TCP relay per node in the runner's JVM on "
          + where + " at the node's P2P port (the node's advertisedHost, and every seed); during latency each "
          + "chunk is held latencyMs + jitter (0..latencyMs/5), a lost one " + Relay.RTO_MS + " ms more (TCP "
          + "cannot lose bytes), order kept. No tc netem: " + net.probe().reason());
    }
  }
}
