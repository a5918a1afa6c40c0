package dev.meshledger.api;

import dev.meshledger.domain.ledger.stake.Pool;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.stake.Unbonding;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The stake in {@code GET /api/consensus} on a proof-of-stake chain: every pool (a slashed one
 * {@code tombstoned}), what is unbonding, what is bonded and what slashing burnt.
 */
final class StakeJson {
  private StakeJson() {}

  static JsonObject addTo(JsonObject status, StakeState s) {
    JsonArray pools = new JsonArray();
    for (Map.Entry<String, Pool> e : s.pools().entrySet()) {
      pools.add(new JsonObject().put("validator", e.getKey()).put("tokens", e.getValue().tokens())
          .put("shares", e.getValue().shares()).put("tombstoned", e.getValue().tombstoned()));
    }
    JsonArray unbonding = new JsonArray();
    for (Unbonding u : s.unbonding()) {
      unbonding.add(new JsonObject().put("owner", u.owner().toHex()).put("validator", u.validator())
          .put("amount", u.amount()).put("fromHeight", u.fromHeight()).put("releaseHeight", u.releaseHeight()));
    }
    return status.put("powerFrom", "stake").put("pools", pools).put("unbonding", unbonding)
        .put("bonded", s.bonded()).put("burnt", s.burnt());
  }
}
