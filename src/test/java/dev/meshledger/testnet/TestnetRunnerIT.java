package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.testing.JarProcessTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runner's own smoke test: three BFT nodes, one kill -9, one partition and a spell of latency
 * and loss (every link through the relays; {@code --net relay}, the fallback without root), 30 s of workload.
 * Nothing acknowledged is lost, every node converges, each perturbation has a recovery time,
 * both report files are written, and every node process the runner started has ended.
 */
@Tag("integration")
class TestnetRunnerIT extends JarProcessTest {
  @Test
  void threeNodesKillPartitionAndLatencyLoseNothingAndConverge() throws Exception {
    Path out = dir.resolve("report");
    int rc = TestnetCommand.run("--nodes", "3", "--minutes", "0.5", "--perturb", "kill,partition,latency",
        "--latency-ms", "80", "--loss", "2", "--net", "relay",
        "--out", out.toString(), "--jar", JAR.toString());
    JsonObject report = new JsonObject(Files.readString(out.resolve("report.json")));
    String html = Files.readString(out.resolve("report.html"));
    try {
      assertEquals(0, rc, report.encodePrettily());
      assertEquals(0L, report.getLong("lostAcknowledged"));
      assertTrue(report.getBoolean("converged"), report.getJsonObject("tips").encodePrettily());
      assertTrue(report.getJsonObject("acknowledged").getLong("dataBlocks") > 0, "the workload was acknowledged");
      JsonArray ps = report.getJsonArray("perturbations");
      Set<String> kinds = ps.stream().map(p -> ((JsonObject) p).getString("kind")).collect(Collectors.toSet());
      assertEquals(Set.of("kill", "partition", "latency"), kinds);
      JsonObject latency = ps.stream().map(p -> (JsonObject) p).filter(p -> "latency".equals(p.getString("kind")))
          .findFirst().orElseThrow();
      assertEquals("all", latency.getString("nodes"));
      assertEquals(80L, latency.getLong("latencyMs"));
      assertEquals(2.0, latency.getDouble("loss"));
      assertEquals("relay", report.getString("latencyMethod"));
      JsonObject relay = report.getJsonObject("relay");
      assertTrue(relay.getLong("connections") > 0 && relay.getLong("delayedChunks") > 0, relay.encode());
      ps.forEach(p -> assertNotNull(((JsonObject) p).getDouble("recoverySeconds"), ((JsonObject) p).encode()));
      JsonObject prop = report.getJsonObject("propagation");
      assertTrue(prop.getDouble("p50") > 0 && prop.getDouble("p99") >= prop.getDouble("p50"), prop.encode());
      assertEquals("bans", report.getString("partitionMethod"));
      assertEquals("loopback", report.getJsonObject("net").getString("method"));
      assertTrue(html.contains("<svg") && !html.contains("<script"), "self-contained HTML with inline SVG");
    } finally {
      // whatever the outcome: the runner stopped every process it started (3 nodes and the restart)
      List<Object> pids = report.getJsonArray("nodePids").getList();
      assertEquals(4, pids.size(), pids.toString());
      for (Object pid : pids) {
        assertFalse(ProcessHandle.of(((Number) pid).longValue()).map(ProcessHandle::isAlive).orElse(false),
            "node process " + pid + " still running");
      }
    }
  }
}
