package dev.meshledger.api;

import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/transactions}, {@code /api/accounts}, {@code /api/mempool}, {@code /api/supply}:
 * the ledger as the API shows it. The chain verticle owns the ledger; these handlers parse, check
 * the signature (off the event loop) and ask it through {@link LedgerClient}.
 */
final class LedgerRoutes {
  static final int DEFAULT_MEMPOOL_LIMIT = 20;
  static final int MAX_MEMPOOL_LIMIT = 100;

  private final Vertx vertx;
  private final LedgerClient ledger;

  LedgerRoutes(Vertx vertx) {
    this.vertx = vertx;
    this.ledger = new LedgerClient(vertx);
  }

  void mount(Router router) {
    router.post("/api/transactions").handler(this::submit);
    router.get("/api/transactions/:id").handler(this::transfer);
    router.get("/api/accounts/:id").handler(this::account);
    router.get("/api/mempool").handler(this::mempool);
    router.get("/api/supply").handler(this::supply);
  }

  /** The HTTP status of a refused transfer's code (docs/architecture.md, "HTTP API"). */
  static int statusOf(String code) {
    return switch (code) {
      case "NONCE_TOO_LOW", "NONCE_TOO_HIGH" -> 409; // conflicts with the account's state; another nonce may do
      // well-formed and signed, but not takeable now
      case "INSUFFICIENT_FUNDS", "FEE_TOO_LOW", "ACCOUNT_LIMIT", "INSUFFICIENT_STAKE", "TOO_MANY_UNBONDING", "TOMBSTONED" -> 422;
      case "MEMPOOL_FULL" -> 429; // try later, or with a higher fee
      default -> 400; // MALFORMED_TRANSACTION, BAD_SIGNATURE, WRONG_CHAIN, NOT_STAKING, AMOUNT_TOO_SMALL, any other
    };
  }

  private void submit(RoutingContext ctx) {
    TransferJson.Claimed claimed;
    try {
      String text = ctx.body().asString();
      if (text == null || text.isBlank()) {
        ApiErrors.send(ctx, 400, TransferJson.MALFORMED, "the body must be a signed transfer as a JSON object");
        return;
      }
      claimed = TransferJson.read(text);
    } catch (TransferJson.MalformedTransferException e) {
      ApiErrors.send(ctx, 400, TransferJson.MALFORMED, e.getMessage());
      return;
    }
    Transfer t = claimed.transfer();
    // An Ed25519 check costs ~0.1 ms: a burst of them would stall the event loop. The signature
    // is checked before the claimed id, so a field changed after signing is BAD_SIGNATURE.
    vertx.executeBlocking(() -> Transfers.verify(t), false)
        .compose(valid -> {
          if (!valid) {
            return Future.succeededFuture(TransferVerdict.refused(t.id(), "BAD_SIGNATURE",
                "the signature is not " + t.from().toHex() + "'s over this transfer's fields"));
          }
          try {
            claimed.checked();
          } catch (TransferJson.MalformedTransferException e) {
            return Future.succeededFuture(TransferVerdict.refused(t.id(), TransferJson.MALFORMED, e.getMessage()));
          }
          return ledger.submit(t, null, true);
        })
        .onSuccess(v -> {
          if (v.isAccepted()) {
            HttpApiVerticle.json(ctx, 202, new JsonObject().put("id", t.id().toHex()).put("known", v.known()));
          } else {
            ApiErrors.send(ctx, statusOf(v.code()), v.code(), v.message() != null ? v.message() : defaultMessage(v.code()));
          }
        })
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private static String defaultMessage(String code) {
    return "MEMPOOL_FULL".equals(code)
        ? "the mempool is full; try again later or with a higher fee"
        : "the transfer was refused";
  }

  private void transfer(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Hash.isHex(id)) {
      ApiErrors.send(ctx, 400, "BAD_TRANSACTION_ID", "a transfer id is 64 hex digits, got \"" + clip(id) + "\"");
      return;
    }
    ledger.transfer(Hash.fromHex(id.toLowerCase()))
        .onSuccess(s -> HttpApiVerticle.json(ctx, 200, LedgerJson.transferStatus(s)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void account(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!AccountId.isHex(id)) {
      ApiErrors.send(ctx, 400, "BAD_ACCOUNT_ID", "an account id is 64 hex digits, got \"" + clip(id) + "\"");
      return;
    }
    boolean proof = "true".equalsIgnoreCase(ctx.queryParams().get("proof"));
    ledger.account(AccountId.fromHex(id), proof)
        .onSuccess(a -> HttpApiVerticle.json(ctx, 200, LedgerJson.account(a, proof)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void mempool(RoutingContext ctx) {
    int limit;
    String v = ctx.queryParams().get("limit");
    try {
      limit = v == null ? DEFAULT_MEMPOOL_LIMIT : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_MEMPOOL_LIMIT) {
      ApiErrors.send(ctx, 400, "BAD_PARAMETER", "limit must be a whole number from 1 to " + MAX_MEMPOOL_LIMIT
          + ", got \"" + clip(v) + "\"");
      return;
    }
    int max = limit;
    ledger.mempool()
        .onSuccess(m -> HttpApiVerticle.json(ctx, 200, LedgerJson.mempool(m, max)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private void supply(RoutingContext ctx) {
    ledger.supply()
        .onSuccess(s -> HttpApiVerticle.json(ctx, 200, LedgerJson.supply(s)))
        .onFailure(e -> ApiErrors.fromBus(ctx, e));
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
