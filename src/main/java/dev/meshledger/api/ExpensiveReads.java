package dev.meshledger.api;

import dev.meshledger.config.NodeConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The guard in front of the reads that cost the node real work ({@code GET /api/chain/validate}
 * re-checks every stored block, {@code POST /api/network/validate} asks every peer to): with
 * {@code http.apiToken} set they need the token unless {@code http.openExpensiveReads}, and each
 * client IP gets {@code http.expensiveRateLimit} of them a second on top of {@code http.rateLimit}.
 * Concurrent callers share one audit ({@link SingleFlight} in the routes).
 */
final class ExpensiveReads {
  static final String VALIDATE_CHAIN = "/api/chain/validate";
  static final String VALIDATE_NETWORK = "/api/network/validate";

  private final NodeConfig config;
  private final RateLimiter limiter;

  ExpensiveReads(NodeConfig config) {
    this.config = config;
    this.limiter = new RateLimiter(config.api().expensiveRateLimit(), "http.expensiveRateLimit");
  }

  /** Mount before the routes themselves (and before the write token check, which covers the POST anyway). */
  void mount(Router router) {
    router.get(VALIDATE_CHAIN).handler(this::guard);
    router.post(VALIDATE_NETWORK).handler(this::guard);
  }

  private void guard(RoutingContext ctx) {
    // The token first, so that callers without it cannot use up the owner's allowance.
    if (config.apiToken() != null && !config.api().openExpensiveReads() && !hasToken(ctx, config.apiToken())) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ApiErrors.send(ctx, 401, "UNAUTHORIZED", "an audit of the whole chain or network needs the header "
          + "'Authorization: Bearer <http.apiToken>' (or http.openExpensiveReads: true)");
      return;
    }
    limiter.handle(ctx);
  }

  static boolean hasToken(RoutingContext ctx, String token) {
    String auth = ctx.request().getHeader("Authorization");
    String expected = "Bearer " + token;
    return auth != null && MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
