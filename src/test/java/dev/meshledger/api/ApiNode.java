package dev.meshledger.api;

import dev.meshledger.NodeVerticle;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.metrics.MetricsSetup;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.MemoryBlockStore;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One node for the API's tests: its own Vertx and registry, loopback, ports 0, blocks in memory, plus extra config. */
final class ApiNode implements AutoCloseable {
  final Vertx vertx;
  final NodeVerticle node;

  private ApiNode(Vertx vertx, NodeVerticle node) {
    this.vertx = vertx;
    this.node = node;
  }

  static NodeConfig config(String name, JsonObject extra) throws Exception {
    Path dir = Files.createTempDirectory("meshledger-" + name);
    JsonObject file = new JsonObject()
        .put("node", new JsonObject().put("name", name).put("dataDir", dir.toString()))
        .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .mergeIn(extra, true);
    return NodeConfig.from(file, new JsonObject());
  }

  static ApiNode start(String name, JsonObject extra, boolean jvmMetrics) throws Exception {
    return start(name, extra, jvmMetrics, MemoryBlockStore::new);
  }

  static ApiNode start(String name, JsonObject extra, boolean jvmMetrics, Supplier<BlockStore> store) throws Exception {
    NodeConfig config = config(name, extra);
    Vertx vertx = MetricsSetup.newVertx(new VertxOptions(), jvmMetrics);
    NodeVerticle node = new NodeVerticle(config, store);
    try {
      vertx.deployVerticle(node).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      throw e;
    }
    return new ApiNode(vertx, node);
  }

  String url(String path) {
    return (node.nodeConfig().api().tls() == null ? "http" : "https") + "://127.0.0.1:" + node.httpPort() + path;
  }

  /** How many whole-chain audits the chain ran (meshledger_chain_audits_total). */
  double audits() {
    Counter c = NodeMetrics.of(vertx).registry().find("meshledger.chain.audits").counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
