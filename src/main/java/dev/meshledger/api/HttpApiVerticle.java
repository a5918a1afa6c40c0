package dev.meshledger.api;

import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.ChainMessages.BlockList;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.chain.ChainMessages.BlockRange;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.chain.ChainAudit;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.metrics.NodeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP/JSON API of ARCHITECTURE.md: thin handlers that ask the other verticles over the bus. */
public final class HttpApiVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpApiVerticle.class);
  /** The most blocks one {@code GET /api/blocks} returns. */
  public static final int MAX_LIMIT = 1000;
  private static final int DEFAULT_LIMIT = 100;
  /** The dashboard's files change only with a new build. */
  private static final long DASHBOARD_MAX_AGE_S = 300;

  private final NodeConfig config;
  private final String nodeId;
  private HttpServer server;
  /** The tip from the last chain event, and its JSON once someone asked (see {@link #latest}). */
  private Block tip;
  private Buffer tipJson;
  private long tipVersion;

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
    Router router = Router.router(vertx);
    router.route().handler(new RateLimiter(config.httpRateLimit()));
    // The SockJS bridge has its own token rule (query parameter or header, reads too), checked
    // before anything else; it goes before the API's write check, which wants the header only.
    router.route(EventBusBridge.PATH).handler(EventBusBridge.tokenCheck(config.apiToken()));
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.httpMaxBodyBytes()));
    router.route(EventBusBridge.PATH).subRouter(EventBusBridge.router(vertx));
    router.route().handler(this::checkToken);
    router.get("/api/status").handler(this::status);
    router.get("/api/blocks").handler(this::blocks);
    router.get("/api/blocks/latest").handler(this::latest);
    // The tip as JSON, kept current from chain events: the most asked-for block costs no chain round trip.
    vertx.eventBus().<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> {
      tipVersion++;
      tip = m.body().becameTip() ? m.body().block() : null;
      tipJson = null;
    });
    vertx.eventBus().localConsumer(Addresses.CHAIN_REORG, m -> {
      tipVersion++;
      tip = null;
      tipJson = null;
    });
    router.get("/api/blocks/:id").handler(this::block);
    router.post("/api/blocks").handler(this::addBlock);
    router.get("/api/chain/validate").handler(this::validate);
    new PeerRoutes(vertx).mount(router);
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
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.httpPort(), config.httpHost())
        .onSuccess(s -> {
          server = s;
          log.info("HTTP API listening on http://{}:{}/", config.httpHost(), s.actualPort());
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
    NodeStatus.fetch(vertx, config, nodeId)
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

  private void blocks(RoutingContext ctx) {
    long from;
    int limit;
    try {
      from = param(ctx, "from", 0, Long.MAX_VALUE, 0);
      limit = (int) param(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "BAD_PARAMETER", e.getMessage());
      return;
    }
    vertx.eventBus().<BlockList>request(Addresses.CHAIN_BLOCKS, new BlockRange(from, limit), Bus.LOCAL)
        .onSuccess(m -> {
          jsonText(ctx, 200, BlockJson.encodeList(m.body().blocks()));
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private static long param(RoutingContext ctx, String name, long min, long max, long def) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return def;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < min || n > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got \"" + v + "\"");
    }
  }

  private void block(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id.matches("\\d{1,18}")) {
      lookup(ctx, new BlockLookup(null, Long.parseLong(id)));
    } else if (Hash.isHex(id)) {
      lookup(ctx, new BlockLookup(Hash.fromHex(id.toLowerCase()), -1));
    } else {
      ApiErrors.send(ctx, 400, "BAD_BLOCK_ID", "a block is named by its height (digits) or its hash (64 hex digits), got \"" + id + "\"");
    }
  }

  private void latest(RoutingContext ctx) {
    if (tipJson == null && tip != null) {
      tipJson = Buffer.buffer(BlockJson.encode(tip));
    }
    if (tipJson != null) {
      // the same buffer for every answer: Vert.x writes a duplicate of it each time
      ctx.response().putHeader("Content-Type", "application/json").end(tipJson);
      return;
    }
    long version = tipVersion;
    vertx.eventBus().<Block>request(Addresses.CHAIN_BLOCK, BlockLookup.latest(), Bus.LOCAL)
        .onSuccess(m -> {
          if (version == tipVersion) {
            tip = m.body(); // no newer event came in meanwhile
          }
          jsonText(ctx, 200, BlockJson.encode(m.body()));
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void lookup(RoutingContext ctx, BlockLookup q) {
    vertx.eventBus().<Block>request(Addresses.CHAIN_BLOCK, q, Bus.LOCAL)
        .onSuccess(m -> jsonText(ctx, 200, BlockJson.encode(m.body())))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
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

  private void addBlock(RoutingContext ctx) {
    JsonObject obj = jsonObjectBody(ctx);
    if (obj == null) {
      return;
    }
    if (!obj.containsKey("data") || obj.getValue("data") == null) {
      ApiErrors.send(ctx, 400, "MISSING_DATA", "the body needs a \"data\" field (a string or any JSON value)");
      return;
    }
    byte[] data = BlockJson.dataBytes(obj.getValue("data"));
    if (data.length > config.maxBlockDataBytes()) {
      ApiErrors.send(ctx, 413, "DATA_TOO_LARGE", "block data is " + data.length
          + " bytes, the limit (chain.maxBlockDataBytes) is " + config.maxBlockDataBytes());
      return;
    }
    vertx.eventBus().<Block>request(Addresses.MINER_MINE, new MineRequest(data), Bus.LOCAL)
        .onSuccess(m -> {
          ctx.response().putHeader("Location", "/api/blocks/" + m.body().hash().toHex());
          jsonText(ctx, 201, BlockJson.encode(m.body()));
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void validate(RoutingContext ctx) {
    // Auditing a long chain takes a while: no send timeout short of the work it does.
    vertx.eventBus().<AuditReport>request(Addresses.CHAIN_VALIDATE, null,
            new io.vertx.core.eventbus.DeliveryOptions(Bus.LOCAL).setSendTimeout(30 * 60_000L))
        .onSuccess(m -> {
          AuditReport r = m.body();
          JsonArray errors = new JsonArray();
          r.errors().forEach(e -> errors.add(new JsonObject().put("height", e.height()).put("reason", e.reason())));
          json(ctx, 200, new JsonObject()
              .put("valid", r.valid())
              .put("height", r.height())
              .put("tip", r.tip().toHex())
              .put("checked", r.checked())
              .put("errors", errors));
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  static void json(RoutingContext ctx, int status, Object body) {
    jsonText(ctx, status, body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode());
  }

  static void jsonText(RoutingContext ctx, int status, String text) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
    }
  }
}
