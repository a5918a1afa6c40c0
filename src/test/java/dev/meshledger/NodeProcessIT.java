package dev.meshledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshledger.testing.Await;
import dev.meshledger.testing.JarProcessTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real fat jar in its own process, for what only a process shows: durability across
 * {@code kill -9}, config errors on the command line. Run by failsafe after {@code package}.
 */
@Tag("integration")
class NodeProcessIT extends JarProcessTest {
  private static final Duration START_DEADLINE = Duration.ofSeconds(90);
  private static final Duration EXIT_DEADLINE = Duration.ofSeconds(60);


  private Path writeConf(String name, JsonObject conf) throws IOException {
    return Files.writeString(dir.resolve(name), conf.encodePrettily());
  }

  /** Polls /health/ready until it answers 200, the process dies, or the deadline passes. */
  private void awaitReady(Process p, int httpPort, String logName) {
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    Await.until(START_DEADLINE, () -> {
      if (!p.isAlive()) {
        fail("the node exited with " + p.exitValue() + " before it was ready\n" + logs(logName));
      }
      // an IOException while the node does not listen yet means: poll again
      return http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    }, () -> "the node to be ready\n" + logs(logName));
  }

  private CompletableFuture<HttpResponse<String>> postAsync(int port, String data) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/blocks"))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("data", data).encode()))
        .build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject getJson(int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }

  @Test
  void everyAcknowledgedBlockSurvivesKill9() throws Exception {
    int httpPort = freePort();
    JsonObject conf = new JsonObject()
        .put("node", new JsonObject().put("name", "it-node").put("dataDir", dir.resolve("data").toString()))
        .put("http", new JsonObject().put("port", httpPort))
        .put("p2p", new JsonObject().put("port", freePort()));
    String confFile = writeConf("node.json", conf).toString();

    Process first = launch(confFile, "first");
    awaitReady(first, httpPort, "first");

    // 20 blocks, all answered 201 before the kill.
    Map<Long, String> acknowledged = new TreeMap<>();
    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      posts.add(postAsync(httpPort, "block " + i));
    }
    for (CompletableFuture<HttpResponse<String>> f : posts) {
      HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
      assertEquals(201, r.statusCode(), r.body());
      JsonObject b = new JsonObject(r.body());
      acknowledged.put(b.getLong("height"), b.getString("hash"));
    }
    assertEquals(20, acknowledged.size());

