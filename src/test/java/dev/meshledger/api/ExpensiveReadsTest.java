package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /api/chain/validate and POST /api/network/validate: one audit shared, their own rate limit, the token. */
class ExpensiveReadsTest {
  private static final Logger log = LoggerFactory.getLogger(ExpensiveReadsTest.class);
  private static final String TOKEN = "t0k-expensive";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpRequest.Builder req(ApiNode n, String path, boolean token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(n.url(path))).timeout(Duration.ofSeconds(30));
    return token ? b.header("Authorization", "Bearer " + TOKEN) : b;
  }

  private HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private static double activeHttpRequests(ApiNode n) {
    return NodeMetrics.of(n.vertx).registry().find("vertx.http.server.active.requests").gauges().stream()
        .mapToDouble(g -> g.value()).sum();
  }

  private static JsonObject noLimits(JsonObject http) {
    return new JsonObject().put("http", http.put("rateLimit", 0).put("expensiveRateLimit", 0));
  }

  /**
   * The chain's single audit thread is held busy, so the first audit cannot finish; twenty callers meanwhile
   * all get its report, and the chain counts one audit, not twenty.
   */
  @Test
  void twentyConcurrentAuditsRunOnce() throws Exception {
    try (ApiNode n = ApiNode.start("audit-once", noLimits(new JsonObject().put("apiToken", TOKEN)), false)) {
      for (int i = 0; i < 5; i++) {
        assertEquals(201, send(req(n, "/api/blocks", true).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\": " + i + "}")).build()).statusCode());
      }
      // the same shared executor the chain audits on (one thread): a task of ours holds it
      WorkerExecutor auditThread = n.vertx.createSharedWorkerExecutor("chain-audit", 1);
      CountDownLatch release = new CountDownLatch(1);
      auditThread.executeBlocking(() -> release.await(30, TimeUnit.SECONDS));
      try {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          calls.add(http.sendAsync(req(n, "/api/chain/validate", true).build(), HttpResponse.BodyHandlers.ofString()));
        }
        // and twenty straight to the chain, as peers' VALIDATION_REQUESTs arrive
        List<Future<AuditReport>> direct = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          direct.add(n.vertx.eventBus().<AuditReport>request(Addresses.CHAIN_VALIDATE, null, Bus.local(30_000))
              .map(m -> m.body()));
        }
        Await.until(WAIT, () -> n.audits() >= 1, () -> "an audit to start");
        // all twenty HTTP calls reached the API (they wait on the audit there)
        Await.until(WAIT, () -> activeHttpRequests(n) >= 20, () -> "20 validate calls in the API, got " + activeHttpRequests(n));
        // the chain answers in order: once the head comes back, all twenty requests above reached it
        n.vertx.eventBus().request(Addresses.CHAIN_HEAD, null, Bus.local(10_000)).await(10, TimeUnit.SECONDS);
        long started = System.nanoTime();
        HttpResponse<String> status = send(req(n, "/api/status", false).build());
        long statusMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, status.statusCode());
        log.info("GET /api/status answered in {} ms while 40 audit requests waited on one audit", statusMs);
        release.countDown();
        for (CompletableFuture<HttpResponse<String>> c : calls) {
          HttpResponse<String> r = c.get(30, TimeUnit.SECONDS);
          assertEquals(200, r.statusCode(), r.body());
          JsonObject body = new JsonObject(r.body());
          assertTrue(body.getBoolean("valid"), r.body());
          assertEquals(5, body.getLong("height"), r.body());
        }
        for (Future<AuditReport> d : direct) {
          assertEquals(5, d.await(30, TimeUnit.SECONDS).height());
        }
        assertEquals(1.0, n.audits(), "one audit for forty callers");
        // the next caller, after it finished, gets a fresh audit
        assertEquals(200, send(req(n, "/api/chain/validate", true).build()).statusCode());
        assertEquals(2.0, n.audits());
      } finally {
        release.countDown();
        auditThread.close();
      }
    }
  }

  /** The acceptance figure: /api/status while 20 audits (with the token) run, on a longer chain. Reported, not asserted tight. */
  @Test
  void statusStaysQuickDuringTwentyAudits() throws Exception {
    try (ApiNode n = ApiNode.start("audit-status", noLimits(new JsonObject().put("apiToken", TOKEN)), false)) {
      for (int i = 0; i < 100; i++) {
        send(req(n, "/api/blocks", true).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"data\": " + i + "}")).build());
      }
      send(req(n, "/api/status", false).build()); // warm the connection path
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(http.sendAsync(req(n, "/api/chain/validate", true).build(), HttpResponse.BodyHandlers.ofString()));
      }
      long started = System.nanoTime();
      HttpResponse<String> status = send(req(n, "/api/status", false).build());
      double ms = (System.nanoTime() - started) / 1e6;
      for (CompletableFuture<HttpResponse<String>> c : calls) {
        assertEquals(200, c.get(30, TimeUnit.SECONDS).statusCode());
      }
      assertEquals(200, status.statusCode());
      log.info("GET /api/status took {} ms during 20 concurrent chain audits of 101 blocks ({} audits ran)",
          String.format("%.1f", ms), n.audits());
      assertTrue(n.audits() >= 1 && n.audits() <= 20, "audits: " + n.audits());
    }
  }

  @Test
  void withATokenTheExpensiveReadsNeedIt() throws Exception {
    try (ApiNode n = ApiNode.start("audit-token", noLimits(new JsonObject().put("apiToken", TOKEN)), false)) {
      HttpResponse<String> r = send(req(n, "/api/chain/validate", false).build());
      assertEquals(401, r.statusCode(), r.body());
      assertEquals("UNAUTHORIZED", new JsonObject(r.body()).getString("error"));
      assertEquals(401, send(req(n, "/api/chain/validate", false).header("Authorization", "Bearer wrong").build()).statusCode());
      assertEquals(401, send(req(n, "/api/network/validate", false).POST(HttpRequest.BodyPublishers.noBody()).build())
          .statusCode());
      assertEquals(200, send(req(n, "/api/chain/validate", true).build()).statusCode());
      assertEquals(200, send(req(n, "/api/network/validate", true).POST(HttpRequest.BodyPublishers.noBody()).build())
          .statusCode());
      // cheap reads stay open
      assertEquals(200, send(req(n, "/api/status", false).build()).statusCode());
    }
    JsonObject open = noLimits(new JsonObject().put("apiToken", TOKEN).put("openExpensiveReads", true));
    try (ApiNode n = ApiNode.start("audit-open", open, false)) {
      assertEquals(200, send(req(n, "/api/chain/validate", false).build()).statusCode());
      // a POST is a write: it needs the token whatever openExpensiveReads says
      assertEquals(401, send(req(n, "/api/network/validate", false).POST(HttpRequest.BodyPublishers.noBody()).build())
          .statusCode());
    }
    try (ApiNode n = ApiNode.start("audit-notoken", noLimits(new JsonObject()), false)) {
      assertEquals(200, send(req(n, "/api/chain/validate", false).build()).statusCode());
    }
  }

  /** http.expensiveRateLimit 1: a burst of 2, then 429 with Retry-After, while other reads go on. */
  @Test
  void expensiveReadsHaveTheirOwnRateLimit() throws Exception {
    JsonObject conf = new JsonObject().put("http", new JsonObject().put("expensiveRateLimit", 1));
    try (ApiNode n = ApiNode.start("audit-limit", conf, false)) {
      List<Integer> codes = new ArrayList<>();
      HttpResponse<String> limited = null;
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> r = send(req(n, "/api/chain/validate", false).build());
        codes.add(r.statusCode());
        if (r.statusCode() == 429) {
          limited = r;
        }
      }
      assertEquals(200, codes.get(0), codes.toString());
      assertTrue(codes.contains(429), codes.toString());
      assertEquals("1", limited.headers().firstValue("Retry-After").orElse(null));
      JsonObject err = new JsonObject(limited.body());
      assertEquals("RATE_LIMITED", err.getString("error"));
      assertTrue(err.getString("message").contains("http.expensiveRateLimit"), err.encode());
      assertEquals(200, send(req(n, "/api/status", false).build()).statusCode());
    }
  }
}
