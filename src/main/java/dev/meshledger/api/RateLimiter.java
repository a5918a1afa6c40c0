package dev.meshledger.api;

import dev.meshledger.limits.TokenBucket;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-client-IP request limit ({@code http.rateLimit} or another key's requests/s, twice that as a burst); over
 * it, 429 with Retry-After. The table of clients is bounded: the least recently seen goes first.
 */
final class RateLimiter implements Handler<RoutingContext> {
  private static final int MAX_CLIENTS = 10_000;
  private final int perSecond;
  private final String key;
  private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  RateLimiter(int perSecond) {
    this(perSecond, "http.rateLimit");
  }

  /** @param key the config key that set the limit, named in the 429 answer */
  RateLimiter(int perSecond, String key) {
    this.perSecond = perSecond;
    this.key = key;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (perSecond <= 0) {
      ctx.next();
      return;
    }
    long now = System.nanoTime();
    String ip = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
    TokenBucket b = buckets.computeIfAbsent(ip, k -> new TokenBucket(perSecond, 2.0 * perSecond, now));
    if (b.tryTake(1, now)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Retry-After", "1");
    ApiErrors.send(ctx, 429, "RATE_LIMITED", "over " + perSecond + " requests a second from " + ip + " (" + key + ")");
  }
}
