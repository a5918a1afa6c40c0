package dev.meshledger.testnet;

import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One testnet run: start the nodes, run the workload, apply the perturbations one after the
 * other (each waits for the network to recover from the one before), stop the workload, let the
 * nodes settle, read their chains and write the report. The cluster is closed in every case.
 */
final class Runner {
  static final long WARMUP_MS = 10_000;
  static final long RECOVERY_WAIT_MS = 120_000;

  /**
   * One perturbation as applied: what, to which nodes (0-based), when it began and ended, and the
   * propagation histogram (cumulative, seconds) of the blocks that arrived meanwhile.
   */
  record Applied(String kind, List<Integer> nodes, long atMs, long endMs, NavigableMap<Double, Double> propagation) {}

  private final int count;
  private final String engine;
  private final double minutes;
  private final List<String> perturb;
  private final Path out;
  private final Path jar;
  private final PrintWriter log;
  private final Relay.Impairment latency;
  private final String netMode;
  private final NodeHttp http = new NodeHttp();

  /** {@code netMode}: auto (namespaces when this machine can), netns (or fail), relay (loopback). */
  Runner(int count, String engine, double minutes, List<String> perturb, Path out, Path jar, PrintWriter log,
      Relay.Impairment latency, String netMode) {
    this.netMode = netMode;
    this.latency = latency;
    this.count = count;
    this.engine = engine;
    this.minutes = minutes;
    this.perturb = perturb;
    this.out = out;
    this.jar = jar;
    this.log = log;
  }

  /** Runs the testnet and writes the report; the report's JSON. */
  JsonObject run() throws IOException, InterruptedException {
    List<WalletKey> accounts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      accounts.add(WalletKey.generate());
    }
    Path root = out.resolve("nodes");
    Files2.deleteTree(root);
    String sfx = NetPlan.suffix(ProcessHandle.current().pid() * 1_000_003L ^ System.nanoTime());
    Netns.Probe probe = "relay".equals(netMode) ? new Netns.Probe(false, false, "--net relay")
        : Netns.probe(sfx);
    if ("netns".equals(netMode) && !probe.netns()) {
      throw new IOException("--net netns: network namespaces cannot be used here: " + probe.reason());
    }
    boolean netem = probe.netns() && probe.netem();
    boolean relayed = perturb.contains("latency") && !netem;
    NetPlan plan = probe.netns() ? plan(sfx, relayed) : null;
    Netns net = plan == null ? null : new Netns(plan, log);
    AtomicReference<Cluster> made = new AtomicReference<>();
    Thread hook = new Thread(() -> {
      if (made.get() != null) {
        made.get().close(); // the processes first: a namespace with a process in it outlives its deletion
      }
      if (net != null) {
        net.close();
      }
    }, "testnet-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Relay relay = relayed ? new Relay(System.nanoTime()) : null;
    Cluster cluster = null;
    try {
      if (net != null) {
        net.setUp();
        log.printf("network namespaces %s..%s on bridge %s, %s.0/24 (partitions: blackhole routes; latency: %s)%n",
            plan.namespace(1), plan.namespace(count), plan.bridge(), plan.prefix(), netem ? "tc netem" : "relay");
      } else if (!"relay".equals(netMode)) {
        log.println("no network namespaces (" + probe.reason() + "): loopback, partitions by bans, latency by relay");
      }
      cluster = new Cluster(root, jar, count, engine, accounts, relayed, plan);
      made.set(cluster);
      if (relay != null) {
        for (Cluster.Node n : cluster.nodes()) {
          relay.listen(n.advertised(), n.p2pPort(), n.host(), n.p2pPort());
        }
        log.printf("relays on %s.. in front of every P2P port (latency method: relay)%n",
            cluster.nodes().get(0).advertised());
      }
      return run(cluster, relay, accounts, new Report.Net(net, probe, netem));
    } finally {
      if (cluster != null) {
        cluster.close();
        log.println("stopped node processes " + cluster.pids());
      }
      if (relay != null) {
        relay.close();
      }
      if (net != null) {
        net.close();
        log.println("removed namespaces, veths and bridge " + plan.bridge());
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs close(), which is idempotent
      }
    }
  }

  private NetPlan plan(String sfx, boolean relayed) throws IOException {
    String used = Netns.run(List.of("ip", "-4", "addr")) + "\n" + Netns.run(List.of("ip", "-4", "route"));
    String prefix = NetPlan.choosePrefix(System.nanoTime(), NetPlan.usedPrefixes(used));
    if (prefix == null) {
      throw new IOException("no free 10.x.y.0/24 for the namespaces");
    }
    return new NetPlan(sfx, prefix, count, relayed);
  }

