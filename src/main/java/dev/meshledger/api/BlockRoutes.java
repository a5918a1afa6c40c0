package dev.meshledger.api;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.miner.MinerClient;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/blocks} and {@code /api/chain/validate}: the chain as the API shows it. */
final class BlockRoutes {
  /** The most blocks one {@code GET /api/blocks} returns. */
  static final int MAX_LIMIT = 1000;
  private static final int DEFAULT_LIMIT = 100;

  private final NodeConfig config;
  private final ChainClient chain;
  private final MinerClient miner;
  private final SingleFlight<AuditReport> audit = new SingleFlight<>();
  /** The tip from the last chain event, and its JSON once someone asked (see {@link #latest}). */
  private Block tip;
  private Buffer tipJson;
  private long tipVersion;
  /** Ranges already rendered, served again with no chain round trip (explorers ask the same pages). */
  private final RangeCache ranges;

  BlockRoutes(Vertx vertx, NodeConfig config) {
    this.config = config;
    this.chain = new ChainClient(vertx);
    this.miner = new MinerClient(vertx);
    // The tip as JSON, kept current from chain events: the most asked-for block costs no chain round trip.
    this.ranges = new RangeCache(config.api().rangeCacheBytes());
    vertx.eventBus().<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> {
      tipVersion++;
      tip = m.body().becameTip() ? m.body().block() : null;
      tipJson = null;
      ranges.onAdded(m.body().block().height() - m.body().batchSize() + 1);
    });
    vertx.eventBus().localConsumer(Addresses.CHAIN_REORG, m -> {
      tipVersion++;
      tip = null;
      tipJson = null;
      ranges.onReorg();
    });
  }

  void mount(Router router) {
    router.get("/api/blocks").handler(this::blocks);
    router.get("/api/blocks/latest").handler(this::latest);
    router.get("/api/blocks/:id").handler(this::block);
    router.post("/api/blocks").handler(this::addBlock);
    router.get("/api/chain/validate").handler(this::validate);
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
    Buffer cached = ranges.get(from, limit);
    if (cached != null) {
      HttpApiVerticle.jsonBytes(ctx, 200, cached);
      return;
    }
    long askedAt = ranges.version();
    chain.renderedBlocks(from, limit)
        .onSuccess(body -> {
          ranges.put(from, limit, body, askedAt);
          HttpApiVerticle.jsonBytes(ctx, 200, body);
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
    chain.renderedBlock(BlockLookup.latest())
        .onSuccess(body -> {
          if (version == tipVersion) {
            tipJson = body; // no newer event came in meanwhile
          }
          HttpApiVerticle.jsonBytes(ctx, 200, body);
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void lookup(RoutingContext ctx, BlockLookup q) {
    chain.renderedBlock(q)
        .onSuccess(body -> HttpApiVerticle.jsonBytes(ctx, 200, body))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void addBlock(RoutingContext ctx) {
    JsonObject obj = HttpApiVerticle.jsonObjectBody(ctx);
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
    miner.mine(data, config.api().commitWaitMs())
        .onSuccess(b -> {
          ctx.response().putHeader("Location", "/api/blocks/" + b.hash().toHex());
          HttpApiVerticle.jsonText(ctx, 201, BlockJson.encode(b));
        })
        .onFailure(e -> {
          if (e instanceof ReplyException re && re.failureCode() == Bus.ACCEPTED) {
            // BFT: not final within http.commitWaitMs; the validators still have the data
            HttpApiVerticle.json(ctx, 202, new JsonObject().put("id", Bus.errorText(re.getMessage()))
                .put("status", "pending").put("message", "the data is waiting for a final block; the block holding"
                    + " it will have this dataHash (GET /api/blocks/latest shows the chain moving)"));
            return;
          }
          ApiErrors.fromBus(ctx, e);
        });
  }

  /**
   * Auditing a long chain takes a while: the client waits as long as the work takes. Callers that
   * arrive during an audit share it rather than queue their own: the answer is as fresh as a
   * queued audit's would be, and the node does the work once.
   */
  private void validate(RoutingContext ctx) {
    audit.run(chain::audit)
        .onSuccess(r -> HttpApiVerticle.json(ctx, 200, auditJson(r)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  static JsonObject auditJson(AuditReport r) {
    JsonArray errors = new JsonArray();
    r.errors().forEach(e -> errors.add(new JsonObject().put("height", e.height()).put("reason", e.reason())));
    return new JsonObject()
        .put("valid", r.valid())
        .put("height", r.height())
        .put("tip", r.tip().toHex())
        .put("checked", r.checked())
        .put("errors", errors);
  }
}
