package dev.meshledger.testnet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/** The report's JSON, from what the run recorded and what was read at the end. */
final class Report {
  static final String PROPAGATION = "meshledger_block_propagation_delay_seconds";

  record Inputs(String engine, Cluster cluster, List<Runner.Applied> applied, Monitor monitor, Workload workload,
      List<Verdict.Chain> chains, Set<String> dataHashesOnChain, double minutes, boolean tipsAgreed, Relay relay,
      Relay.Impairment latency, Net net) {}

  /** The network the run used: its namespaces (null: loopback), what the probe found, netem used or not. */
  record Net(Netns netns, Netns.Probe probe, boolean netem) {}

  private Report() {}

  static JsonObject json(Inputs in) {
    Cluster cluster = in.cluster();
    JsonObject r = new JsonObject()
        .put("engine", in.engine()).put("nodes", cluster.size()).put("minutes", in.minutes())
        .put("durationSeconds", in.monitor().nowMs() / 1000.0);
    NetMethods.put(r, in.net(), in.relay() != null);
    if (in.relay() != null) {
      r.put("relay", new JsonObject().put("connections", in.relay().connections.get())
              .put("delayedChunks", in.relay().delayedChunks.get()).put("lostChunks", in.relay().lostChunks.get()));
    }
    JsonArray perturbations = new JsonArray();
    for (Runner.Applied a : in.applied()) {
      OptionalDouble rec = Recovery.seconds(in.monitor().samples, a.endMs());
      JsonObject p = new JsonObject().put("kind", a.kind()).put("atSeconds", a.atMs() / 1000.0)
          .put("endSeconds", a.endMs() / 1000.0)
          .put("recoverySeconds", rec.isPresent() ? rec.getAsDouble() : null)
          .put("recovered", rec.isPresent())
          .put("propagation", windowPropagation(a.propagation()))
          .put("finality", windowFinality(in.workload().dataAcks, a.atMs(), a.endMs()));
      if ("partition".equals(a.kind())) {
        JsonArray groups = new JsonArray();
        Perturber.groups(cluster.size()).forEach(g -> groups.add(names(cluster, g)));
        p.put("nodes", names(cluster, a.nodes())).put("groups", groups);
      } else if ("latency".equals(a.kind())) {
        p.put("nodes", "all").put("latencyMs", in.latency().latencyMs()).put("loss", in.latency().lossPercent());
      } else {
        p.put("node", cluster.nodes().get(a.nodes().get(0)).name());
      }
      perturbations.add(p);
    }
    r.put("perturbations", perturbations);

    NavigableMap<Double, Double> hist = new TreeMap<>();
    double reorgs = 0;
    double reorgDepth = 0;
    for (String text : in.monitor().metricsByPid.values()) {
      Stats.addInto(hist, Stats.parseHistogram(text, PROPAGATION));
      reorgs += Stats.parseValue(text, "meshledger_reorgs_total", false);
      reorgDepth = Math.max(reorgDepth, Stats.parseValue(text, "meshledger_reorg_depth_max", true));
    }
    JsonArray buckets = new JsonArray();
    Stats.perBucket(hist).forEach((le, n) -> buckets.add(new JsonObject()
        .put("leMs", Double.isInfinite(le) ? null : le * 1000).put("count", n.longValue())));
    r.put("propagation", new JsonObject()
        .put("p50", round(Stats.histogramQuantile(hist, 0.50) * 1000))
        .put("p90", round(Stats.histogramQuantile(hist, 0.90) * 1000))
        .put("p99", round(Stats.histogramQuantile(hist, 0.99) * 1000))
        .put("count", hist.isEmpty() ? 0 : hist.lastEntry().getValue().longValue())
        .put("unit", "ms")
        .put("source", "the nodes' " + PROPAGATION + " histograms (every node process, summed), "
            + "interpolated within buckets")
        .put("buckets", buckets));
    List<Double> finality = new ArrayList<>();
    in.workload().dataAcks.forEach(a -> finality.add((double) a.latencyMs()));
    r.put("finality", new JsonObject().put("p50", Stats.percentile(finality, 0.5))
        .put("p99", Stats.percentile(finality, 0.99)).put("count", finality.size()).put("unit", "ms")
        .put("what", "POST /api/blocks until its 201 (bft: final on that node; pow: stored on that node)"));
    r.put("reorgs", new JsonObject().put("count", (long) reorgs).put("maxDepth", (long) reorgDepth));

    long lostData = Verdict.lostData(in.workload().dataAcks, in.chains());
    long lostTransfers = Verdict.lostTransfers(Set.copyOf(in.workload().includedTransfers.keySet()), in.chains());
    long pendingIncluded = in.workload().pendingData.keySet().stream().filter(in.dataHashesOnChain()::contains).count();
    r.put("acknowledged", new JsonObject().put("dataBlocks", in.workload().dataAcks.size())
        .put("transfersIncluded", in.workload().includedTransfers.size())
        .put("pendingData", in.workload().pendingData.size()).put("pendingDataIncludedLater", pendingIncluded)
        .put("posts", in.workload().posts.get()).put("postsUnanswered", in.workload().failedPosts.get()));
    r.put("lostAcknowledged", lostData + lostTransfers).put("lostDataBlocks", lostData)
        .put("lostTransfers", lostTransfers);
    boolean converged = in.tipsAgreed() && Verdict.converged(in.chains());
    r.put("converged", converged).put("tipsAgreedAfterWorkload", in.tipsAgreed())
        .put("convergedMeans", "after the workload stopped every node showed the same tip, and read at their "
            + "common height every node has the same block and state root, and /api/chain/validate valid");
    JsonObject tips = new JsonObject();
    for (int i = 0; i < cluster.size(); i++) {
      Verdict.Chain c = in.chains().get(i);
      tips.put(cluster.nodes().get(i).name(), new JsonObject().put("tip", c.tip())
          .put("height", c.hashByHeight().keySet().stream().mapToLong(Long::longValue).max().orElse(-1)).put("stateRoot", c.stateRoot()).put("valid", c.valid()));
    }
    r.put("tips", tips).put("nodePids", new JsonArray(List.copyOf(cluster.pids())));
    r.put("timeline", timeline(in.monitor(), cluster));
    return r;
  }

