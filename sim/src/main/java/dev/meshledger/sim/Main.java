package dev.meshledger.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** sim/run.sh's entry point: parses the arguments, runs the policies and BFT, prints the table, writes sim.json. */
public final class Main {
  static final String USAGE = """
      usage: sim/run.sh [options]
        --nodes N            nodes (default 1000; 2..100000)
        --degree D           mean peers per node (default 8)
        --latency T          link latency, e.g. 50ms, 0.5s, 0 (default 50ms)
        --jitter T           extra latency per link, uniform in [0, T] (default 0)
        --loss P             message loss, e.g. 1% or 0.01 (default 0)
        --bandwidth B        uplink per node, e.g. 100Mbit, 1Gbit (default 100Mbit)
        --blocks N           blocks relayed (default 100)
        --txs N              transfers per block (default 50; the block is made by the node's BlockFactory)
        --hop T              check-and-store delay per hop before relaying (default 2ms)
        --request-timeout T  a request unanswered this long is asked again elsewhere (default 1s)
        --mempool-miss P     share of a block's transfers missing from a receiver's mempool (compact; default 5%)
        --policy P           push | announce | sqrt | compact | all (default all)
        --seed S             random seed (default 7)
        --bft-validators L   validator counts, comma separated (default 4,16,64,100)
        --bft-heights N      heights per BFT run (default 30)
        --no-bft             skip time to finality
        --out DIR            write DIR/sim.json
        -h, --help           this text
      """;

  public static void main(String[] argv) throws IOException {
    Options o;
    try {
      o = Options.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("sim: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (o.help) {
      System.out.print(USAGE);
      return;
    }
    long t0 = System.nanoTime();
    Report r = run(o);
    double wall = (System.nanoTime() - t0) / 1e9;
    System.out.print(r.table());
    System.out.printf(Locale.ROOT, "wall time %.1f s%n", wall);
    if (o.out != null) {
      Path dir = Path.of(o.out);
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("sim.json"), r.json(wall));
      System.out.println("wrote " + dir.resolve("sim.json"));
    }
  }

  /** The whole run as a pure function of the options. */
  public static Report run(Options o) {
    Blocks blocks = Blocks.make(o.txs, 64, o.seed);
    if (blocks.validation.isPresent()) {
      throw new IllegalStateException("the simulated block fails the node's rules: " + blocks.validation.get());
    }
    SplittableRandom rnd = new SplittableRandom(o.seed);
    Topology topo = Topology.random(o.nodes, o.degree, rnd, o.latencyUs, o.jitterUs);
    int[] origins = new int[o.blocks];
    for (int b = 0; b < o.blocks; b++) {
      origins[b] = rnd.nextInt(o.nodes);
    }
    PropagationSim.Config cfg = new PropagationSim.Config(o.nodes, o.blocks, o.seed, o.loss, o.bandwidth, o.hopUs,
        o.requestTimeoutUs, o.mempoolMiss);
    Map<PropagationSim.Policy, PropagationSim.Result> results = new LinkedHashMap<>();
    for (PropagationSim.Policy p : o.policies) {
      results.put(p, new PropagationSim(topo, blocks, cfg, p).run(origins));
    }
    List<BftSim.Result> bft = new ArrayList<>();
    if (o.bft) {
      for (int v : o.bftValidators) {
        bft.add(new BftSim(v, o.bftHeights, o.latencyUs, o.jitterUs, o.loss, o.bandwidth, blocks.blockFrame, o.seed).run());
      }
    }
    return new Report(o, topo, blocks, results, bft);
  }

  /** Parsed and checked command line. */
  public static final class Options {
    int nodes = 1000;
    int degree = 8;
    long latencyUs = 50_000;
    long jitterUs = 0;
    double loss = 0;
    double bandwidth = 100e6;
    int blocks = 100;
    int txs = 50;
    long hopUs = 2_000;
    long requestTimeoutUs = 1_000_000;
    double mempoolMiss = 0.05;
    List<PropagationSim.Policy> policies = List.of(PropagationSim.Policy.values());
    long seed = 7;
    int[] bftValidators = {4, 16, 64, 100};
    int bftHeights = 30;
    boolean bft = true;
    String out;
    boolean help;
    String[] args;

    private static final java.util.Set<String> KNOWN = java.util.Set.of("--nodes", "--degree", "--latency", "--jitter",
        "--loss", "--bandwidth", "--blocks", "--txs", "--hop", "--request-timeout", "--mempool-miss", "--policy", "--seed",
        "--bft-validators", "--bft-heights", "--out");

