package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.PeerMessages.PeerSummary;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** /health/live and /health/ready: 200 or 503, with the P2P layer absent, listening, or far behind. */
class HealthTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyFollowsTheChainAndTheP2pLayer() throws Exception {
    try (TestNode node = TestNode.start("health-node", null)) {
      assertEquals(200, get(node, "/health/live").statusCode());
      // The chain is loaded and the P2P layer listens.
      HttpResponse<String> ready = get(node, "/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("UP", new JsonObject(ready.body()).getString("status"));

      node.vertx.eventBus().publish(Addresses.SYNC_PROGRESS, new SyncProgress(true, 10, 5_000, 100, false), Bus.LOCAL);
      awaitStatus(node, 503); // initial sync, far behind
      node.vertx.eventBus().publish(Addresses.SYNC_PROGRESS, new SyncProgress(true, 4_990, 5_000, 100, false), Bus.LOCAL);
      awaitStatus(node, 200); // nearly there
    }
  }

  @Test
  void notReadyWhileP2pIsNotListeningOrSyncIsFarBehind() {
    assertEquals(false, NodeHealth.p2pStatus(new PeerSummary(0, false, false), null).isOk());
    assertEquals(true, NodeHealth.p2pStatus(new PeerSummary(2, true, false), null).isOk());
    assertEquals(false, NodeHealth.p2pStatus(new PeerSummary(2, true, true), new SyncProgress(true, 10, 5_000, 1, false)).isOk());
    assertEquals(true, NodeHealth.p2pStatus(new PeerSummary(2, true, true), new SyncProgress(true, 4_990, 5_000, 1, false)).isOk());
  }

  private void awaitStatus(TestNode node, int expected) {
    AtomicInteger last = new AtomicInteger();
    Await.until(Duration.ofSeconds(10), () -> {
      last.set(get(node, "/health/ready").statusCode());
      return last.get() == expected;
    }, () -> "/health/ready to answer " + expected + " (it last answered " + last.get() + ")");
  }

  private HttpResponse<String> get(TestNode node, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
