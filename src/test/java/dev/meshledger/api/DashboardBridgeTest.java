package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge alone on a Vertx, fed chain events by the test as the chain verticle would publish them. */
class DashboardBridgeTest {
  private static final NodeConfig CONFIG = NodeConfig.defaults();
  private Vertx vertx;
  private final List<JsonObject> shown = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx);
    vertx.eventBus().<JsonObject>localConsumer(Addresses.UI_BLOCK_ADDED, m -> shown.add(m.body()));
    vertx.deployVerticle(new DashboardBridge(CONFIG, "self")).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Publishes {@code count} block events from one source, then one marker from this node, and waits for the marker. */
  private void publish(BlockSource source, int count) throws Exception {
    Block genesis = Genesis.of(CONFIG.chainParams());
    Block b = TestBlocks.child(CONFIG.chainParams(), genesis, "x");
    for (int i = 0; i < count; i++) {
      vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED, new BlockAdded(b, source, 1, 2, true, Work.of(3), 1), Bus.LOCAL);
    }
    Block marker = TestBlocks.child(CONFIG.chainParams(), genesis, "marker");
    vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED, new BlockAdded(marker, BlockSource.LOCAL, 1, 2, true, Work.of(3), 1),
        Bus.LOCAL);
    Await.until(Duration.ofSeconds(10), () -> shown.stream().anyMatch(j -> marker.hash().toHex().equals(j.getString("hash"))),
        () -> "the marker block on ui.block-added");
  }

  private long shownFrom(String source) {
    return shown.stream().filter(j -> source.equals(j.getString("source"))).count();
  }

  @Test
  void blocksFromASyncAreSampledForBrowsers() throws Exception {
    publish(new BlockSource.Sync("a".repeat(64)), 500);
    long synced = shownFrom("sync");
    // The sample restarts every second: a slow machine may straddle one boundary, never 25 of them.
    assertTrue(synced >= DashboardBridge.SYNC_BLOCKS_PER_SECOND && synced <= 2L * DashboardBridge.SYNC_BLOCKS_PER_SECOND,
        "500 synced blocks in well under a second show as one or two samples, not " + synced);
  }

  @Test
  void blocksFromPeersAndOurselvesAreAllShownWithTheirSource() throws Exception {
    String peer = "b".repeat(64);
    publish(new BlockSource.Peer(peer), 100);
    assertEquals(100, shownFrom(peer), "gossip is news: every block is shown, labelled with the peer's id");
    assertEquals(1, shownFrom("local"));
  }

  @Test
  void aBlockShowsItsTransferCountAndItsFirstTransfers() {
    Block genesis = Genesis.of(CONFIG.chainParams());
    WalletKey alice = WalletKey.fromSecret(new byte[32]);
    List<Transfer> transfers = new java.util.ArrayList<>();
    for (int i = 0; i < DashboardBridge.TRANSFERS_PER_BLOCK + 2; i++) {
      transfers.add(alice.transfer(CONFIG.chainId(), alice.account(), 10 + i, 1, i));
    }
    Block b = new BlockFactory(TestBlocks.KEY, CONFIG.chainParams())
        .make(0, genesis.hash(), TestBlocks.T0, TestBlocks.utf8("x"), new BlockBody(transfers, genesis.stateRoot()), () -> false)
        .orElseThrow();
    JsonObject json = DashboardBridge.blockJson(b);
    assertEquals(transfers.size(), json.getInteger("txCount"));
    assertEquals(DashboardBridge.TRANSFERS_PER_BLOCK, json.getJsonArray("transfers").size());
    JsonObject first = json.getJsonArray("transfers").getJsonObject(0);
    assertEquals(new JsonObject().put("id", transfers.get(0).id().toHex()).put("from", alice.account().toHex())
        .put("to", alice.account().toHex()).put("amount", 10).put("fee", 1), first);
    // a proof-of-work block shows the difficulty it was mined at, as the API does
    assertEquals(CONFIG.chainParams().difficultyBits(), json.getInteger("difficultyBits"));
    assertEquals(null, json.getValue("commitRound"));
  }
}
