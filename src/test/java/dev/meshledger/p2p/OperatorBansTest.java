package dev.meshledger.p2p;

import static dev.meshledger.p2p.NetworkFixture.fast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.p2p.NetworkFixture.Events;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's bans and allow-list on real nodes (in the style of Bitcoin Core's
 * {@code p2p_disconnect_ban.py}): an IP or CIDR ban closes a TCP connection before any TLS byte,
 * a node-id ban or an allow-list change drops a connected peer at once, and each survives a
 * restart until it is lifted.
 */
@Tag("integration")
class OperatorBansTest {
  private static final String TOKEN = "bans-test-token";
  /** How long a connection must stay open to count as waiting for TLS (the server never speaks first). */
  private static final int OPEN_FOR_MS = 700;
  /** "At once": the acceptance check's probe allows 3 s. */
  private static final long AT_ONCE_MS = 3_000;

  @TempDir Path dir;
  private Vertx testVertx;
  private WebClient http;

  @BeforeEach
  void setUp() {
    testVertx = Vertx.vertx();
    http = WebClient.create(testVertx);
  }

  @AfterEach
  void tearDown() {
    TestNetwork.get(testVertx.close(), 30);
  }

  private static TestNetwork.Options withToken() {
    return TestNetwork.options().config(fast().put("http", new JsonObject().put("apiToken", TOKEN)));
  }

