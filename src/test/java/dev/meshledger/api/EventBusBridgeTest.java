package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.domain.Head;
import dev.meshledger.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser's side of the bridge, spoken as a browser would: SockJS's raw WebSocket endpoint
 * {@code /eventbus/websocket} with the bridge's JSON frames.
 */
class EventBusBridgeTest {
  /** Generous for a loaded CI machine; a poll returns as soon as the frame is there. */
  private static final long DEADLINE_S = 15;

  private TestNode node;
  private Vertx client;
  private WebSocketClient ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    client = Vertx.vertx();
    ws = client.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void internalAddressesCannotBeReachedAndUiStatusIsNotInbound() throws Exception {
    node = TestNode.start("bridge-node", null);
    WebSocket socket = open("/eventbus/websocket");

    for (String address : new String[] {Addresses.CHAIN_SUBMIT_BLOCK, Addresses.MINER_MINE, Addresses.P2P_DIAL,
        Addresses.P2P_DISCONNECT, Addresses.UI_STATUS, Addresses.UI_BLOCK_ADDED}) {
      send(socket, new JsonObject().put("type", "send").put("address", address)
          .put("body", new JsonObject().put("data", "x")).put("replyAddress", "reply-" + address));
      JsonObject err = next(f -> "err".equals(f.getString("type")));
      assertEquals("access_denied", err.getString("body"), address + ": " + err);
    }
    // Publishing is refused even to the query addresses: queries are requests.
    send(socket, new JsonObject().put("type", "publish").put("address", Addresses.UI_QUERY_STATUS).put("body", new JsonObject()));
    assertNotNull(next(f -> "err".equals(f.getString("type"))));
    // Node-internal events are not readable either.
    send(socket, new JsonObject().put("type", "register").put("address", Addresses.CHAIN_BLOCK_ADDED));
    assertEquals("access_denied", next(f -> "err".equals(f.getString("type"))).getString("body"));

    Head head = node.vertx.eventBus().<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL).await().body();
    assertEquals(0, head.height(), "nothing sent over the bridge may add a block");
  }

  @Test
  void uiEventsAndQueriesReachTheBrowser() throws Exception {
    node = TestNode.start("bridge-node", null);
    WebSocket socket = open("/eventbus/websocket");
    send(socket, new JsonObject().put("type", "register").put("address", Addresses.UI_BLOCK_ADDED));
    send(socket, new JsonObject().put("type", "register").put("address", Addresses.UI_STATUS));
    // Frames are handled in order: once this is answered, the registrations are in place.
    send(socket, new JsonObject().put("type", "send").put("address", Addresses.UI_QUERY_STATUS)
        .put("body", new JsonObject()).put("replyAddress", "status-1"));
    JsonObject status = next(f -> "status-1".equals(f.getString("address"))).getJsonObject("body");
    assertEquals(node.node.nodeId(), status.getString("nodeId"));
    assertEquals(0L, status.getLong("height"));

    node.vertx.eventBus().request(Addresses.MINER_MINE, new MineRequest("\"hi\"".getBytes(StandardCharsets.UTF_8)), Bus.LOCAL)
        .await(DEADLINE_S, TimeUnit.SECONDS);
    JsonObject added = next(f -> Addresses.UI_BLOCK_ADDED.equals(f.getString("address"))).getJsonObject("body");
    assertEquals(1L, added.getLong("height"));
    assertEquals("local", added.getString("source"));
    assertEquals(node.node.nodeId(), added.getString("producer"));
    assertTrue(added.getLong("addedAt") >= added.getLong("firstSeen"), added.encode());
    JsonObject tick = next(f -> Addresses.UI_STATUS.equals(f.getString("address"))
        && f.getJsonObject("body").getLong("height") == 1).getJsonObject("body");
    assertEquals(added.getString("hash"), tick.getString("tip"));

    send(socket, new JsonObject().put("type", "send").put("address", Addresses.UI_QUERY_BLOCKS)
        .put("body", new JsonObject().put("limit", 5)).put("replyAddress", "blocks-1"));
    JsonObject blocks = next(f -> "blocks-1".equals(f.getString("address"))).getJsonObject("body");
    assertEquals(2, blocks.getJsonArray("blocks").size());
    assertEquals("local", blocks.getJsonArray("blocks").getJsonObject(0).getString("source"));
  }

  @Test
  void withAnApiTokenTheBridgeNeedsIt() throws Exception {
    node = TestNode.start("bridge-token-node", "s3cret");
    assertThrows(Exception.class, () -> open("/eventbus/websocket"));
    assertThrows(Exception.class, () -> open("/eventbus/websocket?token=wrong"));
    WebSocket socket = open("/eventbus/websocket?token=s3cret");
    send(socket, new JsonObject().put("type", "send").put("address", Addresses.UI_QUERY_STATUS)
        .put("body", new JsonObject()).put("replyAddress", "status-1"));
    assertEquals(0L, next(f -> "status-1".equals(f.getString("address"))).getJsonObject("body").getLong("height"));
  }

  private WebSocket open(String uri) throws Exception {
    WebSocket socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpPort()).setURI(uri))
        .await(DEADLINE_S, TimeUnit.SECONDS);
    // The raw endpoint may answer in text or binary frames: take the data of both.
    socket.handler(buf -> frames.add(buf.toJsonObject()));
    return socket;
  }

  private static void send(WebSocket socket, JsonObject frame) throws Exception {
    socket.writeTextMessage(frame.encode()).await(DEADLINE_S, TimeUnit.SECONDS);
  }

  /** The next frame that matches, skipping others; fails after the deadline. */
  private JsonObject next(Predicate<JsonObject> wanted) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
    while (System.nanoTime() < end) {
      JsonObject f = frames.poll(100, TimeUnit.MILLISECONDS);
      if (f != null && wanted.test(f)) {
        return f;
      }
    }
    throw new AssertionError("no matching frame within " + DEADLINE_S + " s");
  }
}
