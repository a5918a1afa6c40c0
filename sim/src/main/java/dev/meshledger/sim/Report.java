package dev.meshledger.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results as a table for people and as sim.json (keys in a fixed order, numbers formatted without the locale). */
public final class Report {
  final Main.Options o;
  final Topology topo;
  final Blocks blocks;
  final Map<PropagationSim.Policy, PropagationSim.Result> results;
  final List<BftSim.Result> bft;

  Report(Main.Options o, Topology topo, Blocks blocks, Map<PropagationSim.Policy, PropagationSim.Result> results,
      List<BftSim.Result> bft) {
    this.o = o;
    this.topo = topo;
    this.blocks = blocks;
    this.results = results;
    this.bft = bft;
  }

  /** The node's policy for this block ({@link Blocks#nodePolicy}): compact with transfers, whole without, announce past the push limit. */
  public PropagationSim.Policy nodePolicy() {
    return blocks.nodePolicy;
  }

  /** The policy reported at the top level: the node's own if it ran, else the first one run. */
  public PropagationSim.Result reported() {
    PropagationSim.Result r = results.get(nodePolicy());
    return r != null ? r : results.values().iterator().next();
  }

  /**
   * The rule: of the policies whose bytes per node per block are within 2x the fewest, the lowest p99
   * (then the lowest p50, then the fewest bytes). Latency first, but not at any price in bandwidth.
   */
  public PropagationSim.Result chosen() {
    double minBytes = results.values().stream().mapToDouble(PropagationSim.Result::bytesPerNodePerBlock).min().orElse(0);
    PropagationSim.Result best = null;
    for (PropagationSim.Result r : results.values()) {
      if (r.bytesPerNodePerBlock() > 2 * minBytes) {
        continue;
      }
      if (best == null || r.p99() < best.p99() || (r.p99() == best.p99() && (r.p50() < best.p50()
          || (r.p50() == best.p50() && r.bytesPerNodePerBlock() < best.bytesPerNodePerBlock())))) {
        best = r;
      }
    }
    return best;
  }

