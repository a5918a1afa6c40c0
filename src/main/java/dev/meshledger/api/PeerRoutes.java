package dev.meshledger.api;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.PeerValidation;
import dev.meshledger.config.ConfigException;
import dev.meshledger.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/peers} and {@code /api/network/validate}: the P2P layer as the API shows it. */
final class PeerRoutes {
  private final ChainClient chain;
  private final NetworkClient network;
  /** One network audit at a time: concurrent callers share it (see BlockRoutes' chain audit). */
  private final SingleFlight<JsonObject> networkAudit = new SingleFlight<>();

  PeerRoutes(Vertx vertx) {
    this.chain = new ChainClient(vertx);
    this.network = new NetworkClient(vertx);
  }

  void mount(Router router) {
    router.get("/api/peers").handler(this::list);
    router.post("/api/peers").handler(this::dial);
    router.delete("/api/peers/:nodeId").handler(this::disconnect);
    router.post("/api/network/validate").handler(this::validateNetwork);
  }

  private void list(RoutingContext ctx) {
    network.peers()
        .onSuccess(peers -> {
          JsonArray arr = new JsonArray();
          peers.forEach(p -> arr.add(DashboardBridge.peerJson(p)));
          HttpApiVerticle.json(ctx, 200, arr);
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void dial(RoutingContext ctx) {
    JsonObject body = HttpApiVerticle.jsonObjectBody(ctx);
    if (body == null) {
      return;
    }
    Object address = body.getValue("address");
    if (!(address instanceof String a)) {
      ApiErrors.send(ctx, 400, "MISSING_ADDRESS", "the body needs an \"address\": \"host:port\"");
      return;
    }
    try {
      NodeConfig.checkAddress("address", a.trim());
    } catch (ConfigException e) {
      ApiErrors.send(ctx, 400, "BAD_ADDRESS", e.getMessage());
      return;
    }
    network.dial(a.trim(), "api")
        .onSuccess(v -> HttpApiVerticle.json(ctx, 202, new JsonObject().put("dialling", a.trim())))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void disconnect(RoutingContext ctx) {
    String id = ctx.pathParam("nodeId").toLowerCase();
    if (!id.matches("[0-9a-f]{64}")) {
      ApiErrors.send(ctx, 400, "BAD_NODE_ID", "a node id is 64 hex digits");
      return;
    }
    network.disconnect(id)
        .onSuccess(v -> HttpApiVerticle.json(ctx, 200, new JsonObject().put("disconnected", id)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  /** Every peer audits its chain; consistent when all answered valid with our tip. */
  private void validateNetwork(RoutingContext ctx) {
    networkAudit.run(this::auditNetwork)
        .onSuccess(r -> HttpApiVerticle.json(ctx, 200, r))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private Future<JsonObject> auditNetwork() {
    return chain.head().compose(self ->
        network.validateNetwork().map(validation -> {
          boolean consistent = true;
          JsonArray arr = new JsonArray();
          for (PeerValidation p : validation.peers()) {
            consistent &= p.answered() && p.valid() && self.hash().equals(p.tip());
            JsonObject o = new JsonObject().put("nodeId", p.nodeId()).put("answered", p.answered()).put("valid", p.valid());
            if (p.answered()) {
              o.put("height", p.height()).put("tip", p.tip().toHex()).put("checked", p.checked());
            }
            arr.add(o);
          }
          return new JsonObject().put("consistent", consistent)
              .put("self", new JsonObject().put("height", self.height()).put("tip", self.hash().toHex()))
              .put("peers", arr);
        }));
  }
}
