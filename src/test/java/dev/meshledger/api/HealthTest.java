package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.Messages.PeerSummary;
import dev.meshledger.bus.Messages.SyncProgress;
import dev.meshledger.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** /health/live and /health/ready: 200 or 503, with the P2P layer absent, listening, or far behind. */
class HealthTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyFollowsTheChainAndTheP2pLayer() throws Exception {
    try (TestNode node = TestNode.start("health-node", null)) {
      assertEquals(200, get(node, "/health/live").statusCode());
      // No P2P layer deployed yet: the chain alone decides.
      HttpResponse<String> ready = get(node, "/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("UP", new JsonObject(ready.body()).getString("status"));

      AtomicReference<PeerSummary> summary = new AtomicReference<>(new PeerSummary(0, false, false));
      node.vertx.eventBus().localConsumer(Addresses.P2P_SUMMARY, m -> m.reply(summary.get(), Bus.LOCAL));
      assertEquals(503, get(node, "/health/ready").statusCode(), "P2P not listening");

      summary.set(new PeerSummary(1, true, false));
      assertEquals(200, get(node, "/health/ready").statusCode());

      summary.set(new PeerSummary(1, true, true));
      node.vertx.eventBus().publish(Addresses.SYNC_PROGRESS, new SyncProgress(true, 10, 5_000, 100, false), Bus.LOCAL);
      awaitStatus(node, 503); // initial sync, far behind
      node.vertx.eventBus().publish(Addresses.SYNC_PROGRESS, new SyncProgress(true, 4_990, 5_000, 100, false), Bus.LOCAL);
      awaitStatus(node, 200); // nearly there
    }
  }

  private void awaitStatus(TestNode node, int expected) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    int last;
    do {
      last = get(node, "/health/ready").statusCode();
      if (last == expected) {
        return;
      }
      Thread.sleep(20);
    } while (System.currentTimeMillis() < end);
    assertEquals(expected, last);
  }

  private HttpResponse<String> get(TestNode node, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
