package dev.meshledger.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.NodeVerticle;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.storage.MemoryBlockStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a node with JVM metrics on, after blocks, a refused transfer and an audit, checked
 * by promtool's naming rules (and by promtool itself when it is installed; CI installs it).
 */
class MetricsLintTest {
  /** promtool's abbreviated units (promlint's unitAbbreviations) and non-base units. */
  private static final Set<String> ABBREVIATED = Set.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb",
      "m", "h", "d");
  private static final Set<String> NON_BASE = Set.of("milliseconds", "microseconds", "nanoseconds", "minutes", "hours",
      "days", "kilobytes", "megabytes", "gigabytes", "bits", "celsius", "fahrenheit", "grams", "kilograms", "pounds");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
  private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)$", Pattern.MULTILINE);

  @TempDir
  Path dir;

  /** What promtool check metrics would say about these families; empty when clean. */
  static List<String> lint(String exposition) {
    Map<String, String> types = new LinkedHashMap<>();
    Matcher t = TYPE.matcher(exposition);
    while (t.find()) {
      types.put(t.group(1), t.group(2));
    }
    Map<String, String> help = new LinkedHashMap<>();
    Matcher h = HELP.matcher(exposition);
    while (h.find()) {
      help.put(h.group(1), h.group(2));
    }
    List<String> problems = new ArrayList<>();
    types.forEach((name, type) -> {
      if (!name.matches("[a-z_:][a-z0-9_:]*")) {
        problems.add(name + ": not snake_case");
      }
      boolean counter = type.equals("counter");
      if (counter && !name.endsWith("_total")) {
        problems.add(name + ": a counter should end in _total");
      }
      if (!counter && name.endsWith("_total")) {
        problems.add(name + ": only counters end in _total");
      }
      if (!type.equals("histogram") && !type.equals("summary")
          && (name.endsWith("_count") || name.endsWith("_sum") || name.endsWith("_bucket"))) {
        problems.add(name + ": _count/_sum/_bucket belong to histograms and summaries");
      }
      for (String word : name.split("_")) {
        if (ABBREVIATED.contains(word)) {
          problems.add(name + ": abbreviated unit " + word);
        }
        if (NON_BASE.contains(word)) {
          problems.add(name + ": use a base unit instead of " + word);
        }
      }
      if (help.getOrDefault(name, "").isBlank()) {
        problems.add(name + ": no help text");
      }
    });
    return problems;
  }

  @Test
  void theLinterCatchesWhatPromtoolFlagged() {
    String before = """
        # HELP jvm_compilation_time_ms_total The approximate accumulated elapsed time spent in compilation
        # TYPE jvm_compilation_time_ms_total counter
        # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
        # TYPE process_cpu_time_ns_total counter
        # HELP system_cpu_count The number of processors available to the Java virtual machine
        # TYPE system_cpu_count gauge
        # HELP jvm_compilation_time_milliseconds_total spelled out, still not seconds
        # TYPE jvm_compilation_time_milliseconds_total counter
        # HELP meshledger_peers_total a gauge with a counter's name
        # TYPE meshledger_peers_total gauge
        """;
    assertEquals(5, lint(before).size(), lint(before).toString());
  }

  @Test
  void metricsOfABusyNodeLintClean() throws Exception {
    NodeConfig config = NodeConfig.from(new JsonObject()
        .put("node", new JsonObject().put("name", "lint").put("dataDir", dir.toString()))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0)), new JsonObject());
    Vertx vertx = MetricsSetup.newVertx(new VertxOptions(), true);
    try {
      NodeVerticle node = new NodeVerticle(config, MemoryBlockStore::new);
      vertx.deployVerticle(node).await(60, TimeUnit.SECONDS);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + node.httpPort();
      for (int i = 0; i < 2; i++) {
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/blocks")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\": " + i + "}")).build(), HttpResponse.BodyHandlers.discarding());
      }
      String transfer = new JsonObject().put("chainId", "other-chain").put("from", "ab".repeat(32)).put("to", "cd".repeat(32))
          .put("amount", 1).put("fee", 1).put("nonce", 0).put("signature", "00".repeat(64)).encode();
      http.send(HttpRequest.newBuilder(URI.create(base + "/api/transactions")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(transfer)).build(), HttpResponse.BodyHandlers.discarding());
      http.send(HttpRequest.newBuilder(URI.create(base + "/api/chain/validate")).build(), HttpResponse.BodyHandlers.discarding());
      String text = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String series : List.of("meshledger_chain_audits_total", "meshledger_mempool_transfers", "meshledger_block_transfers_count",
          "jvm_compilation_time_seconds_total", "process_cpu_seconds_total", "system_cpu_logical_processors", "jvm_memory_used_bytes")) {
        assertTrue(text.contains(series), series + " is served");
      }
      assertEquals(List.of(), lint(text));
      promtool(text);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** promtool itself, when installed: it must print nothing. */
  private void promtool(String text) throws Exception {
    boolean installed = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(File.pathSeparator)).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, "promtool")));
    if (!installed) {
      return;
    }
    Path in = dir.resolve("metrics.txt");
    Files.writeString(in, text);
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(in.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals("", out.trim(), "promtool check metrics");
    assertEquals(0, p.exitValue());
  }
}
