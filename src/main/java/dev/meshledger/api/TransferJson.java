package dev.meshledger.api;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.domain.ledger.TxKind;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.HexFormat;

/**
 * The one JSON form of a transfer, for the API and the wallet:
 * {@code {"id","chainId","from","to","amount","fee","nonce","signature"}}, ids and signature as
 * lowercase hex, amounts as JSON integers; a stake or unstake adds {@code "kind": "stake"|"unstake"}
 * ({@code to} is then the validator), absent for a plain transfer.
 *
 * <p>Parsing is strict, because a lenient reading of signed money is a way to get a user to sign
 * one thing and send another: every field is required and of its one type, numbers are whole,
 * non-negative and fit a signed 64-bit long (no {@code 1.0}, no {@code 1e3}, no strings of
 * digits), and an {@code id}, when present, must be the id the fields give. Fields not listed are
 * ignored, so the {@code transfer} of a transaction status can be posted back as it is.
 */
public final class TransferJson {
  /** The API's error code for every transfer that cannot be read. */
  public static final String MALFORMED = "MALFORMED_TRANSACTION";
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private TransferJson() {}

  /** A transfer that cannot be read; the message names the field and what is wrong with it. */
  public static final class MalformedTransferException extends IllegalArgumentException {
    MalformedTransferException(String message) {
      super(message);
    }
  }

  public static JsonObject of(Transfer t) {
    JsonObject o = new JsonObject();
    if (t.kind() != TxKind.TRANSFER) {
      o.put("kind", t.kind().json());
    }
    return o
        .put("id", t.id().toHex())
        .put("chainId", t.chainId())
        .put("from", t.from().toHex())
        .put("to", t.to().toHex())
        .put("amount", t.amount())
        .put("fee", t.fee())
        .put("nonce", t.nonce())
        .put("signature", HEX.formatHex(t.signature()));
  }

  /**
   * A transfer read from JSON, and the {@code id} the JSON claimed for it (null when it had
   * none). Kept apart so the API can check the signature first: a field changed under a signed
   * transfer is then reported as what it is, a signature that does not match (BAD_SIGNATURE),
   * rather than as a stale id.
   */
  public record Claimed(Transfer transfer, Hash claimedId) {
    /** The transfer, once its claimed id (if any) is its real one. */
    public Transfer checked() {
      if (claimedId != null && !claimedId.equals(transfer.id())) {
        throw new MalformedTransferException("\"id\" " + claimedId.toHex() + " is not the id of these fields ("
            + transfer.id().toHex() + ")");
      }
      return transfer;
    }
  }

  /** Parses the JSON text of one transfer object, its id checked. */
  public static Transfer parse(String text) {
    return read(text).checked();
  }

  /** Parses one transfer object, its id checked. */
  public static Transfer parse(JsonObject o) {
    return read(o).checked();
  }

  /** Parses the JSON text of one transfer object; the claimed id is checked for form only. */
  public static Claimed read(String text) {
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new MalformedTransferException("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(value instanceof JsonObject o)) {
      throw new MalformedTransferException("a transfer is a JSON object");
    }
    return read(o);
  }

  /**
   * Parses one transfer object; the claimed id is checked for form only (see {@link Claimed}).
   *
   * @throws MalformedTransferException naming the first field that is missing or wrong
   */
  public static Claimed read(JsonObject o) {
    if (o == null) {
      throw new MalformedTransferException("a transfer is a JSON object");
    }
    TxKind kind = TxKind.TRANSFER;
    if (o.containsKey("kind")) {
      kind = o.getValue("kind") instanceof String s ? TxKind.ofJson(s) : null;
      if (kind == null) {
        throw new MalformedTransferException("\"kind\" must be \"transfer\", \"stake\" or \"unstake\"");
      }
    }
    String chainId = string(o, "chainId");
    if (chainId.isEmpty()) {
      throw new MalformedTransferException("\"chainId\" is empty");
    }
    AccountId from = account(o, "from");
    AccountId to = account(o, "to");
    long amount = whole(o, "amount");
    long fee = whole(o, "fee");
    long nonce = whole(o, "nonce");
    String sigHex = string(o, "signature");
    if (sigHex.length() != 2 * TransferBytes.SIGNATURE_SIZE || !isHex(sigHex)) {
      throw new MalformedTransferException("\"signature\" must be " + 2 * TransferBytes.SIGNATURE_SIZE
          + " hex digits, got " + sigHex.length() + " characters");
    }
    Transfer t;
    try {
      t = Transfer.of(kind, chainId, from, to, amount, fee, nonce, HEX.parseHex(sigHex.toLowerCase()));
    } catch (IllegalArgumentException e) { // a chain id over 64 bytes or not valid UTF-8
      throw new MalformedTransferException("\"chainId\": " + e.getMessage());
    }
    Hash claimed = null;
    if (o.containsKey("id")) {
      Object id = o.getValue("id");
      if (!(id instanceof String s) || !Hash.isHex(s)) {
        throw new MalformedTransferException("\"id\" must be 64 hex digits");
      }
      claimed = Hash.fromHex(s.toLowerCase());
    }
    return new Claimed(t, claimed);
  }

  private static String string(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      throw new MalformedTransferException("\"" + field + "\" is missing");
    }
    if (!(v instanceof String s)) {
      throw new MalformedTransferException("\"" + field + "\" must be a string, got " + typeName(v));
    }
    return s;
  }

  private static AccountId account(JsonObject o, String field) {
    String s = string(o, field);
    if (!AccountId.isHex(s)) {
      throw new MalformedTransferException("\"" + field + "\" must be an account id (64 hex digits), got \""
          + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"");
    }
    return AccountId.fromHex(s);
  }

  /** A whole number from 0 to 2^63-1, written as a JSON integer. */
  private static long whole(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      throw new MalformedTransferException("\"" + field + "\" is missing");
    }
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      n = ((Number) v).longValue();
    } else if (v instanceof BigInteger big) {
      if (big.signum() < 0) {
        throw new MalformedTransferException("\"" + field + "\" must not be negative, got " + big);
      }
      throw new MalformedTransferException("\"" + field + "\" is " + big + ", beyond the largest amount " + LONG_MAX);
    } else if (v instanceof Number) {
      throw new MalformedTransferException("\"" + field + "\" must be a whole number (a JSON integer), got " + v);
    } else {
      throw new MalformedTransferException("\"" + field + "\" must be a number, got " + typeName(v));
    }
    if (n < 0) {
      throw new MalformedTransferException("\"" + field + "\" must not be negative, got " + n);
    }
    return n;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String typeName(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof JsonObject) {
      return "an object";
    }
    return "an array";
  }
}
