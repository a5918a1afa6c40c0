package dev.meshledger.api;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.config.ConfigException;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.bus.p2p.PeerMessages.NetworkValidation;
import dev.meshledger.bus.p2p.PeerMessages.PeerValidation;
import dev.meshledger.domain.Head;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/peers} and {@code /api/network/validate}: the P2P layer as the API shows it. */
final class PeerRoutes {
  private final Vertx vertx;

  PeerRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.get("/api/peers").handler(this::list);
    router.post("/api/peers").handler(this::dial);
    router.delete("/api/peers/:nodeId").handler(this::disconnect);
    router.post("/api/network/validate").handler(this::validateNetwork);
  }

  private void list(RoutingContext ctx) {
    vertx.eventBus().<PeerList>request(Addresses.P2P_PEERS, null, Bus.LOCAL)
        .onSuccess(m -> {
          JsonArray arr = new JsonArray();
          m.body().peers().forEach(p -> arr.add(DashboardBridge.peerJson(p)));
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
    vertx.eventBus().request(Addresses.P2P_DIAL, new Dial(a.trim(), "api"), Bus.LOCAL)
        .onSuccess(m -> HttpApiVerticle.json(ctx, 202, new JsonObject().put("dialling", a.trim())))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void disconnect(RoutingContext ctx) {
    String id = ctx.pathParam("nodeId").toLowerCase();
    if (!id.matches("[0-9a-f]{64}")) {
      ApiErrors.send(ctx, 400, "BAD_NODE_ID", "a node id is 64 hex digits");
      return;
    }
    vertx.eventBus().request(Addresses.P2P_DISCONNECT, id, Bus.LOCAL)
        .onSuccess(m -> HttpApiVerticle.json(ctx, 200, new JsonObject().put("disconnected", id)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  /** Every peer audits its chain; consistent when all answered valid with our tip. */
  private void validateNetwork(RoutingContext ctx) {
    DeliveryOptions longWait = new DeliveryOptions(Bus.LOCAL).setSendTimeout(5 * 60_000L);
    vertx.eventBus().<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL).compose(head ->
        vertx.eventBus().<NetworkValidation>request(Addresses.P2P_NETWORK_VALIDATE, null, longWait).map(m -> {
          Head self = head.body();
          boolean consistent = true;
          JsonArray arr = new JsonArray();
          for (PeerValidation p : m.body().peers()) {
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
        }))
        .onSuccess(r -> HttpApiVerticle.json(ctx, 200, r))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }
}
