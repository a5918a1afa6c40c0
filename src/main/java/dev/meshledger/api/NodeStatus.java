package dev.meshledger.api;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.PeerMessages.PeerSummary;
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
    Future<Head> head = vertx.eventBus().<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL).map(m -> m.body());
    Future<PeerSummary> peers = peerSummary(vertx);
    Future<SyncProgress> sync = vertx.eventBus().<SyncProgress>request(Addresses.SYNC_STATUS, null, Bus.LOCAL)
        .map(m -> m.body()).otherwise((SyncProgress) null);
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

  /** What the P2P layer reports, or nothing connected while it is not deployed. */
  static Future<PeerSummary> peerSummary(Vertx vertx) {
    return vertx.eventBus().<PeerSummary>request(Addresses.P2P_SUMMARY, null, Bus.LOCAL)
        .map(m -> m.body())
        .otherwise(new PeerSummary(0, false, false));
  }
}
