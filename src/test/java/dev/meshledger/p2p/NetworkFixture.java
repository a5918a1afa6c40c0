package dev.meshledger.p2p;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.testing.TestNetwork;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** What the multi-node P2P tests share: fast timers, HTTP calls, and the P2P events a node published. */
final class NetworkFixture {
  private NetworkFixture() {}

  /** Short timers so that pings, handshakes and redials happen within a test's patience. */
  static JsonObject fast(JsonObject p2pExtra) {
    JsonObject p2p = new JsonObject().put("pingIntervalMs", 200).put("handshakeTimeoutMs", 5_000)
        .put("reconnectBaseMs", 100).put("reconnectMaxMs", 1_000).mergeIn(p2pExtra);
    return new JsonObject().put("p2p", p2p);
  }

  static JsonObject fast() {
    return fast(new JsonObject());
  }

  /** A loopback port free a moment ago, for nodes that must know each other's address before they start. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Optional<PeerInfo> peer(TestNetwork.Node n, String id) {
    return TestNetwork.get(n.vertx.eventBus().<PeerList>request(Addresses.P2P_PEERS, null, Bus.LOCAL), 10)
        .body().peers().stream().filter(p -> p.nodeId().equals(id)).findFirst();
  }

  static HttpResponse<Buffer> get(WebClient http, TestNetwork.Node n, String path) {
    return TestNetwork.get(http.get(n.httpPort(), "127.0.0.1", path).send(), 30);
  }

  static JsonArray peersOverHttp(WebClient http, TestNetwork.Node n) {
    HttpResponse<Buffer> r = get(http, n, "/api/peers");
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /api/peers answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonArray();
  }

  /** Fails if {@code condition} stops holding at any poll within {@code period}. */
  static void holdsFor(String what, Duration period, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    TestNetwork.await(what + " for " + period.toMillis() + " ms", period.plusSeconds(30), () -> {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("no longer true: " + what);
      }
      return System.nanoTime() > end;
    });
  }

  /** The P2P events one node published, from now on (until it restarts). */
  static final class Events {
    final List<PeerInfo> connected = new CopyOnWriteArrayList<>();
    final List<PeerDisconnected> disconnected = new CopyOnWriteArrayList<>();
    final List<PeerBanned> banned = new CopyOnWriteArrayList<>();

    Events(Vertx vertx) {
      vertx.eventBus().<PeerInfo>localConsumer(Addresses.P2P_PEER_CONNECTED, m -> connected.add(m.body()));
      vertx.eventBus().<PeerDisconnected>localConsumer(Addresses.P2P_PEER_DISCONNECTED, m -> disconnected.add(m.body()));
      vertx.eventBus().<PeerBanned>localConsumer(Addresses.P2P_PEER_BANNED, m -> banned.add(m.body()));
    }

    boolean wasBanned(String id) {
      return banned.stream().anyMatch(b -> id.equals(b.nodeId()));
    }

    boolean lost(String id) {
      return disconnected.stream().anyMatch(d -> d.nodeId().equals(id));
    }
  }
}
