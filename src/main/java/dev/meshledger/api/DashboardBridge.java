package dev.meshledger.api;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.pow.PowRules;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Mirrors node events (records, local codec) onto the JSON {@code ui.*} addresses the browser
 * bridge lets out, publishes {@code ui.status} every second, and answers the read-only
 * {@code ui.query.*} requests. It only reads: nothing here submits blocks or touches peers.
 */
public final class DashboardBridge extends VerticleBase {
  /** Dashboards are per node: never let a ui.* event reach another cluster member. */
  static final DeliveryOptions UI = new DeliveryOptions().setLocalOnly(true);
  static final long STATUS_PERIOD_MS = 1000;
  /** Blocks whose arrival details (source, first seen, added at) are remembered for queries. */
  static final int RECENT = 100;
  /** A catching-up node stores thousands of blocks a second; browsers get a sample of them. */
  static final int SYNC_BLOCKS_PER_SECOND = 20;
  /** The dashboard lists the latest transfers, not whole blocks of them: a few per block is enough. */
  static final int TRANSFERS_PER_BLOCK = 10;

  private final NodeConfig config;
  private final String nodeId;
  private final ArrayDeque<JsonObject> recent = new ArrayDeque<>();
  private final Map<String, JsonObject> recentByHash = new HashMap<>();
  private JsonObject lastSync = new JsonObject().put("syncing", false).put("done", true);
  private int syncBlocksThisSecond;
  private long timer = -1;
  private ChainClient chain;
  private NetworkClient network;
  private NodeStatus status;

  public DashboardBridge(NodeConfig config, String nodeId) {
    this.config = config;
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    chain = new ChainClient(vertx);
    network = new NetworkClient(vertx);
    status = new NodeStatus(vertx, config, nodeId);
    bus.<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> onBlockAdded(m.body()));
    bus.<AddResult.Reorg>localConsumer(Addresses.CHAIN_REORG, m -> publish(Addresses.UI_REORG, reorgJson(m.body())));
    bus.<PeerInfo>localConsumer(Addresses.P2P_PEER_CONNECTED, m -> publish(Addresses.UI_PEER_CONNECTED, peerJson(m.body())));
    bus.<PeerDisconnected>localConsumer(Addresses.P2P_PEER_DISCONNECTED, m -> {
      PeerDisconnected d = m.body();
      publish(Addresses.UI_PEER_DISCONNECTED, new JsonObject().put("nodeId", d.nodeId()).put("address", d.address())
          .put("direction", d.direction()).put("reason", d.reason()));
    });
    bus.<PeerBanned>localConsumer(Addresses.P2P_PEER_BANNED, m -> {
      PeerBanned b = m.body();
      publish(Addresses.UI_PEER_BANNED, new JsonObject().put("nodeId", b.nodeId()).put("ip", b.ip())
          .put("reason", b.reason()).put("until", b.untilMillis()));
    });
    bus.<SyncProgress>localConsumer(Addresses.SYNC_PROGRESS, m -> {
      lastSync = syncJson(m.body());
      publish(Addresses.UI_SYNC_PROGRESS, lastSync);
    });

    bus.localConsumer(Addresses.UI_QUERY_STATUS, m -> answer(m, status.fetch()));
    bus.<Object>localConsumer(Addresses.UI_QUERY_BLOCKS, m -> answer(m, latestBlocks(limitOf(m.body()))));
    bus.localConsumer(Addresses.UI_QUERY_PEERS, m -> answer(m, peers()));
    bus.localConsumer(Addresses.UI_QUERY_SYNC, m -> m.reply(lastSync, UI));