    // More in flight when the process dies: whichever of them were answered 201 must survive too.
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inFlight.add(postAsync(httpPort, "in flight " + i));
    }
    CompletableFuture.anyOf(inFlight.toArray(CompletableFuture[]::new)).handle((r, e) -> null).get(60, TimeUnit.SECONDS);
    first.destroyForcibly();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS), "SIGKILL ends the process");
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).handle((r, e) -> null).get(60, TimeUnit.SECONDS);
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      if (!f.isCompletedExceptionally() && f.join().statusCode() == 201) {
        JsonObject b = new JsonObject(f.join().body());
        acknowledged.put(b.getLong("height"), b.getString("hash"));
      }
    }

    Process second = launch(confFile, "second");
    awaitReady(second, httpPort, "second");
    for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
      JsonObject b = getJson(httpPort, "/api/blocks/" + e.getKey());
      assertEquals(e.getValue(), b.getString("hash"), "block at height " + e.getKey() + " after the restart");
    }
    long maxHeight = ((TreeMap<Long, String>) acknowledged).lastKey();
    JsonObject report = getJson(httpPort, "/api/chain/validate");
    assertEquals(true, report.getBoolean("valid"), report.encode());
    assertTrue(report.getLong("height") >= maxHeight, report.encode());
    assertEquals(report.getLong("height") + 1, report.getLong("checked"));
    JsonObject next = new JsonObject(postAsync(httpPort, "after restart").get(60, TimeUnit.SECONDS).body());
    assertEquals(report.getLong("height") + 1, next.getLong("height"), "the restarted node builds on its stored tip");
  }

  @Test
  void aPortOutOfRangeStopsTheNodeWithOneLineNamingTheKey() throws Exception {
    Path conf = writeConf("bad.json", new JsonObject()
        .put("node", new JsonObject().put("dataDir", dir.resolve("data").toString()))
        .put("p2p", new JsonObject().put("port", 70000)));
    Process p = launch(conf.toString(), "bad");
    assertTrue(p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS), "the node exits at once");
    assertNotEquals(0, p.exitValue());
    assertEquals(78, p.exitValue(), "README: exit code 78 for a config error");
    List<String> lines = Files.readAllLines(dir.resolve("bad.err")).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one line on stderr: " + lines);
    assertTrue(lines.get(0).contains("p2p.port"), lines.get(0));
    assertTrue(lines.get(0).contains("70000"), lines.get(0));
  }

  @Test
  void brokenJsonStopsTheNodeNamingTheFileLineAndColumn() throws Exception {
    Path conf = Files.writeString(dir.resolve("broken.json"), "{\"node\": {\"name\": \"x\",\n");
    Process p = launch(conf.toString(), "broken");
    assertTrue(p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS), "the node exits at once");
    assertEquals(78, p.exitValue(), logs("broken"));
    List<String> lines = Files.readAllLines(dir.resolve("broken.err")).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one line on stderr: " + lines);
    assertTrue(lines.get(0).startsWith("meshledger: config error: " + conf + " is not valid JSON at line 2, column 1: "),
        lines.get(0));
  }

  @Test
  void aPortInUseStopsTheNodeNamingThePortAndItsKey() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path conf = writeConf("taken.json", new JsonObject()
          .put("node", new JsonObject().put("dataDir", dir.resolve("taken-data").toString()))
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port))
          .put("p2p", new JsonObject().put("port", 0)));
      Process p = launch(conf.toString(), "taken");
      assertTrue(p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS), "the node exits at once");
      assertEquals(1, p.exitValue(), "README: exit code 1 for a failed start\n" + logs("taken"));
      List<String> lines = Files.readAllLines(dir.resolve("taken.err")).stream().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), "one line on stderr: " + lines);
      assertTrue(lines.get(0).startsWith("meshledger: could not start: http.port " + port + " is already in use"),
          lines.get(0));
    }
  }

  @Test
  void aMissingConfigFileStopsTheNodeNamingTheFile() throws Exception {
    String missing = dir.resolve("no-such-node.json").toString();
    Process p = launch(missing, "missing");
    assertTrue(p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS), "the node exits at once");
    assertNotEquals(0, p.exitValue());
    String stderr = Files.readString(dir.resolve("missing.err"));
    assertTrue(stderr.contains(missing), stderr);
    assertEquals(1, stderr.lines().filter(l -> !l.isBlank()).count(), stderr);
  }

  @Test
  void aDataDirThatIsAFileStopsTheNodeNamingTheKey() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    Path conf = writeConf("file-dir.json", new JsonObject()
        .put("node", new JsonObject().put("dataDir", notADir.toString()))
        .put("http", new JsonObject().put("port", 0))
        .put("p2p", new JsonObject().put("port", 0)));
    Process p = launch(conf.toString(), "file-dir");
    assertTrue(p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS), "the node exits at once");
    assertEquals(78, p.exitValue(), logs("file-dir"));
    List<String> lines = Files.readAllLines(dir.resolve("file-dir.err")).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one line on stderr: " + lines);
    assertTrue(lines.get(0).contains("node.dataDir"), lines.get(0));
  }

  @Test
  void aDataDirOfAnotherNetworkIsRefused() throws Exception {
    int httpPort = freePort();
    JsonObject conf = new JsonObject()
        .put("node", new JsonObject().put("dataDir", dir.resolve("data").toString()))
        .put("chain", new JsonObject().put("id", "net-one"))
        .put("http", new JsonObject().put("port", httpPort))
        .put("p2p", new JsonObject().put("port", 0));
    Process first = launch(writeConf("one.json", conf).toString(), "one");
    awaitReady(first, httpPort, "one");
    first.destroy(); // SIGTERM: a clean stop
    assertTrue(first.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS), "SIGTERM stops the node");

    conf.getJsonObject("chain").put("id", "net-two");
    Process second = launch(writeConf("two.json", conf).toString(), "two");
    assertTrue(second.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS), "the node exits at once");
    assertNotEquals(0, second.exitValue());
    String stderr = Files.readString(dir.resolve("two.err"));
    assertTrue(stderr.contains("another network's chain") && stderr.contains("chain.id"), logs("two"));
  }
}
