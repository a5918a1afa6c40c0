package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.storage.BlockMeta;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.storage.SideBlock;
import dev.meshledger.storage.StoreBatch;
import dev.meshledger.storage.TxLocation;
import dev.meshledger.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Block reads come from the chain's readers: a write that takes its time does not hold them up. */
class BlockReadsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

  /** A store in memory whose writes wait at a gate once it is closed, as a slow disk's synced write would. */
  static final class GatedStore implements BlockStore {
    final MemoryBlockStore inner = new MemoryBlockStore();
    final AtomicInteger waiting = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public void write(StoreBatch batch) {
      waiting.incrementAndGet();
      try {
        gate.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting.decrementAndGet();
      }
      inner.write(batch);
    }

    @Override public Snapshot snapshot() { return inner.snapshot(); }
    @Override public void close() { inner.close(); }
    @Override public Optional<Block> block(Hash hash) { return inner.block(hash); }
    @Override public Optional<BlockMeta> meta(Hash hash) { return inner.meta(hash); }
    @Override public Optional<Hash> hashAt(long height) { return inner.hashAt(height); }
    @Override public Optional<Head> head() { return inner.head(); }
    @Override public Optional<NodeStore.Node> stateNode(Hash hash) { return inner.stateNode(hash); }
    @Override public List<SideBlock> sideBlocks() { return inner.sideBlocks(); }
    @Override public List<TxLocation> transferLocations(Hash id) { return inner.transferLocations(id); }
    @Override public List<Hash> hashesFrom(long from, int count) { return inner.hashesFrom(from, count); }
  }

  private HttpResponse<String> get(ApiNode node, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.url(path))).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> post(ApiNode node, String data) {
    return http.sendAsync(HttpRequest.newBuilder(URI.create(node.url("/api/blocks"))).timeout(WAIT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("data", data).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<Object> dataOf(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    JsonArray blocks = new JsonObject(r.body()).getJsonArray("blocks");
    return blocks.stream().map(b -> ((JsonObject) b).getValue("data")).toList();
  }

  @Test
  void blocksAreReadWhileTheChainWaitsOnAWriteAndTheNewBlockShowsOnceItIsDurable() throws Exception {
    GatedStore store = new GatedStore();
    try (ApiNode node = ApiNode.start("reads", new JsonObject(), false, () -> store)) {
      assertEquals(201, post(node, "one").get(20, TimeUnit.SECONDS).statusCode());
      List<Object> before = dataOf(get(node, "/api/blocks?from=1"));
      assertEquals(List.of("one"), before);

      store.gate = new CountDownLatch(1);
      CompletableFuture<HttpResponse<String>> two = post(node, "two");
      Await.until(WAIT, () -> store.waiting.get() > 0, () -> "the chain writing block two");

      // the writer is stuck in its synced write: reads still answer, with what is durable
      assertEquals(List.of("one"), dataOf(get(node, "/api/blocks?from=1")));
      assertEquals(200, get(node, "/api/blocks/1").statusCode());
      assertEquals(404, get(node, "/api/blocks/2").statusCode(), "not durable, so not shown");
      assertEquals(1, new JsonObject(get(node, "/api/blocks/latest").body()).getLong("height"));
      assertFalse(two.isDone(), "not acknowledged before it is durable");

      store.gate.countDown();
      HttpResponse<String> made = two.get(20, TimeUnit.SECONDS);
      assertEquals(201, made.statusCode(), made.body());
      assertEquals(List.of("one", "two"), dataOf(get(node, "/api/blocks?from=1")));
      assertEquals(made.body(), get(node, "/api/blocks/2").body(), "the same JSON as the POST answered");
      assertEquals(made.body(), get(node, "/api/blocks/" + new JsonObject(made.body()).getString("hash")).body());
    }
  }
}
