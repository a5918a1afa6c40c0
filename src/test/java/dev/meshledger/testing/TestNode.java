package dev.meshledger.testing;

import dev.meshledger.NodeVerticle;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.metrics.MetricsSetup;
import dev.meshledger.storage.MemoryBlockStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One node in this JVM: its own Vertx (with its own metrics registry), ports 0, blocks in
 * memory, the node key in a temporary directory.
 */
public final class TestNode implements AutoCloseable {
  public final Vertx vertx;
  public final NodeVerticle node;

  private TestNode(Vertx vertx, NodeVerticle node) {
    this.vertx = vertx;
    this.node = node;
  }

  public static TestNode start(String name, String apiToken) throws Exception {
    Path dir = Files.createTempDirectory("meshledger-" + name);
    JsonObject http = new JsonObject().put("host", "127.0.0.1").put("port", 0);
    if (apiToken != null) {
      http.put("apiToken", apiToken);
    }
    JsonObject file = new JsonObject()
        .put("node", new JsonObject().put("name", name).put("dataDir", dir.toString()))
        .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("http", http);
    NodeConfig config = NodeConfig.from(file, new JsonObject());
    Vertx vertx = MetricsSetup.newVertx(new VertxOptions(), false);
    NodeVerticle node = new NodeVerticle(config, MemoryBlockStore::new);
    vertx.deployVerticle(node).await(60, TimeUnit.SECONDS);
    return new TestNode(vertx, node);
  }

  public int httpPort() {
    return node.httpPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
