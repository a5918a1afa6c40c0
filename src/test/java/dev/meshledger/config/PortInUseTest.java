package dev.meshledger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.NodeVerticle;
import dev.meshledger.storage.MemoryBlockStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A port another process holds stops the start with the port and the key that chose it. */
class PortInUseTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"http.port", "p2p.port"})
  void aTakenPortIsNamedWithItsKey(String key) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      JsonObject http = new JsonObject().put("host", "127.0.0.1").put("port", key.equals("http.port") ? port : 0);
      JsonObject p2p = new JsonObject().put("host", "127.0.0.1").put("port", key.equals("p2p.port") ? port : 0);
      NodeConfig config = NodeConfig.from(new JsonObject()
          .put("node", new JsonObject().put("name", "taken").put("dataDir", dir.toString()))
          .put("http", http).put("p2p", p2p), new JsonObject());
      Exception e = assertThrows(Exception.class,
          () -> vertx.deployVerticle(new NodeVerticle(config, MemoryBlockStore::new)).await(30, TimeUnit.SECONDS));
      PortInUseException p = assertInstanceOf(PortInUseException.class, e, String.valueOf(e));
      assertEquals(key, p.key());
      assertEquals(port, p.port());
      assertTrue(p.getMessage().startsWith(key + " " + port + " is already in use"), p.getMessage());
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
