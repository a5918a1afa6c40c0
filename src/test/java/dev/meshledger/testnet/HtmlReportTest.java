package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  @Test
  void oneSelfContainedPageWithBothPlotsAndThePerturbationsMarked() {
    JsonObject r = new JsonObject().put("lostAcknowledged", 0).put("converged", true).put("nodes", 2)
        .put("engine", "poa").put("durationSeconds", 10.0).put("partitionMethod", "bans")
        .put("partitionMethodNote", "bans <of ids>")
        .put("propagation", new JsonObject().put("p50", 3.0).put("p90", 8.0).put("p99", 9.5).put("count", 4)
            .put("buckets", new JsonArray().add(new JsonObject().put("leMs", 5.0).put("count", 3))
                .add(new JsonObject().putNull("leMs").put("count", 1))))
        .put("finality", new JsonObject().put("p50", 400.0).put("p99", 900.0))
        .put("reorgs", new JsonObject().put("count", 0).put("maxDepth", 0))
        .put("acknowledged", new JsonObject().put("dataBlocks", 5).put("transfersIncluded", 2).put("pendingData", 0)
            .put("pendingDataIncludedLater", 0))
        .put("lostDataBlocks", 0).put("lostTransfers", 0)
        .put("perturbations", new JsonArray().add(new JsonObject().put("kind", "kill").put("node", "node2")
            .put("atSeconds", 2.0).put("endSeconds", 4.0).put("recoverySeconds", 1.5).putNull("propagation"))
            .add(new JsonObject().put("kind", "latency").put("nodes", "all").put("latencyMs", 100).put("loss", 1.0)
                .put("atSeconds", 5.0).put("endSeconds", 8.0).put("recoverySeconds", 0.5)
                .put("propagation", new JsonObject().put("p50", 120.0).put("p99", 310.0).put("count", 9))
                .put("finality", new JsonObject().put("p50", 900.0).put("p99", 1500.0).put("count", 4))))
        .put("timeline", new JsonObject().put("seconds", new JsonArray().add(0.0).add(5.0))
            .put("heights", new JsonObject().put("node1", new JsonArray().add(1).add(5))
                .put("node2", new JsonArray().addNull().add(4))))
        .put("tips", new JsonObject());
    String html = HtmlReport.render(r);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("PASS"));
    assertTrue(html.split("<svg", -1).length == 3, "two plots");
    assertTrue(html.contains(">kill</text>"), "the kill is marked on the height plot");
    assertTrue(html.contains("bans &lt;of ids&gt;"), "text is escaped");
    assertTrue(html.contains("<td>120.0 / 310.0 (9 arrivals)</td><td>900.0 / 1500.0 (4 posts)</td>"), html);
    assertTrue(html.contains("<td>no arrivals</td><td>no posts</td>"), "a window without blocks says so");
    assertFalse(html.contains("<script") || html.contains("http://") && !html.contains("www.w3.org/2000/svg"));
  }
}
