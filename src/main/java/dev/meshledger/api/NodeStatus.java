package dev.meshledger.api;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.consensus.ConsensusClient;
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
  private final NodeConfig config;
  private final String nodeId;
  private final ChainClient chain;
  private final NetworkClient network;
  private final SyncClient syncClient;
  private final ConsensusClient consensus;
  /** Whether the chain is BFT: read once (chainParams() builds the params, and hashes the spec, each call). */
  private final boolean bft;

  NodeStatus(Vertx vertx, NodeConfig config, String nodeId) {
    this.config = config;
    this.nodeId = nodeId;
    this.chain = new ChainClient(vertx);
    this.network = new NetworkClient(vertx);
    this.syncClient = new SyncClient(vertx);
    this.consensus = new ConsensusClient(vertx);
    this.bft = config.chainParams().isBft();
  }

  /** Fails when the chain does not answer; a missing P2P layer reads as no peers, not syncing. */
  Future<JsonObject> fetch() {
    Future<Head> head = chain.head();
    Future<PeerSummary> peers = network.summary().otherwise(new PeerSummary(0, false, false));
    Future<SyncProgress> sync = syncClient.status().otherwise((SyncProgress) null);
    Future<JsonObject> rounds = bft ? consensus.status().otherwise((JsonObject) null) : Future.succeededFuture();
    return head.compose(h -> Future.join(peers, sync, rounds).map(all -> {
      PeerSummary s = peers.result();
      SyncProgress sp = sync.result();
      JsonObject o = new JsonObject()
        .put("nodeId", nodeId)
        .put("name", config.name())
        .put("chainId", config.chainId())
        .put("height", h.height())
        .put("tip", h.hash().toHex())
        .put("totalWork", h.totalWork().value())
        .put("peers", s.connected())
        .put("p2pPort", config.p2pPort())
        .put("syncing", sp != null && sp.syncing())
        .put("syncTarget", sp != null ? sp.targetHeight() : h.height())
        // under BFT every stored block has its commit, so the head is final; under proof of work only genesis
        .put("consensus", bft ? "bft" : "pow")
        .put("finalizedHeight", bft ? h.height() : 0);
      return rounds.result() == null ? o : o.put("bft", bftSummary(rounds.result()));
    }));
  }

  /** Where the rounds are, for the dashboard: the GET /api/consensus fields but the long lists' details. */
  private static JsonObject bftSummary(JsonObject c) {
    JsonObject last = c.getJsonObject("lastCommit");
    return new JsonObject().put("height", c.getValue("height")).put("round", c.getValue("round"))
        .put("step", c.getValue("step")).put("proposer", c.getValue("proposer"))
        .put("validators", c.getValue("validators"))
        .put("tally", c.getValue("tally")).put("pendingVotes", c.getValue("pendingVotes"))
        .put("lastCommitRound", last == null ? null : last.getValue("round"))
        .put("lastCommitSigners", last == null ? null : last.getValue("signers"));
  }
}
