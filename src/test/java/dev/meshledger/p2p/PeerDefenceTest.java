package dev.meshledger.p2p;

import static dev.meshledger.p2p.NetworkFixture.fast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.p2p.NetworkFixture.Events;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Floods, garbage and liars on the P2P port: the sender is dropped or banned, nothing else changes. */
@Tag("integration")
class PeerDefenceTest {
  /** Low, so a flood is obvious; an honest peer sends a few frames a second (pings every 200 ms). */
  private static final int FRAMES_PER_SECOND = 50;

  @TempDir Path dir;
  private Vertx testVertx;
  private WebClient http;
  // In fields: an unreferenced Vert.x client is closed by a Cleaner, with its sockets.
  private NetClient tlsClient;
  private NetClient tlsClient2;
  private NetClient plainClient;

  @BeforeEach
  void setUp() {
    testVertx = Vertx.vertx();
    http = WebClient.create(testVertx);
  }

  @AfterEach
  void tearDown() {
    TestNetwork.get(testVertx.close(), 30);
  }

  private static JsonObject targetConfig() {
    return fast(new JsonObject().put("framesPerSecond", FRAMES_PER_SECOND));
  }

  /** A raw peer with key {@code k} that has finished the handshake with {@code target}. */
  private RawConnection handshaken(NetClient client, Node target, NodeKey k) {
    RawConnection raw = RawConnection.dial(client, target.p2pPort());
    raw.send(RawConnection.helloFor(target, k.id(), 0));
    TestNetwork.await("the raw peer is connected", () -> raw.first(Message.Hello.class).isPresent()
        && target.peerIds().contains(k.id()));
    return raw;
  }

  private static PeerInfo connected(Node n, String id) {
    return NetworkFixture.peer(n, id).orElseThrow(() -> new AssertionError(id + " is not connected"));
  }

  private void assertStillServing(Node target) {
    HttpResponse<Buffer> status = NetworkFixture.get(http, target, "/api/status");
    assertEquals(200, status.statusCode());
    assertEquals(target.id(), status.bodyAsJsonObject().getString("nodeId"));
  }

  @Test
  void aFloodingPeerIsBannedWhileAnHonestPeerStaysConnected() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node target = net.start("target", TestNetwork.options().config(targetConfig()));
      Events events = new Events(target.vertx);
      Node honest = net.start("honest", TestNetwork.options().config(fast()).seeds(target.address()));
      TestNetwork.await("honest peer connected", () -> target.peerIds().contains(honest.id()));
      long honestSince = connected(target, honest.id()).connectedSince();

      NodeKey k = NodeKey.generate();
      tlsClient = testVertx.createNetClient(RawConnection.tls(k));
      RawConnection flooder = handshaken(tlsClient, target, k);
      ByteArrayOutputStream flood = new ByteArrayOutputStream();
      for (int i = 0; i < 100 * FRAMES_PER_SECOND; i++) {
        flood.writeBytes(RawConnection.CODEC.encode(new Message.Ping(i)));
      }
      flooder.sendRaw(flood.toByteArray());

      TestNetwork.await("the flooder is banned", () -> events.wasBanned(k.id()));
      TestNetwork.await("and cut off", () -> flooder.closed);
      assertEquals(DisconnectReason.BANNED, flooder.disconnectReason().orElseThrow());
      assertEquals("FLOOD", events.banned.get(0).reason());
      long pongs = flooder.received.stream().filter(m -> m instanceof Message.Pong).count();
      assertTrue(pongs < 100 * FRAMES_PER_SECOND / 2, "most of the flood was dropped, not answered: " + pongs + " pongs");

      // Its id is refused when it comes back.
      tlsClient2 = testVertx.createNetClient(RawConnection.tls(k));
      RawConnection again = RawConnection.dial(tlsClient2, target.p2pPort());
      again.send(RawConnection.helloFor(target, k.id(), 0));
      TestNetwork.await("the banned id is refused on reconnect", () -> again.closed);
      assertEquals(DisconnectReason.BANNED, again.disconnectReason().orElseThrow());
      assertFalse(target.peerIds().contains(k.id()));

