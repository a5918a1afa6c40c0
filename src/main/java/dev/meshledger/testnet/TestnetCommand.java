package dev.meshledger.testnet;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar node-fat.jar testnet [--nodes N] [--engine pow|poa|pos] [--minutes M]
 * [--perturb kill,pause,partition,restart,latency] [--latency-ms MS] [--loss PCT] [--net auto|netns|relay]
 * [--out DIR]}: a perturbed testnet of N node processes (each in a network namespace when root, else on loopback), ending with DIR/report.json and DIR/report.html. Exit 0 when
 * nothing acknowledged was lost and every node converged, 1 when not (or the run failed), 2 on a usage error.
 */
@Command(name = "testnet", exitCodeOnInvalidInput = TestnetCommand.EXIT_USAGE,
    description = "Run N nodes on loopback under a steady workload and scheduled perturbations; write a report.")
public final class TestnetCommand implements Callable<Integer> {
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_FAILED = 1;

  @Option(names = "--nodes", defaultValue = "5", description = "Node processes (3..16, default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--engine", defaultValue = "poa", description = "poa (BFT, power from the spec; default), pow or pos.")
  String engine;

  @Option(names = "--minutes", defaultValue = "3", description = "Length of the workload (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--perturb", split = ",", description = "Perturbations in order: kill, pause, partition, restart, "
      + "latency (tc netem or a TCP relay per node, see --net). Default: kill,pause,partition.")
  List<String> perturb = new ArrayList<>(List.of("kill", "pause", "partition"));

  @Option(names = "--latency-ms", defaultValue = "100", description = "latency: delay per chunk, ms (plus jitter up to "
      + "a fifth of it; default ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(names = "--loss", defaultValue = "1", description = "latency: percent of chunks 'lost' (held "
      + Relay.RTO_MS + " ms more, as by a retransmission; default ${DEFAULT-VALUE}).")
  double loss;

  @Option(names = "--net", defaultValue = "auto", description = "auto (default): every node in its own network "
      + "namespace, partitions by blackhole routes and latency by tc netem, when the runner is root and ip/tc work "
      + "(else as relay, and the report says why); netns: the same or fail; relay: loopback, partitions by the "
      + "nodes' bans, latency by a TCP relay per node.")
  String net;

  @Option(names = "--out", defaultValue = "testnet-report", description = "Directory of report.json, report.html, "
      + "the nodes' data and logs (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--jar", description = "The node's jar (default: the jar this runs from).")
  Path jar;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Spec CommandSpec spec;

  /** Runs {@code args} (what follows {@code testnet}) and returns the exit code. */
  public static int run(String... args) {
    return new CommandLine(new TestnetCommand()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter log = spec.commandLine().getOut();
    if (!List.of("poa", "pow", "pos").contains(engine)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--engine must be poa, pow or pos, not " + engine);
    }
    if (nodes < 3 || nodes > 16) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 3..16");
    }
    if (minutes <= 0 || minutes > 120) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--minutes must be more than 0 and at most 120");
    }
    for (String p : perturb) {
      if (!Perturber.KINDS.contains(p)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown perturbation '" + p
            + "' (kill, pause, partition, restart, latency)");
      }
    }
    if (latencyMs < 0 || latencyMs > 10_000 || loss < 0 || loss > 100) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--latency-ms must be 0..10000, --loss 0..100");
    }
    if (!List.of("auto", "netns", "relay").contains(net)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--net must be auto, netns or relay, not " + net);
    }
    Path jarFile = jar != null ? jar : ownJar();
    if (jarFile == null || !Files.isRegularFile(jarFile)) {
      err.println("testnet: no node jar (give --jar target/node-fat.jar)");
      return EXIT_FAILED;
    }
    Files.createDirectories(out);
    // the cluster's spec: poa is bft with power from the spec, pos bft with power from stake
    String runEngine = "poa".equals(engine) ? "bft" : engine;
    JsonObject report;
    try {
      report = new Runner(nodes, runEngine, minutes, perturb, out.toAbsolutePath(), jarFile.toAbsolutePath(), log,
          new Relay.Impairment(latencyMs, loss), net).run();
    } catch (IOException e) {
      err.println("testnet: " + e.getMessage());
      return EXIT_FAILED;
    }
    report.put("engine", engine).put("consensus", runEngine);
    Files.writeString(out.resolve("report.json"), report.encodePrettily());
    Files.writeString(out.resolve("report.html"), HtmlReport.render(report));
    JsonObject prop = report.getJsonObject("propagation");
    log.printf("report: %s (and report.html)%n  lostAcknowledged %d, converged %s, propagation p50 %.1f ms p99 %.1f ms, "
        + "reorgs %d; partitions: %s, latency: %s%n", out.resolve("report.json"), report.getLong("lostAcknowledged"),
        report.getBoolean("converged"), prop.getDouble("p50"), prop.getDouble("p99"),
        report.getJsonObject("reorgs").getLong("count"), report.getString("partitionMethod"),
        report.getString("latencyMethod", "-"));
    report.getJsonArray("perturbations").forEach(p -> log.println("  " + ((JsonObject) p).encode()));
    return report.getLong("lostAcknowledged") == 0 && report.getBoolean("converged") ? 0 : EXIT_FAILED;
  }

  private static Path ownJar() {
    try {
      Path p = Path.of(TestnetCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return p.toString().endsWith(".jar") ? p : Path.of("target/node-fat.jar");
    } catch (Exception e) {
      return Path.of("target/node-fat.jar");
    }
  }
}
