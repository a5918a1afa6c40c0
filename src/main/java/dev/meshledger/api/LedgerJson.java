package dev.meshledger.api;

import dev.meshledger.bus.ledger.LedgerMessages.AccountInfo;
import dev.meshledger.bus.ledger.LedgerMessages.MempoolInfo;
import dev.meshledger.bus.ledger.LedgerMessages.SupplyInfo;
import dev.meshledger.bus.ledger.LedgerMessages.TransferStatus;
import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.smt.AccountProof;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The ledger's answers as the API shows them (docs/architecture.md, "HTTP API"). Hashes and ids
 * are lowercase hex, amounts JSON integers, transfers {@link TransferJson}. Public so the
 * wallet's tests can build exactly what a node answers.
 */
public final class LedgerJson {
  private LedgerJson() {}

  /**
   * {@code {id, status, height, blockHash, txRoot, transfer, proof}}: pending has height -1 and null
   * block fields; included has the RFC 6962 proof as {@code {index, size, path: [hex...], hex}}
   * ({@code hex} is the compact form, {@code Merkle.Proof.fromHex}).
   */
  public static JsonObject transferStatus(TransferStatus s) {
    JsonObject proof = null;
    if (s.included() && s.proof() != null) {
      Merkle.Proof p = s.proof();
      JsonArray path = new JsonArray();
      p.path().forEach(h -> path.add(h.toHex()));
      proof = new JsonObject().put("index", p.index()).put("size", p.size()).put("path", path).put("hex", p.toHex());
    }
    return new JsonObject()
        .put("id", s.transfer().id().toHex())
        .put("status", s.included() ? "included" : "pending")
        .put("height", s.included() ? s.height() : -1)
        .put("blockHash", s.included() && s.blockHash() != null ? s.blockHash().toHex() : null)
        .put("txRoot", s.included() && s.txRoot() != null ? s.txRoot().toHex() : null)
        .put("transfer", TransferJson.of(s.transfer()))
        .put("proof", proof);
  }

  public static JsonObject account(AccountInfo a, boolean withProof) {
    JsonObject json = new JsonObject()
        .put("id", a.id().toHex())
        .put("balance", a.balance())
        .put("nonce", a.nonce())
        .put("pendingNonce", a.pendingNonce())
        .put("height", a.height())
        .put("blockHash", a.blockHash() == null ? null : a.blockHash().toHex())
        .put("stateRoot", a.stateRoot() == null ? null : a.stateRoot().toHex());
    if (withProof) {
      json.put("proof", a.proof() == null ? null : accountProof(a.proof()));
    }
    if (a.stake() != null) {
      json.put("accountsRoot", a.stake().accountsRoot().toHex()).put("stakeHash", a.stake().stakeHash().toHex());
      json.put("bonds", new io.vertx.core.json.JsonArray(a.stake().bonds().stream().map(b -> new JsonObject()
          .put("validator", b.validator()).put("shares", b.shares()).put("tokens", b.tokens())
          .put("tombstoned", b.tombstoned())).toList()));
      json.put("unbonding", new io.vertx.core.json.JsonArray(a.stake().unbonding().stream().map(u -> new JsonObject()
          .put("validator", u.validator()).put("amount", u.amount()).put("releaseHeight", u.releaseHeight())).toList()));
    }
    return json;
  }

  /**
   * A compact sparse Merkle proof: the leaf it proves ({@code account}: balance and nonce, or
   * null for an absent account), the siblings from the top down to where the path ended, and for
   * an absence shown by another account's leaf on the path, that leaf ({@code other}: key,
   * balance, nonce). {@code hex} is the compact form ({@code AccountProof.fromHex}). With the
   * answer's {@code id} and {@code stateRoot} a client recomputes the root
   * ({@code AccountProof.verify}).
   */
  public static JsonObject accountProof(AccountProof p) {
    JsonArray siblings = new JsonArray();
    p.siblings().forEach(h -> siblings.add(h.toHex()));
    JsonObject account = p.account()
        .map(acc -> new JsonObject().put("balance", acc.balance()).put("nonce", acc.nonce()))
        .orElse(null);
    JsonObject other = p.other()
        .map(o -> new JsonObject().put("key", o.key().toHex()).put("balance", o.account().balance())
            .put("nonce", o.account().nonce()))
        .orElse(null);
    return new JsonObject().put("account", account).put("siblings", siblings).put("other", other)
        .put("hex", p.toHex());
  }

  public static JsonObject mempool(MempoolInfo m, int limit) {
    JsonArray top = new JsonArray();
    m.top().stream().limit(limit).forEach(t -> top.add(TransferJson.of(t)));
    return new JsonObject().put("count", m.count()).put("bytes", m.bytes()).put("minFee", m.minFee()).put("top", top);
  }

  public static JsonObject supply(SupplyInfo s) {
    return new JsonObject()
        .put("height", s.height())
        .put("blockHash", s.blockHash() == null ? null : s.blockHash().toHex())
        .put("total", s.total())
        .put("allocated", s.allocated())
        .put("rewards", s.rewards());
  }
}
