package dev.meshledger.api;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.PeerSummary;
import dev.meshledger.bus.sync.SyncClient;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Head;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code GET /api/status} and the dashboard's {@code ui.status}: one source for both. */
final class NodeStatus {
  private NodeStatus() {}

  /** Fails when the chain does not answer; a missing P2P layer reads as no peers, not syncing. */
  static Future<JsonObject> fetch(Vertx vertx, NodeConfig config, String nodeId) {
    Future<Head> head = new ChainClient(vertx).head();
    Future<PeerSummary> peers = new NetworkClient(vertx).summary().otherwise(new PeerSummary(0, false, false));
    Future<SyncProgress> sync = new SyncClient(vertx).status().otherwise((SyncProgress) null);
    return head.compose(h -> Future.join(peers, sync).map(all -> {
      PeerSummary s = peers.result();
      SyncProgress sp = sync.result();
      return new JsonObject()
        .put("nodeId", nodeId)
        .put("name", config.name())
        .put("chainId", config.chainId())
        .put("height", h.height())
        .put("tip", h.hash().toHex())
        .put("totalWork", h.totalWork())
        .put("peers", s.connected())
        .put("p2pPort", config.p2pPort())
        .put("syncing", sp != null && sp.syncing())
        .put("syncTarget", sp != null ? sp.targetHeight() : h.height());
    }));
  }
}
