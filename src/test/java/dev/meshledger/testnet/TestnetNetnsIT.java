package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshledger.testing.JarProcessTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runner with every node in its own network namespace (only as root with working
 * {@code ip netns}; skipped otherwise): three BFT nodes, a partition cut in the kernel and a spell
 * of latency and loss (tc netem when the kernel has it, else the relays), 24 s of workload.
 * The report names the methods, the partition heals, nothing acknowledged is lost, the nodes
 * converge, and no namespace, bridge or node process is left behind.
 */
@Tag("integration")
class TestnetNetnsIT extends JarProcessTest {
  @Test
  void threeNodesInNamespacesPartitionAndLatencyLoseNothingAndLeaveNothing() throws Exception {
    Netns.Probe probe = Netns.probe(NetPlan.suffix(ProcessHandle.current().pid() * 31 + 7));
    assumeTrue(probe.netns(), "network namespaces not usable here: " + probe.reason());
    Path out = dir.resolve("report");
    int rc = TestnetCommand.run("--nodes", "3", "--minutes", "0.4", "--perturb", "partition,latency",
        "--latency-ms", "100", "--loss", "1", "--net", "netns", "--out", out.toString(), "--jar", JAR.toString());
    JsonObject report = new JsonObject(Files.readString(out.resolve("report.json")));
    JsonObject net = report.getJsonObject("net");
    try {
      assertEquals(0, rc, report.encodePrettily());
      assertEquals("netns", net.getString("method"), net.encode());
      assertEquals("netns", report.getString("partitionMethod"));
      assertEquals(probe.netem() ? "netem" : "relay", report.getString("latencyMethod"), net.encode());
      assertEquals(0L, report.getLong("lostAcknowledged"));
      assertTrue(report.getBoolean("converged"), report.getJsonObject("tips").encodePrettily());
      JsonArray ps = report.getJsonArray("perturbations");
      assertEquals(2, ps.size());
      for (Object o : ps) {
        JsonObject p = (JsonObject) o;
        assertTrue(p.getBoolean("recovered"), p.encode());
        assertNotNull(p.getDouble("recoverySeconds"), p.encode());
      }
      // the partition was real: with one of three validators cut off no block is final meanwhile
      JsonObject partition = ps.getJsonObject(0);
      assertEquals("partition", partition.getString("kind"));
      assertTrue(heightsDuring(report, partition) <= 2, "blocks made while partitioned: " + partition.encode());
    } finally {
      String namespaces = Netns.run(List.of("ip", "netns", "list"));
      String prefix = net.getString("namespaces").replaceAll("\\d+\\.\\..*", "");
      assertFalse(namespaces.contains(prefix), "namespaces left: " + namespaces);
      assertThrows(IOException.class, () -> Netns.run(List.of("ip", "link", "show", net.getString("bridge"))),
          "the bridge is removed");
      for (Object pid : report.getJsonArray("nodePids")) {
        assertFalse(ProcessHandle.of(((Number) pid).longValue()).map(ProcessHandle::isAlive).orElse(false),
            "node process " + pid + " still running");
      }
    }
  }

  /** How far the highest node moved between 1 s into the window and its end. */
  private static long heightsDuring(JsonObject report, JsonObject p) {
    JsonArray t = report.getJsonObject("timeline").getJsonArray("seconds");
    JsonObject byNode = report.getJsonObject("timeline").getJsonObject("heights");
    long first = -1;
    long last = -1;
    for (int i = 0; i < t.size(); i++) {
      double s = t.getDouble(i);
      if (s < p.getDouble("atSeconds") + 1 || s > p.getDouble("endSeconds")) {
        continue;
      }
      long max = -1;
      for (String n : byNode.fieldNames()) {
        Object h = byNode.getJsonArray(n).getValue(i);
        max = h == null ? max : Math.max(max, ((Number) h).longValue());
      }
      first = first < 0 ? max : first;
      last = max;
    }
    return last - first;
  }
}