    public static Options parse(String... argv) {
      Options o = new Options();
      o.args = argv.clone();
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        if (a.equals("-h") || a.equals("--help")) {
          o.help = true;
          continue;
        }
        if (a.equals("--no-bft")) {
          o.bft = false;
          continue;
        }
        if (!KNOWN.contains(a.contains("=") ? a.substring(0, a.indexOf('=')) : a)) {
          throw new IllegalArgumentException("unknown option " + a);
        }
        String v;
        String name = a;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          name = a.substring(0, eq);
          v = a.substring(eq + 1);
        } else {
          if (i + 1 >= argv.length) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          v = argv[++i];
        }
        switch (name) {
          case "--nodes" -> o.nodes = intIn(name, v, 2, 100_000);
          case "--degree" -> o.degree = intIn(name, v, 1, 1000);
          case "--latency" -> o.latencyUs = duration(name, v);
          case "--jitter" -> o.jitterUs = duration(name, v);
          case "--loss" -> o.loss = fraction(name, v, 0.5);
          case "--bandwidth" -> o.bandwidth = bandwidth(name, v);
          case "--blocks" -> o.blocks = intIn(name, v, 1, 100_000);
          case "--txs" -> o.txs = intIn(name, v, 0, 2000);
          case "--hop" -> o.hopUs = duration(name, v);
          case "--request-timeout" -> o.requestTimeoutUs = Math.max(1, duration(name, v));
          case "--mempool-miss" -> o.mempoolMiss = fraction(name, v, 1);
          case "--policy" -> o.policies = v.equals("all") ? List.of(PropagationSim.Policy.values())
              : List.of(policy(v));
          case "--seed" -> o.seed = longOf(name, v);
          case "--bft-validators" -> o.bftValidators = validators(name, v);
          case "--bft-heights" -> o.bftHeights = intIn(name, v, 1, 10_000);
          case "--out" -> o.out = v;
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.degree >= o.nodes) {
        throw new IllegalArgumentException("--degree " + o.degree + " needs more than " + o.degree + " nodes");
      }
      return o;
    }

    private static PropagationSim.Policy policy(String v) {
      return PropagationSim.Policy.of(v);
    }

    private static int intIn(String name, String v, int min, int max) {
      long x = longOf(name, v);
      if (x < min || x > max) {
        throw new IllegalArgumentException(name + " " + v + ": must be " + min + ".." + max);
      }
      return (int) x;
    }

    private static long longOf(String name, String v) {
      try {
        return Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " " + v + ": not an integer");
      }
    }

    /** 50ms, 0.5s, 200us, 0; a bare number is milliseconds. */
    static long duration(String name, String v) {
      String s = v.trim().toLowerCase(Locale.ROOT);
      double f = 1000;
      if (s.endsWith("us")) {
        f = 1;
        s = s.substring(0, s.length() - 2);
      } else if (s.endsWith("ms")) {
        s = s.substring(0, s.length() - 2);
      } else if (s.endsWith("s")) {
        f = 1_000_000;
        s = s.substring(0, s.length() - 1);
      }
      try {
        double x = Double.parseDouble(s) * f;
        if (x < 0 || x > 3_600e6 || Double.isNaN(x)) {
          throw new IllegalArgumentException(name + " " + v + ": must be 0..1h");
        }
        return Math.round(x);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " " + v + ": not a duration (e.g. 50ms, 0.5s)");
      }
    }

    /** 1% or 0.01. */
    static double fraction(String name, String v, double max) {
      String s = v.trim();
      double f = 1;
      if (s.endsWith("%")) {
        f = 0.01;
        s = s.substring(0, s.length() - 1);
      }
      try {
        double x = Double.parseDouble(s) * f;
        if (!(x >= 0 && x <= max)) {
          throw new IllegalArgumentException(name + " " + v + ": must be 0.." + (max * 100) + "%");
        }
        return x;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " " + v + ": not a fraction (e.g. 1% or 0.01)");
      }
    }

    /** 100Mbit, 1Gbit, 500kbit; a bare number is bits per second. */
    static double bandwidth(String name, String v) {
      String s = v.trim().toLowerCase(Locale.ROOT).replace("/s", "").replace("bps", "bit");
      double f = 1;
      if (s.endsWith("gbit")) {
        f = 1e9;
        s = s.substring(0, s.length() - 4);
      } else if (s.endsWith("mbit")) {
        f = 1e6;
        s = s.substring(0, s.length() - 4);
      } else if (s.endsWith("kbit")) {
        f = 1e3;
        s = s.substring(0, s.length() - 4);
      } else if (s.endsWith("bit")) {
        s = s.substring(0, s.length() - 3);
      }
      try {
        double x = Double.parseDouble(s) * f;
        if (!(x >= 1e3)) {
          throw new IllegalArgumentException(name + " " + v + ": at least 1kbit");
        }
        return x;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " " + v + ": not a bandwidth (e.g. 100Mbit)");
      }
    }

    private static int[] validators(String name, String v) {
      String[] parts = v.split(",");
      int[] out = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        out[i] = intIn(name, parts[i], 1, 1000);
      }
      return out;
    }
  }
}