  private JsonObject run(Cluster cluster, Relay relay, List<WalletKey> accounts, Report.Net net)
      throws IOException, InterruptedException {
    log.printf("starting %d %s nodes under %s%n", count, engine, out.resolve("nodes"));
    for (int i = 0; i < count; i++) {
      cluster.start(i);
    }
    for (int i = 0; i < count; i++) {
      if (!cluster.awaitReady(http, i, Duration.ofSeconds(180))) {
        throw new IOException(cluster.nodes().get(i).name() + " did not become ready; see "
            + out.resolve("nodes/logs/" + cluster.nodes().get(i).name() + ".log"));
      }
    }
    long start = System.nanoTime();
    Monitor monitor = new Monitor(cluster, http, start);
    Workload workload = new Workload(cluster, http, accounts, 3, start);
    monitor.start();
    workload.start();
    Perturber perturber = new Perturber(cluster, http, log, relay, latency, net.netns(), net.netem());
    List<Applied> applied = new ArrayList<>();
    long durationMs = (long) (minutes * 60_000);
    long slot = perturb.isEmpty() ? 0 : Math.max(5_000, (durationMs - WARMUP_MS) / perturb.size());
    int nextTarget = count - 1;
    for (int j = 0; j < perturb.size(); j++) {
      sleepUntil(monitor, WARMUP_MS + j * slot);
      String kind = perturb.get(j);
      boolean one = !"partition".equals(kind) && !"latency".equals(kind);
      List<Integer> nodes = one ? List.of(nextTarget) : List.of();
      if (one) {
        nextTarget = nextTarget == 1 ? count - 1 : nextTarget - 1; // node1 is never the one hit
      }
      Map<Long, String> before = monitor.snapshotMetrics();
      long at = monitor.nowMs();
      log.printf("%6.1f s  %s %s%n", at / 1000.0, kind, !nodes.isEmpty() ? cluster.nodes().get(nodes.get(0)).name()
          : "latency".equals(kind) ? "all links: " + latency.latencyMs() + " ms + jitter, " + latency.lossPercent()
          + "% loss" : "");
      List<Integer> hit = perturber.apply(kind, nodes, Math.min(10_000, Math.max(5_000, slot / 3)));
      long end = monitor.nowMs();
      applied.add(new Applied(kind, hit, at, end, Stats.window(before, monitor.snapshotMetrics(), Report.PROPAGATION)));
      long deadline = end + RECOVERY_WAIT_MS;
      while (monitor.nowMs() < deadline && Recovery.seconds(monitor.samples, end).isEmpty()) {
        Thread.sleep(500);
      }
      OptionalDouble rec = Recovery.seconds(monitor.samples, end);
      log.printf("%6.1f s  recovered from %s: %s%n", monitor.nowMs() / 1000.0, kind,
          rec.isPresent() ? rec.getAsDouble() + " s" : "NOT within " + RECOVERY_WAIT_MS / 1000 + " s");
    }
    sleepUntil(monitor, durationMs);
    log.printf("%6.1f s  workload stops: %d data blocks acknowledged, %d transfers included%n",
        monitor.nowMs() / 1000.0, workload.dataAcks.size(), workload.includedTransfers.size());
    workload.stop();
    // Settle: the same tip on every node in two samples in a row (up to 90 s).
    long settleStart = monitor.nowMs();
    int agreeing = 0;
    boolean tipsAgreed = false;
    while (agreeing < 2 && monitor.nowMs() - settleStart < 90_000) {
      Sample s = monitor.sample();
      agreeing = s.allAnswered() && s.tipsAgree() ? agreeing + 1 : 0;
      tipsAgreed |= agreeing > 0;
      Thread.sleep(agreeing > 0 ? 300 : 1000);
    }
    monitor.collectMetrics();
    monitor.stop();
    log.printf("%6.1f s  settled (tips agreed: %s); reading every node's chain%n", monitor.nowMs() / 1000.0, tipsAgreed);
    Verifier verifier = new Verifier(cluster, http);
    Set<String> onChain = new HashSet<>();
    List<Verdict.Chain> chains = List.of();
    for (int attempt = 0; attempt < 5; attempt++) {
      onChain.clear();
      Sample s = monitor.sample();
      chains = verifier.readAll(onChain, s.allAnswered() ? s.minHeight() : Long.MAX_VALUE);
      if (Verdict.converged(chains)) {
        break;
      }
      Thread.sleep(2000);
    }
    monitor.close();
    return Report.json(new Report.Inputs(engine, cluster, applied, monitor, workload, chains, onChain, minutes,
        tipsAgreed, relay, latency, net));
  }

  private static void sleepUntil(Monitor monitor, long ms) throws InterruptedException {
    long left = ms - monitor.nowMs();
    if (left > 0) {
      Thread.sleep(left);
    }
  }
}
