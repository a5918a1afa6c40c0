package dev.meshledger.api;

import dev.meshledger.bus.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The browser's view of the event bus at {@code /eventbus/*}: {@code ui.*} out, and in only
 * point-to-point requests to {@code ui.query.*}, which are answered read-only by
 * {@link DashboardBridge}. Node-internal addresses ({@code chain.*}, {@code p2p.*} ...) are
 * neither readable nor writable. With {@code http.apiToken} set, every bridge request
 * (SockJS's /info, its transports, the raw /websocket) needs the token as the query
 * parameter {@code token=} (browsers cannot set headers on a WebSocket) or as
 * {@code Authorization: Bearer <token>}.
 */
final class EventBusBridge {
  static final String PATH = "/eventbus/*";

  private EventBusBridge() {}

  static SockJSBridgeOptions options() {
    return new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.UI_OUTBOUND_REGEX))
        .addInboundPermitted(new PermittedOptions().setAddressRegex(Addresses.UI_INBOUND_REGEX));
  }

  static Router router(Vertx vertx) {
    return SockJSHandler.create(vertx).bridge(options(), EventBusBridge::onEvent);
  }

  /** Queries are requests: a browser publishing, even to ui.query.*, is refused. */
  private static void onEvent(BridgeEvent event) {
    event.complete(event.type() != BridgeEventType.PUBLISH);
  }

  /** Checked before the SockJS handler; a no-op without a token. */
  static Handler<RoutingContext> tokenCheck(String token) {
    return ctx -> {
      if (token == null || tokenMatches(ctx, token)) {
        ctx.next();
        return;
      }
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ApiErrors.send(ctx, 401, "UNAUTHORIZED",
          "the event-bus bridge needs the API token: /eventbus?token=<http.apiToken> or 'Authorization: Bearer <token>'");
    };
  }

  private static boolean tokenMatches(RoutingContext ctx, String token) {
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    String q = ctx.queryParams().get("token");
    if (q != null && MessageDigest.isEqual(q.getBytes(StandardCharsets.UTF_8), expected)) {
      return true;
    }
    String auth = ctx.request().getHeader("Authorization");
    return auth != null && auth.startsWith("Bearer ")
        && MessageDigest.isEqual(auth.substring(7).getBytes(StandardCharsets.UTF_8), expected);
  }
}
