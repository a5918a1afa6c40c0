package dev.meshledger.api;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.consensus.ConsensusClient;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.ChainParams;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/consensus}: the engine, its validators and where its rounds are. */
final class ConsensusRoutes {
  private final ChainParams params;
  private final ConsensusClient consensus;
  private final ChainClient chain;

  ConsensusRoutes(Vertx vertx, NodeConfig config) {
    this.params = config.chainParams();
    this.consensus = new ConsensusClient(vertx);
    this.chain = new ChainClient(vertx);
  }

  void mount(Router router) {
    router.get("/api/consensus").handler(this::status);
    router.post("/api/consensus/votes").handler(this::vote);
  }

  private void status(RoutingContext ctx) {
    if (params.isBft()) {
      consensus.status()
          .onSuccess(s -> HttpApiVerticle.json(ctx, 200, s))
          .onFailure(e -> ApiErrors.fromBus(ctx, e));
      return;
    }
    // proof of work: no validators, no rounds, nothing final but genesis; the initial difficulty and
    // the retarget rule (targetBlockMillis 0: fixed)
    chain.head()
        .onSuccess(h -> HttpApiVerticle.json(ctx, 200, new JsonObject().put("engine", "pow")
            .put("height", h.height()).put("finalizedHeight", 0).put("validators", new JsonArray())
            .put("round", 0).putNull("step").putNull("lastCommit")
            .put("difficultyBits", params.difficultyBits())
            .put("targetBlockMillis", params.retarget().targetBlockMillis())
            .put("halfLifeBlocks", params.retarget().halfLifeBlocks())))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void vote(RoutingContext ctx) {
    ApiErrors.send(ctx, 501, "NOT_IMPLEMENTED", "voting validators in and out is not built in this version: the"
        + " validators are the chain spec's; to change them, start a network from a new spec");
  }
}
