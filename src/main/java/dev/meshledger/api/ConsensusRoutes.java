package dev.meshledger.api;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.consensus.ConsensusClient;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.bus.consensus.EvidenceJson;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** {@code /api/consensus}: the engine, its validators and where its rounds are; the operator's validator votes. */
final class ConsensusRoutes {
  private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");
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
    router.delete("/api/consensus/votes/:validator").handler(this::withdraw);
    router.post("/api/consensus/evidence").handler(this::evidence);
  }

  /**
   * A double sign seen elsewhere, for this node's blocks to carry (proof of stake slashes it): 202 with the
   * evidence held, 400 BAD_EVIDENCE for a malformed body, 422 with a {@code DoubleSign.Problem} (SAME_VOTE,
   * NOT_A_VALIDATOR, TOO_OLD, FROM_THE_FUTURE, BAD_SIGNATURE) or an {@code EvidencePool.Refusal} name, 409
   * NOT_BFT under proof of work.
   */
  private void evidence(RoutingContext ctx) {
    if (!params.isBft()) {
      ApiErrors.send(ctx, 409, "NOT_BFT", "double-sign evidence is about BFT votes; this network runs proof of work");
      return;
    }
    JsonObject body = HttpApiVerticle.jsonObjectBody(ctx);
    if (body == null) {
      return;
    }
    DoubleSign e;
    try {
      e = EvidenceJson.parse(body);
    } catch (IllegalArgumentException bad) {
      ApiErrors.send(ctx, 400, "BAD_EVIDENCE", bad.getMessage());
      return;
    }
    consensus.evidence(e)
        .onSuccess(held -> HttpApiVerticle.json(ctx, 202, held))
        .onFailure(x -> ApiErrors.fromBus(ctx, x));
  }

  private void status(RoutingContext ctx) {
    if (params.isStake()) {
      consensus.status().compose(s -> chain.stake().map(stake -> StakeJson.addTo(s, stake)))
          .onSuccess(s -> HttpApiVerticle.json(ctx, 200, s))
          .onFailure(e -> ApiErrors.fromBus(ctx, e));
      return;
    }
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

  /**
   * Proof of authority: this validator puts the vote into the blocks it proposes until it is on the chain
   * (202 with the pending votes); 409 NOT_BFT under proof of work, 400 with a code for a vote that makes no
   * sense now (see {@code Addresses.CONSENSUS_VOTE}).
   */
  private void vote(RoutingContext ctx) {
    if (notBft(ctx)) {
      return;
    }
    JsonObject body = HttpApiVerticle.jsonObjectBody(ctx);
    if (body == null) {
      return;
    }
    if (!(body.getValue("validator") instanceof String id) || !NODE_ID.matcher(id).matches()) {
      ApiErrors.send(ctx, 400, "BAD_VALIDATOR", "\"validator\" is a node id: 64 lowercase hex digits");
      return;
    }
    if (!(body.getValue("add") instanceof Boolean add)) {
      ApiErrors.send(ctx, 400, "BAD_VOTE", "\"add\" is true (vote the validator in) or false (vote it out)");
      return;
    }
    consensus.vote(new ValidatorVote(id, add))
        .onSuccess(pending -> HttpApiVerticle.json(ctx, 202, new JsonObject().put("pendingVotes", pending)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void withdraw(RoutingContext ctx) {
    if (notBft(ctx)) {
      return;
    }
    consensus.withdraw(ctx.pathParam("validator"))
        .onSuccess(pending -> HttpApiVerticle.json(ctx, 200, new JsonObject().put("pendingVotes", pending)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private boolean notBft(RoutingContext ctx) {
    if (params.isStake()) {
      ApiErrors.send(ctx, 409, "NOT_AUTHORITY", "this network runs proof of stake: the set is elected from bonded stake"
          + " at every epoch's end; stake or unstake with the wallet instead of voting");
      return true;
    }
    if (params.isBft()) {
      return false;
    }
    ApiErrors.send(ctx, 409, "NOT_BFT", "validators are voted in and out under proof of authority (engine bft);"
        + " this network runs proof of work");
    return true;
  }
}
