package dev.meshledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Hash;
import dev.meshledger.storage.MemoryBlockStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A whole node in one Vertx, on port 0, with blocks in memory, driven over its HTTP API. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class NodeVerticleTest {
  private static final String HOST = "127.0.0.1";

  @TempDir Path dataDir;
  private Vertx vertx;
  private WebClient client;
  private NodeVerticle node;
  private String deploymentId;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** Deploys a node with the test config plus {@code overrides} (nested keys, as in a config file). */
  private Future<NodeVerticle> start(JsonObject overrides) {
    return start(overrides, new MemoryBlockStore());
  }

  private Future<NodeVerticle> start(JsonObject overrides, MemoryBlockStore store) {
    JsonObject file = new JsonObject()
        .put("node", new JsonObject().put("name", "test").put("dataDir", dataDir.toString()))
        .put("http", new JsonObject().put("port", 0))
        .put("p2p", new JsonObject().put("port", 0))
        .mergeIn(overrides, true);
    NodeConfig config = NodeConfig.from(file, new JsonObject());
    NodeVerticle n = new NodeVerticle(config, () -> store);
    return vertx.deployVerticle(n).map(id -> {
      node = n;
      deploymentId = id;
      return n;
    });
  }

  private Future<NodeVerticle> start() {
    return start(new JsonObject());
  }

  private HttpRequest<Buffer> get(String path) {
    return client.get(node.httpPort(), HOST, path);
  }

  private HttpRequest<Buffer> postRequest() {
    return client.post(node.httpPort(), HOST, "/api/blocks").putHeader("Content-Type", "application/json");
  }

  private Future<HttpResponse<Buffer>> post(String body) {
    return postRequest().sendBuffer(Buffer.buffer(body));
  }

  private Future<JsonObject> postData(String data) {
    return post(new JsonObject().put("data", data).encode()).map(r -> {
      assertEquals(201, r.statusCode(), r.bodyAsString());
      return r.bodyAsJsonObject();
    });
  }

  private Future<JsonObject> getJson(String path) {
    return get(path).send().map(r -> {
      assertEquals(200, r.statusCode(), path + ": " + r.bodyAsString());
      // the health handler adds ";charset=UTF-8"; both are JSON
      assertTrue(r.getHeader("Content-Type").startsWith("application/json"), r.getHeader("Content-Type"));
      return r.bodyAsJsonObject();
    });
  }

  /** Every error is {@code {"error": CODE, "message": text}} with its status. */
  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(code, body.getString("error"), body.encode());
    assertFalse(body.getString("message", "").isBlank(), body.encode());
  }

  private Future<Void> expectError(Future<HttpResponse<Buffer>> request, int status, String code) {
    return request.map(r -> {
      assertError(r, status, code);
      return null;
    });
  }

  @Test
  void readyAndStatus(VertxTestContext ctx) {
    start()
        .compose(n -> getJson("/health/ready"))
        .compose(ready -> {
          assertEquals("UP", ready.getString("status"));
          return getJson("/api/status");
        })
        .map(s -> {
          assertEquals(node.nodeId(), s.getString("nodeId"));
          assertEquals("test", s.getString("name"));
          assertEquals("meshledger-dev", s.getString("chainId"));
          assertEquals(0L, s.getLong("height"));
          assertTrue(Hash.isHex(s.getString("tip")));
          assertEquals(0, s.getInteger("peers"));
          assertEquals(false, s.getBoolean("syncing"));
          assertEquals("pow", s.getString("consensus"));
          assertEquals(0L, s.getLong("finalizedHeight"), "under proof of work only genesis is final");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void postedBlockIsReturnedAndCanBeReadByHeightHashAndLatest(VertxTestContext ctx) {
    List<JsonObject> seen = new ArrayList<>();
    start()
        .compose(n -> getJson("/api/blocks/0"))
        .compose(genesis -> {
          seen.add(genesis);
          return post("{\"data\": \"hello\"}");
        })
        .compose(r -> {
          assertEquals(201, r.statusCode(), r.bodyAsString());
          JsonObject b = r.bodyAsJsonObject();
          assertEquals(1L, b.getLong("height"));
          assertEquals("hello", b.getString("data"));
          assertEquals(seen.get(0).getString("hash"), b.getString("prevHash"));
          assertEquals(node.nodeId(), b.getString("producer"));
          assertEquals(8, b.getInteger("difficultyBits"));
          assertTrue(Hash.fromHex(b.getString("hash")).leadingZeroBits() >= 8, b.getString("hash"));
          assertEquals(128, b.getString("signature").length());
          assertEquals("\"hello\"".length(), b.getInteger("size"));
          assertEquals("/api/blocks/" + b.getString("hash"), r.getHeader("Location"));
          seen.add(b);
          String hash = b.getString("hash");
          return Future.all(getJson("/api/blocks/1"), getJson("/api/blocks/" + hash),
              getJson("/api/blocks/" + hash.toUpperCase()), getJson("/api/blocks/latest"));
        })
        .map(all -> {
          for (int i = 0; i < all.size(); i++) {
            assertEquals(seen.get(1), all.resultAt(i), "lookup " + i);
          }
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void jsonDataComesBackAsTheSameValue(VertxTestContext ctx) {
    JsonObject data = new JsonObject().put("k", new JsonArray().add(1).add("two")).put("nested", new JsonObject().put("x", true));
    start()
        .compose(n -> post(new JsonObject().put("data", data).encode()))
        .compose(r -> {
          assertEquals(201, r.statusCode(), r.bodyAsString());
          assertEquals(data, r.bodyAsJsonObject().getJsonObject("data"));
          return getJson("/api/blocks/1");
        })
        .map(b -> {
          assertEquals(data, b.getJsonObject("data"));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void blocksArePagedAscending(VertxTestContext ctx) {
    start()
        .compose(n -> postData("b1"))
        .compose(b -> postData("b2"))
        .compose(b -> postData("b3"))
        .compose(b -> postData("b4"))
        .compose(b -> postData("b5"))
        .compose(b -> Future.all(getJson("/api/blocks?from=2&limit=2"), getJson("/api/blocks"),
            getJson("/api/blocks?from=4"), getJson("/api/blocks?from=100&limit=1000"),
            getJson("/api/blocks?limit=1")))
        .map(all -> {
          assertEquals(List.of(2L, 3L), heights(all.resultAt(0)));
          assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), heights(all.resultAt(1)));
          assertEquals(List.of(4L, 5L), heights(all.resultAt(2)));
          assertEquals(List.of(), heights(all.resultAt(3)));
          assertEquals(List.of(0L), heights(all.resultAt(4)));
          assertEquals("b3", ((JsonObject) all.resultAt(0)).getJsonArray("blocks").getJsonObject(1).getString("data"));
          return null;
        })
        .compose(v -> Future.all(List.of(
            expectError(get("/api/blocks?limit=0").send(), 400, "BAD_PARAMETER"),
            expectError(get("/api/blocks?limit=1001").send(), 400, "BAD_PARAMETER"),
            expectError(get("/api/blocks?limit=ten").send(), 400, "BAD_PARAMETER"),
            expectError(get("/api/blocks?from=-1").send(), 400, "BAD_PARAMETER"),
            expectError(get("/api/blocks?from=abc").send(), 400, "BAD_PARAMETER"))))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static List<Long> heights(JsonObject page) {
    return page.getJsonArray("blocks").stream().map(o -> ((JsonObject) o).getLong("height")).toList();
  }

  @Test
  void badRequestsGetNamedErrors(VertxTestContext ctx) {
    start()
        .compose(n -> Future.all(List.of(
            expectError(post("{not json"), 400, "MALFORMED_JSON"),
            expectError(post("[1, 2]"), 400, "MALFORMED_JSON"),
            expectError(post("\"data\""), 400, "MALFORMED_JSON"),
            expectError(postRequest().send(), 400, "MALFORMED_JSON"),
            expectError(post("{\"dta\": \"typo\"}"), 400, "MISSING_DATA"),
            expectError(post("{\"data\": null}"), 400, "MISSING_DATA"),
            expectError(get("/api/blocks/999").send(), 404, "NOT_FOUND"),
            expectError(get("/api/blocks/" + "ab".repeat(32)).send(), 404, "NOT_FOUND"),
            expectError(get("/api/blocks/xyz").send(), 400, "BAD_BLOCK_ID"),
            expectError(get("/api/blocks/-1").send(), 400, "BAD_BLOCK_ID"),
            expectError(get("/api/blocks/" + "ab".repeat(31)).send(), 400, "BAD_BLOCK_ID"),
            expectError(get("/api/no-such-thing").send(), 404, "NOT_FOUND"))))
        .compose(v -> getJson("/api/blocks/latest"))
        .map(tip -> {
          assertEquals(0L, tip.getLong("height"), "no bad request made a block");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void dataAndBodyLimits(VertxTestContext ctx) {
    int maxData = 1000;
    // Stored as its JSON text: a string of n characters takes n + 2 bytes with its quotes.
    String fits = "x".repeat(maxData - 2);
    String over = "x".repeat(maxData - 1);
    start(new JsonObject()
        .put("chain", new JsonObject().put("maxBlockDataBytes", maxData))
        .put("http", new JsonObject().put("maxBodyBytes", 4096)))
        .compose(n -> postData(fits))
        .compose(b -> {
          assertEquals(maxData, b.getInteger("size"));
          return expectError(post(new JsonObject().put("data", over).encode()), 413, "DATA_TOO_LARGE");
        })
        .compose(v -> expectError(post(new JsonObject().put("data", "y".repeat(5000)).encode()), 413, "BODY_TOO_LARGE"))
        .compose(v -> getJson("/api/blocks/latest"))
        .map(tip -> {
          assertEquals(1L, tip.getLong("height"));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void withAnApiTokenWritesNeedIt(VertxTestContext ctx) {
    String body = "{\"data\": \"guarded\"}";
    start(new JsonObject().put("http", new JsonObject().put("apiToken", "s3cret")))
        .compose(n -> postRequest().sendBuffer(Buffer.buffer(body)))
        .compose(r -> {
          assertError(r, 401, "UNAUTHORIZED");
          assertEquals("Bearer", r.getHeader("WWW-Authenticate"));
          return postRequest().putHeader("Authorization", "Bearer wrong").sendBuffer(Buffer.buffer(body));
        })
        .compose(r -> {
          assertError(r, 401, "UNAUTHORIZED");
          return postRequest().putHeader("Authorization", "s3cret").sendBuffer(Buffer.buffer(body));
        })
        .compose(r -> {
          assertError(r, 401, "UNAUTHORIZED");
          return postRequest().putHeader("Authorization", "Bearer s3cret").sendBuffer(Buffer.buffer(body));
        })
        .compose(r -> {
          assertEquals(201, r.statusCode(), r.bodyAsString());
          return getJson("/api/blocks/latest"); // reads need no token
        })
        .map(tip -> {
          assertEquals(1L, tip.getLong("height"));
          assertEquals("guarded", tip.getString("data"));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void concurrentPostsFormOneChain(VertxTestContext ctx) {
    int n = 16;
    start()
        .compose(v -> Future.all(IntStream.range(0, n).mapToObj(i -> post("{\"data\": \"c" + i + "\"}")).toList()))
        .compose(all -> {
          List<JsonObject> blocks = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            HttpResponse<Buffer> r = all.resultAt(i);
            assertEquals(201, r.statusCode(), r.bodyAsString());
            blocks.add(r.bodyAsJsonObject());
          }
          Set<Long> heights = blocks.stream().map(b -> b.getLong("height")).collect(Collectors.toSet());
          assertEquals(LongStream.rangeClosed(1, n).boxed().collect(Collectors.toSet()), heights);
          Set<String> data = blocks.stream().map(b -> b.getString("data")).collect(Collectors.toSet());
          assertEquals(n, data.size(), "every request made its own block");
          return getJson("/api/blocks?from=0&limit=100").map(page -> {
            JsonArray chain = page.getJsonArray("blocks");
            assertEquals(n + 1, chain.size());
            for (int h = 1; h <= n; h++) {
              assertEquals(chain.getJsonObject(h - 1).getString("hash"), chain.getJsonObject(h).getString("prevHash"),
                  "height " + h + " links to height " + (h - 1));
            }
            for (JsonObject b : blocks) {
              assertEquals(b, chain.getJsonObject(b.getLong("height").intValue()), "the answered block is on the chain");
            }
            return chain.getJsonObject(n).getString("hash");
          });
        })
        .compose(tip -> getJson("/api/chain/validate").map(report -> {
          assertEquals(true, report.getBoolean("valid"), report.encode());
          assertEquals((long) n, report.getLong("height"));
          assertEquals((long) n + 1, report.getLong("checked"));
          assertEquals(tip, report.getString("tip"));
          assertEquals(new JsonArray(), report.getJsonArray("errors"));
          return null;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void blockAddedIsPublishedForEachBlock(VertxTestContext ctx) {
    Checkpoint events = ctx.checkpoint(3);
    Checkpoint posts = ctx.checkpoint();
    AtomicLong nextHeight = new AtomicLong(1);
    vertx.eventBus().<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> ctx.verify(() -> {
      BlockAdded e = m.body();
      assertEquals(nextHeight.getAndIncrement(), e.block().height());
      assertTrue(e.becameTip());
      assertEquals(BlockSource.LOCAL, e.source());
      assertTrue(e.addedMillis() >= e.firstSeenMillis());
      assertNotNull(e.block().hash());
      events.flag();
    }));
    start()
        .compose(v -> postData("e1"))
        .compose(b -> postData("e2"))
        .compose(b -> postData("e3"))
        .onComplete(ctx.succeeding(b -> posts.flag()));
  }

  @Test
  void aNodeRestartedOnItsStoreKeepsItsChainAndIdentity(VertxTestContext ctx) {
    MemoryBlockStore store = new MemoryBlockStore();
    List<String> before = new ArrayList<>();
    start(new JsonObject(), store)
        .compose(n -> postData("kept"))
        .compose(b -> {
          before.add(b.getString("hash"));
          before.add(node.nodeId());
          return vertx.undeploy(deploymentId);
        })
        .compose(v -> {
          assertTrue(vertx.deploymentIDs().isEmpty(), "the node undeploys all its verticles");
          return start(new JsonObject(), store);
        })
        .compose(n -> getJson("/api/blocks/latest"))
        .map(tip -> {
          assertEquals(before.get(0), tip.getString("hash"));
          assertEquals(before.get(1), node.nodeId(), "the node key is read back from node.dataDir");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aStoreOfAnotherNetworkStopsTheStart(VertxTestContext ctx) {
    MemoryBlockStore store = new MemoryBlockStore();
    start(new JsonObject(), store)
        .compose(n -> vertx.undeploy(deploymentId))
        .compose(v -> start(new JsonObject().put("chain", new JsonObject().put("id", "another-net")), store))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(String.valueOf(e.getMessage()).contains("another network's chain"), String.valueOf(e));
          ctx.completeNow();
        })));
  }
}