  private static JsonObject timeline(Monitor monitor, Cluster cluster) {
    JsonArray t = new JsonArray();
    List<JsonArray> heights = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      heights.add(new JsonArray());
    }
    for (Sample s : monitor.samples) {
      t.add(s.t() / 1000.0);
      for (int i = 0; i < cluster.size(); i++) {
        heights.get(i).add(s.heights()[i] < 0 ? null : s.heights()[i]);
      }
    }
    JsonObject byNode = new JsonObject();
    for (int i = 0; i < cluster.size(); i++) {
      byNode.put(cluster.nodes().get(i).name(), heights.get(i));
    }
    return new JsonObject().put("seconds", t).put("heights", byNode);
  }

  /** p50/p99 (ms) and count of a window's arrivals; null when none arrived. */
  static JsonObject windowPropagation(NavigableMap<Double, Double> hist) {
    long n = hist.isEmpty() ? 0 : hist.lastEntry().getValue().longValue();
    return n == 0 ? null : new JsonObject().put("p50", round(Stats.histogramQuantile(hist, 0.50) * 1000))
        .put("p99", round(Stats.histogramQuantile(hist, 0.99) * 1000)).put("count", n).put("unit", "ms");
  }

  /** p50/p99 (ms) and count of the finality of the data blocks posted during [atMs, endMs]; null when none. */
  static JsonObject windowFinality(List<Workload.DataAck> acks, long atMs, long endMs) {
    List<Double> ms = new ArrayList<>();
    acks.stream().filter(a -> a.atMs() >= atMs && a.atMs() <= endMs).forEach(a -> ms.add((double) a.latencyMs()));
    return ms.isEmpty() ? null : new JsonObject().put("p50", Stats.percentile(ms, 0.5))
        .put("p99", Stats.percentile(ms, 0.99)).put("count", ms.size()).put("unit", "ms");
  }

  private static JsonArray names(Cluster cluster, List<Integer> nodes) {
    JsonArray out = new JsonArray();
    nodes.forEach(i -> out.add(cluster.nodes().get(i).name()));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
