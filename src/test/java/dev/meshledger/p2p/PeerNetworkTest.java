package dev.meshledger.p2p;

import static dev.meshledger.p2p.NetworkFixture.fast;
import static dev.meshledger.p2p.NetworkFixture.peersOverHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.p2p.NetworkFixture.Events;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.wire.DisconnectReason;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real nodes over TLS on loopback: who connects to whom, and who is refused. */
@Tag("integration")
class PeerNetworkTest {
  @TempDir Path dir;
  private Vertx testVertx;
  private WebClient http;
  private NetClient rawClient; // in a field: an unreferenced client is closed by a Cleaner

  @BeforeEach
  void setUp() {
    testVertx = Vertx.vertx();
    http = WebClient.create(testVertx);
  }

  @AfterEach
  void tearDown() {
    TestNetwork.get(testVertx.close(), 30);
  }

  @Test
  void twoNodesHandshakeAndKnowEachOtherByTheirKeys() throws Exception {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node a = net.start("a", TestNetwork.options().config(fast()));
      Node b = net.start("b", TestNetwork.options().config(fast()).seeds(a.address()));
      TestNetwork.await("a and b peered", () -> a.peerIds().contains(b.id()) && b.peerIds().contains(a.id()));

      // The id each lists is the one of the other's key on disk, proven by its TLS certificate.
      assertEquals(NodeKey.loadOrCreate(dir.resolve("a").resolve("node.key")).id(), a.id());
      assertEquals(NodeKey.loadOrCreate(dir.resolve("b").resolve("node.key")).id(), b.id());
      assertEquals(List.of(b.id()), a.peerIds());
      assertEquals(List.of(a.id()), b.peerIds());

      JsonArray atA = peersOverHttp(http, a);
      assertEquals(1, atA.size());
      assertEquals(b.id(), atA.getJsonObject(0).getString("nodeId"));
      assertEquals("inbound", atA.getJsonObject(0).getString("direction"));
      assertEquals(b.address(), atA.getJsonObject(0).getString("address"), "b's advertised listen address");
      JsonArray atB = peersOverHttp(http, b);
      assertEquals(a.id(), atB.getJsonObject(0).getString("nodeId"));
      assertEquals("outbound", atB.getJsonObject(0).getString("direction"));
      assertEquals(a.address(), atB.getJsonObject(0).getString("address"));
      assertTrue(atB.getJsonObject(0).getLong("connectedSince") > 0);

      JsonObject status = NetworkFixture.get(http, a, "/api/status").bodyAsJsonObject();
      assertEquals(1, status.getInteger("peers"));
    }
  }

  @Test
  void aNodeOfAnotherChainIsRefusedWithWrongChain() {
    assertRefusedByHandshake(new JsonObject().put("chain", new JsonObject().put("id", "another-chain")), "WRONG_CHAIN");
  }

  @Test
  void aNodeWithAnotherGenesisIsRefusedWithWrongGenesis() {
    // Same chain id, but another difficulty makes another genesis block.
    assertRefusedByHandshake(new JsonObject().put("chain", new JsonObject().put("difficultyBits", 9)), "WRONG_GENESIS");
  }

  private void assertRefusedByHandshake(JsonObject otherChain, String reason) {
    try (TestNetwork net = new TestNetwork(dir); LogCapture log = new LogCapture()) {
      Node a = net.start("a", TestNetwork.options().config(fast()));
      Events atA = new Events(a.vertx);
      Node b = net.start("b", TestNetwork.options().config(fast().mergeIn(otherChain)).seeds(a.address()));
      Events atB = new Events(b.vertx);
      TestNetwork.await("both sides log the " + reason + " refusal", () ->
          log.has("handshake with peer " + NodeIds.shortId(b.id()), "refused: " + reason)
              && log.has("handshake with peer " + NodeIds.shortId(a.id()), "refused: " + reason));
      assertEquals(List.of(), a.peerIds());
      assertEquals(List.of(), b.peerIds());
      assertEquals(List.of(), atA.connected, "never connected");
      assertEquals(List.of(), atB.connected, "never connected");

      // And on the wire: a peer of the other chain is told why.
      NodeKey k = NodeKey.generate();
      rawClient = testVertx.createNetClient(RawConnection.tls(k));
      RawConnection raw = RawConnection.dial(rawClient, a.p2pPort());
      raw.send(RawConnection.helloFor(b, k.id(), 0));
      TestNetwork.await("the raw peer is told " + reason, () -> raw.disconnectReason().isPresent() && raw.closed);
      assertEquals(DisconnectReason.valueOf(reason), raw.disconnectReason().get());
      assertEquals(List.of(), a.peerIds());
    }
  }

  @Test
  void aNodeNotOnTheAllowListNeverGetsPastTheHandshake() throws Exception {
    try (TestNetwork net = new TestNetwork(dir); LogCapture log = new LogCapture()) {
      String friendId = NodeKey.loadOrCreate(dir.resolve("friend").resolve("node.key")).id();
      Node a = net.start("a", TestNetwork.options().config(fast(new JsonObject().put("allowlist", new JsonArray().add(friendId)))));
      Events atA = new Events(a.vertx);
      Node stranger = net.start("stranger", TestNetwork.options().config(fast()).seeds(a.address()));
      Node friend = net.start("friend", TestNetwork.options().config(fast()).seeds(a.address()));
      assertEquals(friendId, friend.id());

      TestNetwork.await("the friend is connected", () -> a.peerIds().contains(friend.id()));
      TestNetwork.await("the stranger is refused", () -> log.has("refused peer " + NodeIds.shortId(stranger.id()), "allowlist")
          && log.has("disconnected us: NOT_ALLOWED"));
      assertEquals(List.of(friend.id()), a.peerIds());
      assertFalse(stranger.peerIds().contains(a.id()));
      assertTrue(atA.connected.stream().noneMatch(p -> p.nodeId().equals(stranger.id())), "never announced as connected");
    }
  }

  @Test
  void aNodeSeededWithItsOwnAddressNeverListsItself() {
    int port = NetworkFixture.freePort();
    try (TestNetwork net = new TestNetwork(dir); LogCapture log = new LogCapture()) {
      // "localhost" is not the literal address it listens on, so it is dialled and only the
      // certificate on the other end shows that it is this node itself.
      Node a = net.start("a", TestNetwork.options().config(fast(new JsonObject().put("port", port)))
          .seeds("localhost:" + port, "127.0.0.1:" + port));
      Events atA = new Events(a.vertx);
      String me = NodeIds.shortId(a.id());
      TestNetwork.await("the self-connection is refused", () -> log.has("refused peer " + me, "this node itself"));
      assertEquals(List.of(), a.peerIds());
      assertEquals(0, peersOverHttp(http, a).size());
      assertEquals(List.of(), atA.connected);
    }
  }

  @Test
  void twoNodesSeededWithEachOtherKeepExactlyOneConnection() {
    int pa = NetworkFixture.freePort();
    int pb = NetworkFixture.freePort();
    try (TestNetwork net = new TestNetwork(dir)) {
      Node a = net.start("a", TestNetwork.options().config(fast(new JsonObject().put("port", pa))).seeds("127.0.0.1:" + pb));
      Node b = net.start("b", TestNetwork.options().config(fast(new JsonObject().put("port", pb))).seeds("127.0.0.1:" + pa));
      TestNetwork.await("a and b peered", () -> a.peerIds().contains(b.id()) && b.peerIds().contains(a.id()));
      // Both dialled at once: for a moment each may hold the connection it dialled, until the
      // duplicate is resolved. From then on there is one connection, the same at both ends, and
      // it stays while pings go back and forth (interval 200 ms) and both keep redialling seeds.
      Await.until(Duration.ofSeconds(30), () -> oneSharedConnectionHolds(a, b, Duration.ofMillis(2_000)),
          () -> "one connection each side, the same one, unchanged for 2 s");
    }
  }

  /** False as soon as the two ends do not hold one and the same connection, or it changes within {@code period}. */
  private boolean oneSharedConnectionHolds(Node a, Node b, Duration period) throws InterruptedException {
    List<String> atA = connections(a);
    List<String> atB = connections(b);
    if (atA.size() != 1 || atB.size() != 1 || atA.get(0).startsWith("outbound") == atB.get(0).startsWith("outbound")) {
      return false; // none yet, or each end still holds the one it dialled
    }
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(50);
      if (!connections(a).equals(atA) || !connections(b).equals(atB)) {
        return false;
      }
    }
    return true;
  }

  /** Each connection a node lists over HTTP, as direction, peer and since when. */
  private List<String> connections(Node n) {
    List<String> out = new ArrayList<>();
    peersOverHttp(http, n).forEach(o -> {
      JsonObject p = (JsonObject) o;
      out.add(p.getString("direction") + " " + p.getString("nodeId") + " " + p.getLong("connectedSince"));
    });
    return out;
  }

  @Test
  void aNodeReconnectsByItselfAfterItsPeerRestarts() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node b = net.start("b", TestNetwork.options().config(fast()));
      Node a = net.start("a", TestNetwork.options().config(fast()).seeds(b.address()));
      TestNetwork.await("a and b peered", () -> a.peerIds().contains(b.id()) && b.peerIds().contains(a.id()));
      int port = b.p2pPort();

      b.stop();
      TestNetwork.await("a drops b", () -> !a.peerIds().contains(b.id()));
      b.restart();
      assertEquals(port, b.p2pPort());
      TestNetwork.await("a reconnects to b", () -> a.peerIds().contains(b.id()) && b.peerIds().contains(a.id()));
      assertEquals(1, a.peerCount());
    }
  }

  @Test
  void networkValidationIsConsistentAndAPeerCanBeDisconnectedOverHttp() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node a = net.start("a", TestNetwork.options().config(fast()));
      Node b = net.start("b", TestNetwork.options().config(fast()).seeds(a.address()));
      Node c = net.start("c", TestNetwork.options().config(fast()).seeds(a.address()));
      TestNetwork.await("a has both peers", () -> a.peerIds().containsAll(List.of(b.id(), c.id())));
      Block block = a.mine("validate me");
      TestNetwork.await("all three on the same tip",
          () -> b.head().hash().equals(block.hash()) && c.head().hash().equals(block.hash()));

      HttpResponse<Buffer> r = TestNetwork.get(http.post(a.httpPort(), "127.0.0.1", "/api/network/validate").send(), 60);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject v = r.bodyAsJsonObject();
      assertTrue(v.getBoolean("consistent"), v.encodePrettily());
      JsonArray peers = v.getJsonArray("peers");
      assertEquals(a.peerCount(), peers.size());
      for (int i = 0; i < peers.size(); i++) {
        JsonObject p = peers.getJsonObject(i);
        assertTrue(p.getBoolean("valid"), p.encode());
        assertEquals(block.hash().toHex(), p.getString("tip"), p.encode());
        assertEquals(1L, p.getLong("height"), p.encode());
      }

      Events atA = new Events(a.vertx);
      HttpResponse<Buffer> del = TestNetwork.get(http.delete(a.httpPort(), "127.0.0.1", "/api/peers/" + b.id()).send(), 30);
      assertEquals(200, del.statusCode(), del.bodyAsString());
      TestNetwork.await("a disconnected b as asked", () -> atA.disconnected.stream()
          .anyMatch(d -> d.nodeId().equals(b.id()) && d.reason().equals("REQUESTED")));
      assertFalse(atA.lost(c.id()), "only b");

      HttpResponse<Buffer> unknown = TestNetwork.get(
          http.delete(a.httpPort(), "127.0.0.1", "/api/peers/" + "0".repeat(64)).send(), 30);
      assertEquals(404, unknown.statusCode(), unknown.bodyAsString());
    }
  }
}