  private HttpResponse<Buffer> call(Node n, HttpMethod method, String path, Object body) {
    var req = http.request(method, n.httpPort(), "127.0.0.1", path).putHeader("Authorization", "Bearer " + TOKEN);
    return TestNetwork.get(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body.toString())), 30);
  }

  private HttpResponse<Buffer> ban(Node n, String target) {
    HttpResponse<Buffer> r = call(n, HttpMethod.POST, "/api/bans", new JsonObject().put("target", target).put("reason", "test"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r;
  }

  private void lift(Node n, String encodedTarget) {
    HttpResponse<Buffer> r = call(n, HttpMethod.DELETE, "/api/bans/" + encodedTarget, null);
    assertEquals(204, r.statusCode(), r.bodyAsString());
  }

  /** What a plain TCP client bound to {@code fromIp} sees: the server closes it ("closed", with the ms it took) or waits. */
  private static String probe(String fromIp, int port) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(fromIp, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      long start = System.nanoTime();
      s.setSoTimeout((int) AT_ONCE_MS + OPEN_FOR_MS);
      try {
        int b = s.getInputStream().read();
        long ms = (System.nanoTime() - start) / 1_000_000;
        return b != -1 ? "data" : ms < AT_ONCE_MS ? "closed" : "closed late (" + ms + " ms)";
      } catch (SocketTimeoutException waiting) {
        return "open";
      } catch (SocketException reset) {
        return "closed";
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Open: no byte and no close within OPEN_FOR_MS (the full probe would wait AT_ONCE_MS more). */
  private static boolean waitsForTls(String fromIp, int port) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(fromIp, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(OPEN_FOR_MS);
      try {
        s.getInputStream().read();
        return false;
      } catch (SocketTimeoutException waiting) {
        return true;
      } catch (SocketException reset) {
        return false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aCidrBanRefusesTcpBeforeTlsSurvivesARestartAndIsLifted() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node target = net.start("target", withToken());
      assertTrue(waitsForTls("127.0.0.66", target.p2pPort()), "before any ban a fresh connection waits for TLS");

      JsonObject made = ban(target, "127.0.0.64/28").bodyAsJsonObject();
      assertEquals("cidr", made.getString("kind"));
      assertNull(made.getValue("until"), "no seconds: until lifted");
      assertEquals("closed", probe("127.0.0.66", target.p2pPort()), "a banned range is closed before TLS");
      assertTrue(waitsForTls("127.0.0.90", target.p2pPort()), "an address outside the range still gets TLS");

      target.restart();
      assertEquals("closed", probe("127.0.0.66", target.p2pPort()), "the ban survived the restart");
      JsonArray listed = call(target, HttpMethod.GET, "/api/bans", null).bodyAsJsonArray();
      assertEquals("127.0.0.64/28", listed.getJsonObject(0).getString("target"), listed.encode());

      lift(target, "127.0.0.64%2F28");
      assertTrue(waitsForTls("127.0.0.66", target.p2pPort()), "lifted: 127.0.0.66 may connect again");
      target.restart();
      assertTrue(waitsForTls("127.0.0.66", target.p2pPort()), "and the lift was saved too");
    }
  }

  @Test
  void aClientThatNeverStartsTlsIsStillClosedAtTheHandshakeTimeout() throws IOException {
    try (TestNetwork net = new TestNetwork(dir); Socket s = new Socket()) {
      Node target = net.start("target", TestNetwork.options().config(fast(new JsonObject().put("handshakeTimeoutMs", 1_000))));
      s.bind(new InetSocketAddress("127.0.0.66", 0));
      s.connect(new InetSocketAddress("127.0.0.1", target.p2pPort()), 5_000);
      long start = System.nanoTime();
      s.setSoTimeout(30_000);
      int read;
      try {
        read = s.getInputStream().read();
      } catch (SocketException reset) {
        read = -1;
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals(-1, read, "closed without a byte");
      assertTrue(ms >= 900, "not before p2p.handshakeTimeoutMs: " + ms + " ms");
    }
  }

  @Test
  void anIpBanDropsConnectedPeersFromItAtOnceLoopbackIncludedAndLiftingLetsThemBack() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node target = net.start("target", withToken());
      Node peer = net.start("peer", TestNetwork.options().config(fast()).seeds(target.address()));
      TestNetwork.await("peer connected", () -> target.peerIds().contains(peer.id()));
      Events events = new Events(target.vertx);

      ban(target, "127.0.0.1"); // every test node dials from loopback: an explicit ban spares no address
      TestNetwork.await("the peer inside the ban is dropped at once", Duration.ofMillis(AT_ONCE_MS),
          () -> !target.peerIds().contains(peer.id()));
      assertEquals("OPERATOR", events.banned.get(0).reason());
      assertEquals("127.0.0.1", events.banned.get(0).ip());
      NetworkFixture.holdsFor("the peer stays out (it redials, and either side's dial is refused)", Duration.ofSeconds(2),
          () -> !target.peerIds().contains(peer.id()) && !peer.peerIds().contains(target.id()));

      lift(target, "127.0.0.1");
      TestNetwork.await("the peer is back once the ban is lifted", () -> target.peerIds().contains(peer.id()));
    }
  }

  @Test
  void aNodeIdBanDisconnectsThatPeerAndKeepsItOut() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node target = net.start("target", withToken());
      Node peer = net.start("peer", TestNetwork.options().config(fast()).seeds(target.address()));
      Node other = net.start("other", TestNetwork.options().config(fast()).seeds(target.address()));
      TestNetwork.await("both connected", () -> target.peerIds().containsAll(java.util.List.of(peer.id(), other.id())));

      JsonObject made = ban(target, peer.id().toUpperCase()).bodyAsJsonObject();
      assertEquals(peer.id(), made.getString("target"));
      assertEquals("node", made.getString("kind"));
      TestNetwork.await("the banned peer is dropped at once", Duration.ofMillis(AT_ONCE_MS),
          () -> !target.peerIds().contains(peer.id()));
      NetworkFixture.holdsFor("it stays out, the other peer stays in", Duration.ofSeconds(2),
          () -> !target.peerIds().contains(peer.id()) && target.peerIds().contains(other.id()));

      target.restart();
      TestNetwork.await("the other peer is back after the restart", () -> target.peerIds().contains(other.id()));
      assertFalse(target.peerIds().contains(peer.id()), "the node-id ban survived the restart");
      lift(target, peer.id());
      TestNetwork.await("lifted: the peer is back", () -> target.peerIds().contains(peer.id()));
    }
  }

  @Test
  void anAllowListChangeDropsAConnectedStrangerAtOnceAndSurvivesARestart() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node target = net.start("target", withToken());
      Node stranger = net.start("stranger", TestNetwork.options().config(fast()).seeds(target.address()));
      TestNetwork.await("stranger connected", () -> target.peerIds().contains(stranger.id()));

      String someoneElse = "ab".repeat(32);
      HttpResponse<Buffer> set = call(target, HttpMethod.PUT, "/api/allowlist", new JsonArray().add(someoneElse));
      assertEquals(200, set.statusCode(), set.bodyAsString());
      TestNetwork.await("the stranger is dropped at once", Duration.ofMillis(AT_ONCE_MS),
          () -> !target.peerIds().contains(stranger.id()));

      target.restart();
      assertEquals(new JsonArray().add(someoneElse), call(target, HttpMethod.GET, "/api/allowlist", null).bodyAsJsonArray(),
          "the allow-list survived the restart");
      NetworkFixture.holdsFor("the stranger stays out after the restart", Duration.ofSeconds(2),
          () -> !target.peerIds().contains(stranger.id()));

      call(target, HttpMethod.PUT, "/api/allowlist", new JsonArray().add(stranger.id()));
      TestNetwork.await("named on the allow-list, the stranger is let back", () -> target.peerIds().contains(stranger.id()));
      assertEquals(new JsonArray(), call(target, HttpMethod.PUT, "/api/allowlist", new JsonArray()).bodyAsJsonArray());
    }
  }
}
