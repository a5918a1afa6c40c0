package dev.meshledger.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.chain.ChainMessages.SubmitBlock;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: the meshledger_* series move with blocks, peers, bans and sync; one registry per node. */
@Tag("integration")
class MetricsEndpointTest {
  private static final long DEADLINE_MS = 15_000;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void seriesMoveWithBlocksAndPeers() throws Exception {
    try (TestNode node = TestNode.start("metrics-node", null); TestNode other = TestNode.start("metrics-other", null)) {
      String text = scrape(node);
      assertEquals(0.0, value(text, "meshledger_chain_height"));
      assertTrue(text.contains("vertx_http_server_"), "Vert.x's own series are served too");

      mine(node, "\"one\"");
      mine(node, "\"two\"");
      eventually(() -> value(scrape(node), "meshledger_chain_height"), 2.0);
      text = scrape(node);
      assertEquals(2.0, value(text, "meshledger_blocks_added_total{source=\"local\"}"));
      assertTrue(value(text, "meshledger_chain_total_work") > 1.0);
      // Each node has its own registry: the other one saw nothing.
      assertEquals(0.0, value(scrape(other), "meshledger_chain_height"));

      // A block that fails validation is counted by its reason.
      Block b = node.vertx.eventBus().<Block>request(Addresses.CHAIN_BLOCK, BlockLookup.latest(), Bus.LOCAL).await().body();
      Block forged = new Block(b.height(), b.prevHash(), b.timestamp(), b.dataHash(), b.txRoot(), b.stateRoot(),
          b.bits(), b.producer(), b.signature(), b.nonce() + 1, b.data(), b.transactions(),
          Hash.wrap(new byte[Hash.SIZE]));
      AddResult r = node.vertx.eventBus().<AddResult>request(Addresses.CHAIN_SUBMIT_BLOCK,
          new SubmitBlock(forged, new BlockSource.Peer("peer-x"), System.currentTimeMillis(), false), Bus.LOCAL).await().body();
      AddResult.Rejected rejected = assertInstanceOf(AddResult.Rejected.class, r);
      assertEquals(1.0, value(scrape(node), "meshledger_blocks_rejected_total{reason=\"" + rejected.reason().name() + "\"}"));

      // Peers, bans and sync progress, as the P2P and sync layers publish them.
      var bus = node.vertx.eventBus();
      long now = System.currentTimeMillis();
      bus.publish(Addresses.P2P_PEER_CONNECTED, new PeerInfo("aa", "127.0.0.1:7002", "outbound", 2, Work.of(513), now, 0), Bus.LOCAL);
      bus.publish(Addresses.P2P_PEER_CONNECTED, new PeerInfo("bb", "127.0.0.1:7003", "inbound", 2, Work.of(513), now, 0), Bus.LOCAL);
      bus.publish(Addresses.P2P_PEER_CONNECTED, new PeerInfo("cc", "127.0.0.1:7004", "inbound", 2, Work.of(513), now, 0), Bus.LOCAL);
      eventually(() -> value(scrape(node), "meshledger_peers{direction=\"inbound\"}"), 2.0);
      assertEquals(1.0, value(scrape(node), "meshledger_peers{direction=\"outbound\"}"));
      bus.publish(Addresses.P2P_PEER_DISCONNECTED, new PeerDisconnected("bb", "127.0.0.1:7003", "inbound", "BANNED"), Bus.LOCAL);
      bus.publish(Addresses.P2P_PEER_BANNED, new PeerBanned("bb", "127.0.0.1", "BAD_BLOCK", now + 60_000), Bus.LOCAL);
      eventually(() -> value(scrape(node), "meshledger_peers{direction=\"inbound\"}"), 1.0);
      eventually(() -> value(scrape(node), "meshledger_peer_bans_total{reason=\"BAD_BLOCK\"}"), 1.0);
      bus.publish(Addresses.SYNC_PROGRESS, new SyncProgress(true, 25, 100, 500.0, false), Bus.LOCAL);
      eventually(() -> value(scrape(node), "meshledger_sync_progress"), 0.25);
      assertEquals(1.0, value(scrape(node), "meshledger_sync_syncing"));

      // A block from a peer lands in the propagation histogram (80 ms after its timestamp).
      bus.publish(Addresses.CHAIN_BLOCK_ADDED, new BlockAdded(b, new BlockSource.Peer("aa"), b.timestamp() + 50, b.timestamp() + 80, false, Work.of(513), 1), Bus.LOCAL);
      eventually(() -> value(scrape(node), "meshledger_block_propagation_delay_seconds_count"), 1.0);
      text = scrape(node);
      assertEquals(0.0, value(text, "meshledger_block_propagation_delay_seconds_bucket{le=\"0.05\"}"));
      assertEquals(1.0, value(text, "meshledger_block_propagation_delay_seconds_bucket{le=\"0.1\"}"));
      assertEquals(1.0, value(text, "meshledger_blocks_added_total{source=\"peer\"}"));
      // A block this node stored as its own but another node made (a BFT decision on another validator's
      // proposal) has propagated here too (3 s); this node's own blocks, mined above, never count.
      byte[] elsewhere = new byte[Block.PRODUCER_SIZE];
      java.util.Arrays.fill(elsewhere, (byte) 7);
      Block decided = new Block(b.height(), b.prevHash(), b.timestamp(), b.dataHash(), b.txRoot(), b.stateRoot(),
          b.bits(), elsewhere, b.signature(), b.nonce(), b.data(), b.transactions(), b.hash());
      bus.publish(Addresses.CHAIN_BLOCK_ADDED, new BlockAdded(decided, BlockSource.LOCAL, b.timestamp(), b.timestamp() + 3_000, true, Work.of(514), 1), Bus.LOCAL);
      eventually(() -> value(scrape(node), "meshledger_block_propagation_delay_seconds_count"), 2.0);
      text = scrape(node);
      assertEquals(1.0, value(text, "meshledger_block_propagation_delay_seconds_bucket{le=\"2.5\"}"));
      assertEquals(2.0, value(text, "meshledger_block_propagation_delay_seconds_bucket{le=\"5.0\"}"));

      // Wire traffic, counted by the P2P layer through NodeMetrics.
      NodeMetrics.of(node.vertx).messageIn("BLOCK", 300);
      NodeMetrics.of(node.vertx).messageIn("BLOCK", 200);
      text = scrape(node);
      assertEquals(2.0, value(text, "meshledger_messages_total{direction=\"in\",type=\"BLOCK\"}"));
      assertEquals(500.0, value(text, "meshledger_message_bytes_total{direction=\"in\",type=\"BLOCK\"}"));
    }
  }

  private static void mine(TestNode node, String json) throws Exception {
    node.vertx.eventBus().request(Addresses.MINER_MINE, new MineRequest(json.getBytes(StandardCharsets.UTF_8)), Bus.LOCAL)
        .await(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  private String scrape(TestNode node) throws Exception {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode());
    return res.body();
  }

  /** The sample's value; NaN when the series is absent. */
  static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** Events are asynchronous: poll until the value is there or the deadline passes. */
  private static void eventually(ThrowingDoubleSupplier actual, double expected) {
    AtomicReference<Double> last = new AtomicReference<>();
    Await.until(Duration.ofMillis(DEADLINE_MS), () -> {
      last.set(actual.get());
      return last.get() == expected;
    }, () -> "the value " + expected + " (it was last " + last.get() + ")");
  }

  @FunctionalInterface
  private interface ThrowingDoubleSupplier {
    double get() throws Exception;
  }
}
