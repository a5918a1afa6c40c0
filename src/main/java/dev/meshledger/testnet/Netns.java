package dev.meshledger.testnet;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link NetPlan}: probes whether this machine can (root, {@code ip netns}, veth, routes,
 * {@code tc netem}), builds the bridge, namespaces and veth pairs, cuts and heals partitions,
 * adds and removes netem, and removes everything it made on {@link #close} (idempotent; also
 * called from the runner's shutdown hook, after the node processes are stopped).
 */
final class Netns implements AutoCloseable {
  /** What the probe found: namespaces usable, netem usable, and why not when not. */
  record Probe(boolean netns, boolean netem, String reason) {}

  private final NetPlan plan;
  private final PrintWriter log;
  private boolean closed;

  Netns(NetPlan plan, PrintWriter log) {
    this.plan = plan;
    this.log = log;
  }

  NetPlan plan() {
    return plan;
  }

  /**
   * Tries, in a namespace of its own ({@code mln<sfx>0}) that it deletes again: root, a
   * namespace, a veth pair into it, an address, a blackhole route, a netem qdisc.
   */
  static Probe probe(String sfx) {
    try {
      if (!"0".equals(run(List.of("id", "-u")).trim())) {
        return new Probe(false, false, "the runner is not root");
      }
    } catch (IOException e) {
      return new Probe(false, false, "id -u: " + e.getMessage());
    }
    String ns = "mln" + sfx + "0";
    String host = "mlh" + sfx + "0";
    String peer = "mlp" + sfx + "0";
    List<List<String>> steps = List.of(
        List.of("ip", "netns", "add", ns),
        List.of("ip", "link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns),
        List.of("ip", "-n", ns, "addr", "add", "10.255.255.1/24", "dev", peer),
        List.of("ip", "-n", ns, "link", "set", peer, "up"),
        List.of("ip", "-n", ns, "route", "add", "blackhole", "10.255.254.1/32"));
    try {
      for (List<String> step : steps) {
        try {
          run(step);
        } catch (IOException e) {
          return new Probe(false, false, e.getMessage());
        }
      }
      try {
        run(List.of("tc", "-n", ns, "qdisc", "add", "dev", peer, "root", "netem", "delay", "1ms"));
        return new Probe(true, true, null);
      } catch (IOException e) {
        return new Probe(true, false, e.getMessage());
      }
    } finally {
      quietly(List.of("ip", "netns", "del", ns));
      quietly(List.of("ip", "link", "del", host)); // normally gone with the namespace
    }
  }

  /** Builds the plan's network; on a failure removes what was made and throws. */
  void setUp() throws IOException {
    try {
      for (List<String> c : plan.setup()) {
        synchronized (this) {
          if (closed) {
            throw new IOException("stopping");
          }
          run(c);
        }
      }
    } catch (IOException e) {
      close();
      throw new IOException("setting up the network namespaces: " + e.getMessage(), e);
    }
  }

  /** Cuts (or heals) the paths between two groups of nodes (0-based indexes). */
  void partition(List<Integer> a, List<Integer> b, boolean cut) throws IOException {
    for (NetPlan.Batch c : plan.partition(oneBased(a), oneBased(b), cut)) {
      run(c.argv(), String.join("\n", c.lines()) + "\n");
    }
  }

  /** Adds (or removes) netem on every node's interface. */
  void netem(Relay.Impairment imp, boolean on) throws IOException {
    for (List<String> c : plan.netem(imp.latencyMs(), imp.jitterMs(), imp.lossPercent(), on)) {
      run(c);
    }
  }

  /** Removes the namespaces (with their veths, routes and qdiscs) and the bridge; errors are logged. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> failed = new ArrayList<>();
    for (List<String> c : plan.teardown()) {
      String err = quietly(c);
      if (err != null && !err.contains("No such file") && !err.contains("Cannot find device")) {
        failed.add(String.join(" ", c) + ": " + err);
      }
    }
    if (!failed.isEmpty()) {
      log.println("removing the network namespaces: " + failed);
      log.flush();
    }
  }

  private static List<Integer> oneBased(List<Integer> zeroBased) {
    return zeroBased.stream().map(i -> i + 1).toList();
  }

  static String run(List<String> cmd) throws IOException {
    return run(cmd, null);
  }

  /** Runs a command (given {@code stdin}, if any), 20 s at most; its output, or an IOException with it when it fails. */
  static String run(List<String> cmd, String stdin) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": no answer in 20 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", cmd) + ": interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
    }
    return out;
  }

  /** Runs a command; null when it worked, else what went wrong. */
  private static String quietly(List<String> cmd) {
    try {
      run(cmd);
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
