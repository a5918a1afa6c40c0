package dev.meshledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.chain.Chain;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.storage.RocksBlockStore;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.Chains;
import dev.meshledger.testing.JarProcessTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three real node processes: one killed with SIGKILL in the middle of its start-up sync, restarted
 * on the same data dir, finishes the sync. Run by failsafe after {@code package}.
 */
@Tag("integration")
class SyncProcessIT extends JarProcessTest {
  private static final Duration START_DEADLINE = Duration.ofSeconds(90);
  private static final Duration SYNC_DEADLINE = Duration.ofSeconds(120);
  private static final int BLOCKS = 5_000;


  /** A node's config: its own ports and data dir, a network of cheap blocks, the given seeds. */
  private JsonObject conf(String name, int httpPort, int p2pPort, String... seeds) {
    return new JsonObject()
        .put("node", new JsonObject().put("name", name).put("dataDir", dir.resolve(name).toString()))
        .put("chain", new JsonObject().put("id", "sync-it").put("difficultyBits", 4))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", httpPort))
        .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", p2pPort).put("seeds", new JsonArray(List.of(seeds)))
            .put("maxInboundPerIp", 64))
        // Small batches: the sync takes many steps, so there is a moment to kill it in.
        .put("sync", new JsonObject().put("batchSize", 100));
  }

  private String writeConf(String name, JsonObject conf) throws IOException {
    return Files.writeString(dir.resolve(name + ".json"), conf.encodePrettily()).toString();
  }

  /** Polls /health/ready until it answers 200, the process dies, or the deadline passes. */
  private void awaitReady(Process p, int httpPort, String logName) throws Exception {
    awaitStatus(p, httpPort, logName, START_DEADLINE, "ready", s -> true);
  }

  /**
   * Polls /api/status until {@code condition} holds; fails if the process dies or the deadline
   * passes. Returns the status that matched.
   */
  private JsonObject awaitStatus(Process p, int httpPort, String logName, Duration deadline, String what,
      Predicate<JsonObject> condition) {
    HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/status"))
        .timeout(Duration.ofSeconds(5)).build();
    AtomicReference<JsonObject> last = new AtomicReference<>();
    Await.until(deadline, () -> {
      if (!p.isAlive()) {
        fail("the node exited with " + p.exitValue() + " before it was " + what + "\n" + logs(logName));
      }
      // an IOException while the node does not listen yet means: poll again
      HttpResponse<String> r = http.send(status, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return false;
      }
      last.set(new JsonObject(r.body()));
      return condition.test(last.get());
    }, () -> "the node to be " + what + "; last status " + last.get() + "\n" + logs(logName));
    return last.get();
  }

  private JsonObject getJson(int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }

  /** Writes {@code blocks} into the RocksDB store a node with {@code conf} opens, as if it had made them. */
  private static void prefill(JsonObject conf, List<Block> blocks) {
    NodeConfig config = NodeConfig.from(conf, new JsonObject());
    try (RocksBlockStore store = RocksBlockStore.open(config.dataDir().resolve("chain"))) {
      Chain chain = new Chain(store, config.chainParams());
      long now = System.currentTimeMillis();
      for (int i = 0; i < blocks.size(); i++) {
        assertTrue(chain.add(blocks.get(i), false, now) instanceof AddResult.Added, "block " + (i + 1));
        if (i % 500 == 499) {
          chain.flush();
        }
      }
      chain.flush();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static void phase(String what, long t0) {
    System.out.printf("%6.1f s  %s%n", (System.nanoTime() - t0) / 1e9, what);
  }

  @Test
  void aNodeKilledDuringSyncFinishesItAfterARestart() throws Exception {
    long t0 = System.nanoTime();
    int[] httpPorts = {freePort(), freePort(), freePort()};
    int[] p2pPorts = {freePort(), freePort(), freePort()};
    JsonObject conf1 = conf("sync1", httpPorts[0], p2pPorts[0]);
    JsonObject conf2 = conf("sync2", httpPorts[1], p2pPorts[1], "127.0.0.1:" + p2pPorts[0]);
    JsonObject conf3 = conf("sync3", httpPorts[2], p2pPorts[2], "127.0.0.1:" + p2pPorts[0], "127.0.0.1:" + p2pPorts[1]);

    // Nodes 1 and 2 hold the same few thousand blocks before they start.
    ChainParams params = NodeConfig.from(conf1, new JsonObject()).chainParams();
    List<Block> blocks = Chains.build(params, dev.meshledger.domain.Genesis.of(params), BLOCKS, TestBlocks.KEY, "it");
    String tip = blocks.get(BLOCKS - 1).hash().toHex();
    prefill(conf1, blocks);
    copyTree(dir.resolve("sync1"), dir.resolve("sync2"));

    phase("chain built and stored", t0);
    Process p1 = launch(writeConf("sync1", conf1), "sync1");
    Process p2 = launch(writeConf("sync2", conf2), "sync2");
    awaitReady(p1, httpPorts[0], "sync1");
    awaitReady(p2, httpPorts[1], "sync2");
    assertEquals(tip, getJson(httpPorts[0], "/api/status").getString("tip"));
    assertEquals(tip, getJson(httpPorts[1], "/api/status").getString("tip"));

    phase("nodes 1 and 2 ready", t0);
    String conf3File = writeConf("sync3", conf3);
    Process first = launch(conf3File, "sync3-first");
    JsonObject midway = awaitStatus(first, httpPorts[2], "sync3-first", SYNC_DEADLINE, "part-way through its sync",
        s -> s.getLong("height") > 0 && s.getLong("height") < BLOCKS);
    first.destroyForcibly();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS), "SIGKILL ends the process");
    long killedAt = midway.getLong("height");
    phase("node 3 killed at height " + killedAt, t0);

    Process second = launch(conf3File, "sync3-second");
    JsonObject restarted = awaitStatus(second, httpPorts[2], "sync3-second", START_DEADLINE, "ready", s -> true);
    // Not asserted: /api/status shows the chain's head as soon as a batch is accepted, a moment
    // before its synced write; a kill in that moment loses that batch, which the sync fetches again.
    JsonObject done = awaitStatus(second, httpPorts[2], "sync3-second", SYNC_DEADLINE, "at the others' tip",
        s -> tip.equals(s.getString("tip")));
    assertEquals(BLOCKS, done.getLong("height"));
    phase("node 3 restarted at height " + restarted.getLong("height") + " and synced to " + BLOCKS, t0);
    JsonObject report = getJson(httpPorts[2], "/api/chain/validate");
    assertEquals(true, report.getBoolean("valid"), report.encode());
    assertEquals(BLOCKS + 1, report.getLong("checked"), report.encode());
  }
}