    timer = vertx.setPeriodic(STATUS_PERIOD_MS, id -> {
      syncBlocksThisSecond = 0;
      status.fetch().onSuccess(s -> publish(Addresses.UI_STATUS, s));
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void onBlockAdded(BlockAdded e) {
    JsonObject json = blockJson(e.block())
        .put("source", sourceLabel(e.source()))
        .put("firstSeen", e.firstSeenMillis())
        .put("addedAt", e.addedMillis())
        .put("becameTip", e.becameTip())
        .put("totalWork", e.totalWork().value());
    recent.addLast(json);
    recentByHash.put(json.getString("hash"), json);
    if (recent.size() > RECENT) {
      recentByHash.remove(recent.removeFirst().getString("hash"));
    }
    if (e.source() instanceof BlockSource.Sync && ++syncBlocksThisSecond > SYNC_BLOCKS_PER_SECOND) {
      return;
    }
    publish(Addresses.UI_BLOCK_ADDED, json);
  }

  /** What the dashboard shows as a block's source: "local", "sync", or the peer's node id. */
  static String sourceLabel(BlockSource source) {
    return source instanceof BlockSource.Peer p ? p.peerId() : source.kind();
  }

  private void publish(String address, JsonObject body) {
    vertx.eventBus().publish(address, body, UI);
  }

  private static <T> void answer(Message<?> m, Future<T> reply) {
    reply.onSuccess(r -> m.reply(r, UI)).onFailure(e -> m.fail(Bus.UNAVAILABLE, String.valueOf(e.getMessage())));
  }

  private static int limitOf(Object body) {
    int limit = body instanceof JsonObject o && o.getValue("limit") instanceof Number n ? n.intValue() : 20;
    return Math.max(1, Math.min(RECENT, limit));
  }

  /** The newest {@code limit} blocks of the best chain, newest first, with arrival details when known. */
  private Future<JsonObject> latestBlocks(int limit) {
    return chain.head().compose(h -> chain.blocks(Math.max(0, h.height() - limit + 1), limit)).map(blocks -> {
      JsonArray arr = new JsonArray();
      for (int i = blocks.size() - 1; i >= 0; i--) {
        Block b = blocks.get(i);
        JsonObject known = recentByHash.get(b.hash().toHex());
        arr.add(known != null ? known.copy() : blockJson(b).put("source", b.isGenesis() ? "genesis" : "stored"));
      }
      return new JsonObject().put("blocks", arr);
    });
  }

  private Future<JsonObject> peers() {
    return network.peers()
        .map(peers -> {
          JsonArray arr = new JsonArray();
          peers.forEach(p -> arr.add(peerJson(p)));
          return new JsonObject().put("p2p", true).put("peers", arr);
        })
        .otherwise(new JsonObject().put("p2p", false).put("peers", new JsonArray()));
  }

  static JsonObject blockJson(Block b) {
    JsonArray transfers = new JsonArray();
    b.transactions().stream().limit(TRANSFERS_PER_BLOCK).forEach(t -> transfers.add(new JsonObject()
        .put("id", t.id().toHex())
        .put("from", t.from().toHex())
        .put("to", t.to().toHex())
        .put("amount", t.amount())
        .put("fee", t.fee())));
    return new JsonObject()
        .put("height", b.height())
        .put("hash", b.hash().toHex())
        .put("prevHash", b.prevHash().toHex())
        .put("producer", b.producerHex())
        .put("timestamp", b.timestamp())
        .put("size", b.data().length)
        .put("txCount", b.txCount())
        .put("transfers", transfers)
        .put("commitRound", b.commit().isEmpty() ? null : b.commit().round())
        .put("commitSigners", b.commit().signatures().size())
        .put("difficultyBits", PowRules.zeroBitsOf(b.bits()));
  }

  static JsonObject peerJson(PeerInfo p) {
    return new JsonObject()
        .put("nodeId", p.nodeId())
        .put("address", p.address())
        .put("direction", p.direction())
        .put("height", p.height())
        .put("totalWork", p.totalWork().value())
        .put("connectedSince", p.connectedSince())
        .put("score", p.score());
  }

  static JsonObject reorgJson(AddResult.Reorg r) {
    return new JsonObject()
        .put("oldTip", r.oldHead().hash().toHex())
        .put("oldHeight", r.oldHead().height())
        .put("newTip", r.newHead().hash().toHex())
        .put("newHeight", r.newHead().height())
        .put("forkHeight", r.forkHeight())
        .put("depth", r.depth());
  }

  static JsonObject syncJson(SyncProgress p) {
    return new JsonObject()
        .put("syncing", p.syncing())
        .put("height", p.height())
        .put("targetHeight", p.targetHeight())
        .put("blocksPerSecond", p.blocksPerSecond())
        .put("done", p.done());
  }
}
