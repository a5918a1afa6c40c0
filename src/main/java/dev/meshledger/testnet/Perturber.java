package dev.meshledger.testnet;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one perturbation and returns when it has ended: {@code kill} (kill -9, restart),
 * {@code restart} (SIGTERM, restart), {@code pause} (SIGSTOP, SIGCONT), {@code partition} (the
 * nodes split in two groups: with network namespaces by blackhole routes in the kernel, see
 * {@link NetPlan#partition}; else by operator bans of each other's node ids on every node; then
 * healed), {@code latency} (with netem every node's interface delays and drops packets, see
 * {@link NetPlan#netem}; else every relay delays its chunks and emulates loss, see {@link Relay};
 * then healed).
 */
final class Perturber {
  static final List<String> KINDS = List.of("kill", "pause", "partition", "restart", "latency");

  private final Cluster cluster;
  private final NodeHttp http;
  private final PrintWriter log;
  private final Relay relay;
  private final Relay.Impairment latency;
  private final Netns net;
  private final boolean netem;

  /** {@code net}: partitions through namespaces (null: bans); {@code netem}: latency through it (else the relay). */
  Perturber(Cluster cluster, NodeHttp http, PrintWriter log, Relay relay, Relay.Impairment latency, Netns net,
      boolean netem) {
    this.net = net;
    this.netem = netem;
    this.relay = relay;
    this.latency = latency;
    this.cluster = cluster;
    this.http = http;
    this.log = log;
  }

  /** Applies {@code kind} to {@code nodes} for about {@code holdMs}; the nodes hit. */
  List<Integer> apply(String kind, List<Integer> nodes, long holdMs) throws IOException, InterruptedException {
    switch (kind) {
      case "kill" -> {
        int i = nodes.get(0);
        cluster.kill9(i);
        Thread.sleep(holdMs / 2);
        cluster.start(i);
        return nodes;
      }
      case "restart" -> {
        int i = nodes.get(0);
        cluster.terminate(i);
        cluster.start(i);
        return nodes;
      }
      case "pause" -> {
        int i = nodes.get(0);
        cluster.pause(i);
        Thread.sleep(holdMs);
        cluster.resume(i);
        return nodes;
      }
      case "partition" -> {
        List<Integer> a = groups(cluster.size()).get(0);
        List<Integer> b = groups(cluster.size()).get(1);
        cut(a, b, true);
        try {
          Thread.sleep(holdMs);
        } finally {
          cut(a, b, false);
        }
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
      }
      case "latency" -> {
        impair(true);
        try {
          Thread.sleep(holdMs);
        } finally {
          impair(false);
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
          all.add(i);
        }
        return all;
      }
      default -> throw new IllegalArgumentException("unknown perturbation " + kind);
    }
  }

  /** The two sides of a partition: the first ceil(n/2) nodes and the rest. */
  static List<List<Integer>> groups(int n) {
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (i < (n + 1) / 2 ? a : b).add(i);
    }
    return List.of(a, b);
  }

  private void cut(List<Integer> a, List<Integer> b, boolean on) throws IOException {
    if (net != null) {
      net.partition(a, b, on);
    } else {
      bans(a, b, on);
    }
  }

  private void impair(boolean on) throws IOException {
    if (netem) {
      net.netem(latency, on);
    } else {
      relay.impair(on ? latency : null);
    }
  }

  private void bans(List<Integer> a, List<Integer> b, boolean on) {
    for (int x : a) {
      for (int y : b) {
        ban(x, y, on);
        ban(y, x, on);
      }
    }
  }

  private void ban(int on, int target, boolean add) {
    String base = cluster.nodes().get(on).url();
    String id = cluster.nodes().get(target).id();
    NodeHttp.Reply r = add
        ? http.post(base, "/api/bans", new JsonObject().put("target", id).put("seconds", 0)
            .put("reason", "testnet partition").encode(), Duration.ofSeconds(5))
        : http.delete(base, "/api/bans/" + id, Duration.ofSeconds(5));
    if (r.status() == 500 && r.body().contains("NOT_SAVED")) {
      // the node says the change is in force but bans.json was not written: the partition holds
      log.printf("  %s ban of %s on %s is in force, but the node did not save it: %s%n", add ? "the" : "lifting the",
          cluster.nodes().get(target).name(), cluster.nodes().get(on).name(), r.body());
    } else if (!r.ok()) {
      log.printf("  %s ban of %s on %s: HTTP %d %s%n", add ? "adding the" : "lifting the",
          cluster.nodes().get(target).name(), cluster.nodes().get(on).name(), r.status(), r.body());
    }
  }
}
