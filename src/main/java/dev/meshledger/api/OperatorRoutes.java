package dev.meshledger.api;

import dev.meshledger.bus.p2p.BanMessages;
import dev.meshledger.bus.p2p.BanMessages.Ban;
import dev.meshledger.bus.p2p.NetworkClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/bans} and {@code /api/allowlist}: the operator's bans (node id, IP or CIDR) and
 * allow-list, applied at once and kept over restarts by the network. Writes need the API token
 * like every other write ({@link HttpApiVerticle}'s check runs before these routes).
 */
final class OperatorRoutes {
  private final NetworkClient network;

  OperatorRoutes(Vertx vertx) {
    this.network = new NetworkClient(vertx);
  }

  void mount(Router router) {
    router.get("/api/bans").handler(this::listBans);
    router.post("/api/bans").handler(this::addBan);
    router.delete("/api/bans/:target").handler(this::liftBan);
    router.get("/api/allowlist").handler(this::allowlist);
    router.put("/api/allowlist").handler(this::setAllowlist);
  }

  static JsonObject banJson(Ban b) {
    return new JsonObject().put("target", b.target()).put("kind", b.kind().label())
        .put("until", b.untilMillis() == BanMessages.FOREVER ? null : b.untilMillis())
        .put("reason", b.reason()).put("createdAt", b.createdAt());
  }

  private void listBans(RoutingContext ctx) {
    network.bans()
        .onSuccess(bans -> {
          JsonArray arr = new JsonArray();
          bans.forEach(b -> arr.add(banJson(b)));
          HttpApiVerticle.json(ctx, 200, arr);
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void addBan(RoutingContext ctx) {
    JsonObject body = HttpApiVerticle.jsonObjectBody(ctx);
    if (body == null) {
      return;
    }
    if (!(body.getValue("target") instanceof String target)) {
      ApiErrors.send(ctx, 400, "BAD_TARGET", "the body needs a \"target\": a node id (64 hex digits), an IP address or a CIDR range");
      return;
    }
    Object seconds = body.getValue("seconds");
    boolean wholeNumber = seconds instanceof Integer || seconds instanceof Long;
    if (seconds != null && (!wholeNumber || ((Number) seconds).longValue() < 0)) {
      ApiErrors.send(ctx, 400, "BAD_SECONDS", "\"seconds\" is a whole number of seconds, 0 or absent for until lifted");
      return;
    }
    Object reason = body.getValue("reason");
    if (reason != null && !(reason instanceof String)) {
      ApiErrors.send(ctx, 400, "BAD_REASON", "\"reason\" is a string");
      return;
    }
    network.ban(target, seconds == null ? 0 : ((Number) seconds).longValue(), (String) reason)
        .onSuccess(b -> HttpApiVerticle.json(ctx, 201, banJson(b)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void liftBan(RoutingContext ctx) {
    network.unban(ctx.pathParam("target"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void allowlist(RoutingContext ctx) {
    network.allowlist()
        .onSuccess(ids -> HttpApiVerticle.json(ctx, 200, new JsonArray(ids)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void setAllowlist(RoutingContext ctx) {
    Object body;
    try {
      String text = ctx.body().asString();
      body = text == null || text.isBlank() ? null : Json.decodeValue(text);
    } catch (DecodeException e) {
      body = null;
    }
    if (!(body instanceof JsonArray arr)) {
      ApiErrors.send(ctx, 400, "MALFORMED_JSON", "the body must be a JSON array of node ids ([] lets anyone in)");
      return;
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof String id)) {
        ApiErrors.send(ctx, 400, "BAD_NODE_ID", "entry " + i + " (" + arr.getValue(i) + ") is not a node id (64 hex digits)");
        return;
      }
      ids.add(id);
    }
    network.setAllowlist(ids)
        .onSuccess(list -> HttpApiVerticle.json(ctx, 200, new JsonArray(list)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }
}
