package dev.meshledger.api;

import dev.meshledger.bus.Bus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every API error is {@code {"error": CODE, "message": text}} with the status that fits. */
final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  /** Maps a failed event-bus request to its HTTP answer. */
  static void fromBus(RoutingContext ctx, Throwable cause) {
    if (cause instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        int status = re.failureCode() >= 400 && re.failureCode() < 600 ? re.failureCode() : 500;
        send(ctx, status, Bus.errorCode(re.getMessage()), Bus.errorText(re.getMessage()));
        return;
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        log.warn("{} {}: internal request timed out", ctx.request().method(), ctx.request().path());
        send(ctx, 503, "TIMEOUT", "the node did not answer in time; try again");
        return;
      }
      send(ctx, 503, "UNAVAILABLE", "the node is starting or stopping: " + re.getMessage());
      return;
    }
    log.error("{} {} failed", ctx.request().method(), ctx.request().path(), cause);
    send(ctx, 500, "INTERNAL", String.valueOf(cause.getMessage()));
  }

  /** Router-level failures: body too large, no route, wrong method, handler exceptions. */
  static void routerFailure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    switch (status) {
      case 413 -> send(ctx, 413, "BODY_TOO_LARGE", "the request body is over the limit (http.maxBodyBytes)");
      case 404 -> send(ctx, 404, "NOT_FOUND", "no such resource: " + ctx.request().path());
      case 405 -> send(ctx, 405, "METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 400 -> send(ctx, 400, "BAD_REQUEST", "the request is malformed");
      default -> {
        if (ctx.failure() != null) {
          log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        send(ctx, status, status >= 500 ? "INTERNAL" : "BAD_REQUEST",
            ctx.failure() != null ? String.valueOf(ctx.failure().getMessage()) : "request failed");
      }
    }
  }
}
