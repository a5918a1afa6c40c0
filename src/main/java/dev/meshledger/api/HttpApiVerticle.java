package dev.meshledger.api;

import dev.meshledger.config.NodeConfig;
import dev.meshledger.config.TlsFiles;
import dev.meshledger.metrics.NodeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/JSON API (docs/architecture.md, "HTTP API"): the router, its limits and token check;
 * thin handlers in {@link BlockRoutes}, {@link PeerRoutes} and {@link LedgerRoutes} ask the other verticles through their clients.
 */
public final class HttpApiVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpApiVerticle.class);
  /** The dashboard's files change only with a new build. */
  private static final long DASHBOARD_MAX_AGE_S = 300;

  private final NodeConfig config;
  private final String nodeId;
  private HttpServer server;
  private NodeStatus status;

  public HttpApiVerticle(NodeConfig config, String nodeId) {
    this.config = config;
    this.nodeId = nodeId;
  }

  /** The port actually bound (differs from the config when it asked for port 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    status = new NodeStatus(vertx, config, nodeId);
    Router router = Router.router(vertx);
    router.route().handler(new RateLimiter(config.httpRateLimit()));
    // The SockJS bridge has its own token rule (query parameter or header, reads too), checked
    // before anything else; it goes before the API's write check, which wants the header only.
    router.route(EventBusBridge.PATH).handler(EventBusBridge.tokenCheck(config.apiToken()));
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.httpMaxBodyBytes()));
    router.route(EventBusBridge.PATH).subRouter(EventBusBridge.router(vertx));
    new ExpensiveReads(config).mount(router);
    router.route().handler(this::checkToken);
    router.get("/api/status").handler(this::status);
    new BlockRoutes(vertx, config).mount(router);
    new ConsensusRoutes(vertx, config).mount(router);
    new PeerRoutes(vertx).mount(router);
    new OperatorRoutes(vertx).mount(router);
    new LedgerRoutes(vertx).mount(router);
    NodeHealth health = new NodeHealth(vertx);
    router.get("/health/live").handler(health.live());
    router.get("/health/ready").handler(health.ready());
    router.get("/metrics").handler(metricsHandler());
    // The dashboard: webroot/index.html at "/", its files under /assets/ (StaticHandler
    // serves a wildcard route's files relative to the route's prefix).
    router.get("/").handler(StaticHandler.create("webroot").setMaxAgeSeconds(DASHBOARD_MAX_AGE_S));
    router.get("/assets/*").handler(StaticHandler.create("webroot/assets").setMaxAgeSeconds(DASHBOARD_MAX_AGE_S));
    router.route().failureHandler(ApiErrors::routerFailure);
    router.errorHandler(404, ApiErrors::routerFailure);
    router.errorHandler(405, ApiErrors::routerFailure);
    router.errorHandler(413, ApiErrors::routerFailure);
    router.errorHandler(500, ApiErrors::routerFailure);
    // HTTPS when http.tls.* name the files (checked when the config was read): API, dashboard and bridge alike.
    HttpServerOptions options = new HttpServerOptions();
    TlsFiles tls = config.api().tls();
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(tls.certPath().toString()).setKeyPath(tls.keyPath().toString()));
    }
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .listen(config.httpPort(), config.httpHost())
        .onSuccess(s -> {
          server = s;
          log.info("HTTP API listening on {}://{}:{}/", tls == null ? "http" : "https", config.httpHost(), s.actualPort());
        });
  }

  /** With {@code http.apiToken} set, every write needs {@code Authorization: Bearer <token>}. */
  private void checkToken(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    boolean write = m == HttpMethod.POST || m == HttpMethod.DELETE || m == HttpMethod.PUT || m == HttpMethod.PATCH;
    if (config.apiToken() == null || !write) {
      ctx.next();
      return;
    }
    String auth = ctx.request().getHeader("Authorization");
    String expected = "Bearer " + config.apiToken();
    if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ApiErrors.send(ctx, 401, "UNAUTHORIZED", "this write needs the header 'Authorization: Bearer <http.apiToken>'");
      return;
    }
    ctx.next();
  }

  private void status(RoutingContext ctx) {
    status.fetch()
        .onSuccess(s -> json(ctx, 200, s))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  /** Vert.x's series and the node's, from this node's own registry. */
  private Handler<RoutingContext> metricsHandler() {
    if (NodeMetrics.of(vertx).registry() instanceof PrometheusMeterRegistry prometheus) {
      return PrometheusScrapingHandler.create(prometheus);
    }
    return ctx -> ApiErrors.send(ctx, 503, "NO_METRICS", "this node's metrics registry is not a Prometheus one");
  }

  /** The body as a JSON object, or null after answering 400. */
  static JsonObject jsonObjectBody(RoutingContext ctx) {
    Object body;
    try {
      String text = ctx.body().asString();
      if (text == null || text.isBlank()) {
        ApiErrors.send(ctx, 400, "MALFORMED_JSON", "the body must be a JSON object");
        return null;
      }
      body = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      ApiErrors.send(ctx, 400, "MALFORMED_JSON", "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
      return null;
    }
    if (!(body instanceof JsonObject obj)) {
      ApiErrors.send(ctx, 400, "MALFORMED_JSON", "the body must be a JSON object");
      return null;
    }
    return obj;
  }

  static void json(RoutingContext ctx, int status, Object body) {
    jsonText(ctx, status, body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
  }

  /** JSON already rendered (by the chain's readers): written as it is. */
  static void jsonBytes(RoutingContext ctx, int status, Buffer body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
  }

  static void jsonText(RoutingContext ctx, int status, String text) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
    }
  }
}