  public String table() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%d nodes, %d links (mean degree %.2f), latency %s + jitter %s, loss %s, uplink %s, "
            + "%d blocks of %d transfers (%d bytes on the wire), hop %s, seed %d%n",
        topo.n, topo.edges(), 2.0 * topo.edges() / topo.n, ms(o.latencyUs), ms(o.jitterUs), pct(o.loss),
        mbit(o.bandwidth), o.blocks, blocks.txs, blocks.blockFrame, ms(o.hopUs), o.seed));
    s.append(String.format(Locale.ROOT, "%-9s %10s %10s %10s %10s %14s %12s %10s %9s %9s%n", "policy", "p50 ms",
        "p95 ms", "p99 ms", "max ms", "bytes/node/blk", "dup/node/blk", "unreached", "mean hops", "max hops"));
    for (PropagationSim.Result r : results.values()) {
      s.append(String.format(Locale.ROOT, "%-9s %10.1f %10.1f %10.1f %10.1f %14.0f %12.3f %10d %9.2f %9d%n",
          r.policy().id, r.p50(), r.p95(), r.p99(), r.max(), r.bytesPerNodePerBlock(), r.duplicatesPerNodePerBlock(),
          r.unreached(), r.meanHops(), r.maxHops()));
    }
    if (results.size() > 1) {
      s.append("chosen (lowest p99 within 2x the fewest bytes): ").append(chosen().policy().id)
          .append("; the node today: ").append(nodePolicy().id).append('\n');
    }
    if (!bft.isEmpty()) {
      s.append(String.format(Locale.ROOT, "%-11s %8s %16s %16s %16s %11s%n", "validators", "heights", "finality p50 ms",
          "finality p99 ms", "finality max ms", "mean round"));
      for (BftSim.Result b : bft) {
        s.append(String.format(Locale.ROOT, "%-11d %8d %16.1f %16.1f %16.1f %11.2f%n", b.validators(), b.heights(),
            b.finalityP50(), b.finalityP99(), b.finalityMax(), b.meanRounds()));
      }
    }
    return s.toString();
  }

  public String json(double wallSeconds) {
    PropagationSim.Result top = reported();
    StringBuilder j = new StringBuilder("{\n");
    j.append("  \"nodes\": ").append(topo.n).append(",\n");
    j.append("  \"links\": ").append(topo.edges()).append(",\n");
    j.append("  \"args\": {\"degree\": ").append(o.degree).append(", \"latencyMs\": ").append(num(o.latencyUs / 1000.0))
        .append(", \"jitterMs\": ").append(num(o.jitterUs / 1000.0)).append(", \"loss\": ").append(num(o.loss))
        .append(", \"bandwidthBitsPerSec\": ").append(num(o.bandwidth)).append(", \"blocks\": ").append(o.blocks)
        .append(", \"txs\": ").append(o.txs).append(", \"hopMs\": ").append(num(o.hopUs / 1000.0))
        .append(", \"requestTimeoutMs\": ").append(num(o.requestTimeoutUs / 1000.0)).append(", \"mempoolMiss\": ")
        .append(num(o.mempoolMiss)).append(", \"seed\": ").append(o.seed).append("},\n");
    j.append("  \"block\": {\"hash\": \"").append(blocks.block.hash().toHex()).append("\", \"frameBytes\": ")
        .append(blocks.blockFrame).append(", \"announceBytes\": ").append(blocks.announceFrame)
        .append(", \"compactBytes\": ").append(blocks.compactFrame).append(", \"txBytes\": ").append(blocks.txBytes)
        .append(", \"nodePushes\": ").append(blocks.nodePushes).append("},\n");
    j.append("  \"reportedPolicy\": \"").append(top.policy().id).append("\",\n");
    j.append("  \"propagation\": ").append(prop(top)).append(",\n");
    j.append("  \"bytesPerNodePerBlock\": ").append(num(top.bytesPerNodePerBlock())).append(",\n");
    j.append("  \"duplicates\": ").append(top.duplicates()).append(",\n");
    j.append("  \"duplicatesPerNodePerBlock\": ").append(num(top.duplicatesPerNodePerBlock())).append(",\n");
    j.append("  \"unreached\": ").append(top.unreached()).append(",\n");
    if (results.size() > 1) {
      j.append("  \"chosenPolicy\": \"").append(chosen().policy().id).append("\",\n");
    }
    j.append("  \"policies\": {");
    boolean first = true;
    for (PropagationSim.Result r : results.values()) {
      j.append(first ? "\n" : ",\n");
      first = false;
      j.append("    \"").append(r.policy().id).append("\": {\"propagation\": ").append(prop(r))
          .append(", \"bytesPerNodePerBlock\": ").append(num(r.bytesPerNodePerBlock()))
          .append(", \"duplicates\": ").append(r.duplicates())
          .append(", \"duplicatesPerNodePerBlock\": ").append(num(r.duplicatesPerNodePerBlock()))
          .append(", \"messages\": ").append(r.messages()).append(", \"unreached\": ").append(r.unreached())
          .append(", \"meanHops\": ").append(num(r.meanHops())).append(", \"maxHops\": ").append(r.maxHops()).append('}');
    }
    j.append("\n  },\n");
    if (!bft.isEmpty()) {
      j.append("  \"bft\": {\"heights\": ").append(o.bftHeights).append(", \"validators\": {");
      first = true;
      for (BftSim.Result b : bft) {
        j.append(first ? "\n" : ",\n");
        first = false;
        j.append("    \"").append(b.validators()).append("\": {\"finalityP50\": ").append(num(b.finalityP50()))
            .append(", \"finalityP99\": ").append(num(b.finalityP99())).append(", \"finalityMax\": ")
            .append(num(b.finalityMax())).append(", \"heightsDecided\": ").append(b.heights())
            .append(", \"meanRound\": ").append(num(b.meanRounds())).append('}');
      }
      j.append("\n  }},\n");
    }
    j.append("  \"wallSeconds\": ").append(num(PropagationSim.round(wallSeconds, 2))).append("\n}\n");
    return j.toString();
  }

  private static String prop(PropagationSim.Result r) {
    return "{\"p50\": " + num(r.p50()) + ", \"p95\": " + num(r.p95()) + ", \"p99\": " + num(r.p99()) + ", \"max\": "
        + num(r.max()) + "}";
  }

  static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return String.format(Locale.ROOT, "%.6f", x).replaceAll("0+$", "");
  }

  private static String ms(long us) {
    return num(us / 1000.0) + "ms";
  }

  private static String pct(double f) {
    return num(PropagationSim.round(f * 100, 4)) + "%";
  }

  private static String mbit(double b) {
    return num(b / 1e6) + "Mbit/s";
  }
}