      // The honest peer never noticed.
      assertEquals(honestSince, connected(target, honest.id()).connectedSince());
      assertFalse(events.lost(honest.id()), "the honest peer was never dropped");
      assertFalse(events.wasBanned(honest.id()));
      assertTrue(honest.peerIds().contains(target.id()));
      assertStillServing(target);
    }
  }

  @Test
  void garbageAndPlainTcpOnTheP2pPortLeaveTheNodeHealthy() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node target = net.start("target", TestNetwork.options().config(targetConfig()));
      Events events = new Events(target.vertx);
      Node honest = net.start("honest", TestNetwork.options().config(fast()).seeds(target.address()));
      TestNetwork.await("honest peer connected", () -> target.peerIds().contains(honest.id()));
      long honestSince = connected(target, honest.id()).connectedSince();
      byte[] junk = new byte[4096];
      new Random(42).nextBytes(junk);

      // Plain TCP: an HTTP request, then noise. TLS fails and the socket is closed.
      plainClient = testVertx.createNetClient(new NetClientOptions());
      RawConnection plain = RawConnection.dial(plainClient, target.p2pPort());
      plain.sendRaw("GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      plain.sendRaw(junk);
      TestNetwork.await("the plain TCP client is closed", () -> plain.closed);

      // TLS with a valid node certificate, then bytes that are no frame: banned at once.
      NodeKey k = NodeKey.generate();
      tlsClient = testVertx.createNetClient(RawConnection.tls(k));
      RawConnection garbler = RawConnection.dial(tlsClient, target.p2pPort());
      garbler.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
      garbler.sendRaw(junk);
      TestNetwork.await("the garbage sender is banned and closed", () -> events.wasBanned(k.id()) && garbler.closed);
      assertEquals("BAD_FRAME", events.banned.get(0).reason());

      assertStillServing(target);
      HttpResponse<Buffer> ready = NetworkFixture.get(http, target, "/health/ready");
      assertEquals(200, ready.statusCode(), ready.bodyAsString());
      assertEquals(List.of(honest.id()), target.peerIds());
      assertEquals(honestSince, connected(target, honest.id()).connectedSince());
      assertFalse(events.lost(honest.id()));
      assertEquals(1, NetworkFixture.get(http, target, "/api/status").bodyAsJsonObject().getInteger("peers"));
    }
  }

  @Test
  void aHelloClaimingAnotherIdThanTheCertificateIsRefused() {
    try (TestNetwork net = new TestNetwork(dir); LogCapture log = new LogCapture()) {
      Node target = net.start("target", TestNetwork.options().config(targetConfig()));
      Events events = new Events(target.vertx);
      NodeKey k = NodeKey.generate();
      String claimed = NodeKey.generate().id();
      tlsClient = testVertx.createNetClient(RawConnection.tls(k));
      RawConnection liar = RawConnection.dial(tlsClient, target.p2pPort());
      liar.send(RawConnection.helloFor(target, claimed, 0));
      TestNetwork.await("the liar is told BAD_IDENTITY and closed",
          () -> liar.disconnectReason().isPresent() && liar.closed);
      assertEquals(DisconnectReason.BAD_IDENTITY, liar.disconnectReason().get());
      assertTrue(log.has("refused: BAD_IDENTITY"), String.join("\n", log.lines()));
      assertEquals(List.of(), target.peerIds());
      assertEquals(List.of(), events.connected);
    }
  }

  @Test
  void theAddressBookAndBansSurviveARestart() throws Exception {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node target = net.start("target", TestNetwork.options().config(targetConfig()));
      Events events = new Events(target.vertx);

      // A peer only the target's address book knows of: it listens, answers HELLO, dials no one.
      NodeKey listenerKey = NodeKey.generate();
      RawConnection.Listener listener = new RawConnection.Listener(testVertx, listenerKey,
          p -> p.send(RawConnection.helloFor(target, listenerKey.id(), 0)));
      HttpResponse<Buffer> dial = TestNetwork.get(http.post(target.httpPort(), "127.0.0.1", "/api/peers")
          .sendJsonObject(new JsonObject().put("address", listener.address())), 30);
      assertEquals(202, dial.statusCode(), dial.bodyAsString());
      TestNetwork.await("the target dialled the listener", () -> target.peerIds().contains(listenerKey.id()));

      NodeKey bad = NodeKey.generate();
      tlsClient = testVertx.createNetClient(RawConnection.tls(bad));
      RawConnection garbler = RawConnection.dial(tlsClient, target.p2pPort());
      garbler.sendRaw(new byte[] {0, 0, 0, 0});
      TestNetwork.await("the garbage sender is banned", () -> events.wasBanned(bad.id()));

      target.stop();
      JsonObject book = new JsonObject(Files.readString(dir.resolve("target").resolve("peers.json")));
      assertTrue(book.getJsonArray("addresses").stream().map(JsonObject.class::cast).anyMatch(e ->
          e.getString("address").equals(listener.address()) && listenerKey.id().equals(e.getString("nodeId"))),
          book.encodePrettily());
      JsonObject bans = new JsonObject(Files.readString(dir.resolve("target").resolve("bans.json")));
      assertTrue(bans.getJsonArray("bans").stream().map(JsonObject.class::cast)
          .anyMatch(e -> e.getString("target").equals(bad.id()) && "node".equals(e.getString("kind"))),
          bans.encodePrettily());

      int acceptedBefore = listener.accepted.size();
      target.restart();
      TestNetwork.await("after the restart the target dials the listener again, from its saved book",
          () -> listener.accepted.size() > acceptedBefore && target.peerIds().contains(listenerKey.id()));
      RawConnection redial = listener.accepted.get(listener.accepted.size() - 1);
      TestNetwork.await("the target's HELLO reached the listener", () -> redial.first(Message.Hello.class).isPresent());
      assertEquals(target.id(), redial.first(Message.Hello.class).orElseThrow().nodeId());

      tlsClient2 = testVertx.createNetClient(RawConnection.tls(bad));
      RawConnection again = RawConnection.dial(tlsClient2, target.p2pPort());
      again.send(RawConnection.helloFor(target, bad.id(), 0));
      TestNetwork.await("the ban outlived the restart", () -> again.closed);
      assertEquals(DisconnectReason.BANNED, again.disconnectReason().orElseThrow());
      assertFalse(target.peerIds().contains(bad.id()));
    }
  }

  @Test
  void aPeerStillInItsHandshakeIsNotDialledAgain() {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node node = net.start("node", TestNetwork.options().config(targetConfig()));
      // A peer that accepts TLS but is slow to say HELLO (within the 5 s handshake timeout).
      NodeKey k = NodeKey.generate();
      RawConnection.Listener slow = new RawConnection.Listener(testVertx, k, p -> { });
      HttpResponse<Buffer> dial = TestNetwork.get(http.post(node.httpPort(), "127.0.0.1", "/api/peers")
          .sendJsonObject(new JsonObject().put("address", slow.address())), 30);
      assertEquals(202, dial.statusCode(), dial.bodyAsString());
      TestNetwork.await("the node dialled", () -> !slow.accepted.isEmpty());
      // The node looks for addresses to dial every 250 ms: the one being greeted is not one of them.
      NetworkFixture.holdsFor("one connection to the slow peer", java.time.Duration.ofMillis(1_500),
          () -> slow.accepted.size() == 1);

      RawConnection first = slow.accepted.get(0);
      first.send(RawConnection.helloFor(node, k.id(), slow.port()));
      TestNetwork.await("connected once it answers", () -> node.peerIds().contains(k.id()));
      assertEquals(1, slow.accepted.size());
    }
  }
}
