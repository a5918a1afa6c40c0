package dev.meshledger.bus.consensus;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.SignBytes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Double-sign evidence as JSON, one shape wherever it shows ({@code GET /api/consensus}'s {@code evidence}, a
 * block's {@code evidence}) and what {@code POST /api/consensus/evidence} takes, with the two signatures:
 * {@code {validator, type: "prevote"|"precommit", height, round, first, second[, firstSignature,
 * secondSignature]}}, a side a block hash in hex or null for nil.
 */
public final class EvidenceJson {
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{128}");
  private static final HexFormat HEX = HexFormat.of();

  private EvidenceJson() {}

  public static JsonObject of(DoubleSign e) {
    return new JsonObject().put("validator", e.validatorHex())
        .put("type", e.type() == SignBytes.PREVOTE ? "prevote" : "precommit")
        .put("height", e.height()).put("round", e.round())
        .put("first", e.first().map(Hash::toHex).orElse(null))
        .put("second", e.second().map(Hash::toHex).orElse(null));
  }

  public static JsonArray of(List<DoubleSign> evidence) {
    JsonArray out = new JsonArray();
    evidence.forEach(e -> out.add(of(e)));
    return out;
  }

  /** {@link #of} with both signatures: what a node needs to check the evidence again. */
  public static JsonObject withSignatures(DoubleSign e) {
    return of(e).put("firstSignature", HEX.formatHex(e.firstSig())).put("secondSignature", HEX.formatHex(e.secondSig()));
  }

  /**
   * The evidence in {@code o} ({@link #withSignatures}' shape; the sides in either order, each with its
   * signature).
   *
   * @throws IllegalArgumentException naming the first field that is missing or malformed
   */
  public static DoubleSign parse(JsonObject o) {
    String validator = hex(o, "validator", HEX32, "a node id: 64 lowercase hex digits");
    Object type = o.getValue("type");
    if (!"prevote".equals(type) && !"precommit".equals(type)) {
      throw new IllegalArgumentException("\"type\" is \"prevote\" or \"precommit\"");
    }
    long height = number(o, "height", 1, Long.MAX_VALUE);
    long round = number(o, "round", 0, Integer.MAX_VALUE);
    Optional<Hash> first = side(o, "first");
    Optional<Hash> second = side(o, "second");
    String firstSig = hex(o, "firstSignature", HEX64, "an Ed25519 signature: 128 lowercase hex digits");
    String secondSig = hex(o, "secondSignature", HEX64, "an Ed25519 signature: 128 lowercase hex digits");
    return DoubleSign.of(HEX.parseHex(validator), "prevote".equals(type) ? SignBytes.PREVOTE : SignBytes.PRECOMMIT,
        height, (int) round, first, HEX.parseHex(firstSig), second, HEX.parseHex(secondSig));
  }

  private static String hex(JsonObject o, String field, Pattern p, String what) {
    if (!(o.getValue(field) instanceof String s) || !p.matcher(s).matches()) {
      throw new IllegalArgumentException("\"" + field + "\" is " + what);
    }
    return s;
  }

  private static long number(JsonObject o, String field, long min, long max) {
    Object v = o.getValue(field);
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
      throw new IllegalArgumentException("\"" + field + "\" is a whole number from " + min);
    }
    return ((Number) v).longValue();
  }

  private static Optional<Hash> side(JsonObject o, String field) {
    if (!o.containsKey(field)) {
      throw new IllegalArgumentException("\"" + field + "\" is a block hash (64 lowercase hex digits) or null for nil");
    }
    Object v = o.getValue(field);
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(Hash.wrap(HEX.parseHex(hex(o, field, HEX32, "a block hash (64 lowercase hex digits) or null"))));
  }
}
