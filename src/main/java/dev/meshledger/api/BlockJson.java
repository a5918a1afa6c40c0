package dev.meshledger.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.meshledger.bus.chain.BlockRendering;
import dev.meshledger.bus.consensus.EvidenceJson;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.finality.EvidenceBytes;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.pow.PowRules;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Blocks as the API shows them. A block's data holds the JSON text of what was posted
 * ({@code "hello"} for a string), so it comes back as the same JSON value; data that is not
 * JSON (the genesis block's, or a block made by other software) comes back as a string.
 *
 * <p>{@link #encode} writes the same JSON text as {@code of(b).encode()} without building the
 * object: data that is strict JSON goes into the text as it is stored, checked by a streaming
 * parser but never decoded and encoded again. That is most of the cost of a block list.
 */
public final class BlockJson {
  /** Jackson's defaults: no comments, no NaN, no single quotes (Vert.x's own parser allows comments). */
  private static final JsonFactory STRICT = new JsonFactory();

  private BlockJson() {}

  /**
   * Blocks as the chain's readers render and cache them for {@code GET /api/blocks}: a block is
   * {@link #encode}'s text, a list {@link #encodeList}'s.
   */
  public static final BlockRendering RENDERING = new BlockRendering() {
    @Override
    public byte[] render(Block block) {
      return encode(block).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] listStart() {
      return "{\"blocks\":[".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] listEnd() {
      return "]}".getBytes(StandardCharsets.US_ASCII);
    }
  };

  /** The block's JSON text. */
  public static String encode(Block b) {
    StringBuilder sb = new StringBuilder(512 + b.data().length + 384 * b.txCount());
    appendTo(sb, b);
    return sb.toString();
  }

  /** A list of blocks as the JSON text of {@code {"blocks": [...]}}. */
  public static String encodeList(Iterable<Block> blocks) {
    StringBuilder sb = new StringBuilder(16 * 1024);
    sb.append("{\"blocks\":[");
    boolean first = true;
    for (Block b : blocks) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      appendTo(sb, b);
    }
    return sb.append("]}").toString();
  }

  private static void appendTo(StringBuilder sb, Block b) {
    sb.append("{\"height\":").append(b.height())
        .append(",\"hash\":\"").append(b.hash().toHex())
        .append("\",\"prevHash\":\"").append(b.prevHash().toHex())
        .append("\",\"timestamp\":").append(b.timestamp())
        .append(",\"data\":");
    String text = new String(b.data(), StandardCharsets.UTF_8);
    if (isStrictJson(text)) {
      sb.append(text);
    } else {
      sb.append(Json.encode(dataValue(b.data())));
    }
    sb.append(",\"dataHash\":\"").append(b.dataHash().toHex())
        .append("\",\"bits\":").append(Integer.toUnsignedLong(b.bits()))
        .append(",\"difficultyBits\":").append(PowRules.zeroBitsOf(b.bits()))
        .append(",\"nonce\":").append(b.nonce())
        .append(",\"producer\":\"").append(b.producerHex())
        .append("\",\"signature\":\"").append(b.signatureHex())
        .append("\",\"size\":").append(b.data().length)
        .append(",\"txRoot\":\"").append(b.txRoot().toHex())
        .append("\",\"stateRoot\":\"").append(b.stateRoot().toHex())
        .append("\",\"txCount\":").append(b.txCount())
        .append(",\"transactions\":[");
    boolean first = true;
    for (Transfer t : b.transactions()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(TransferJson.of(t).encode());
    }
    sb.append(']');
    if (!b.commit().isEmpty()) {
      sb.append(",\"commit\":").append(commitJson(b.commit()).encode());
    }
    if (b.vote() != null) {
      sb.append(",\"vote\":").append(voteJson(b.vote()).encode());
    }
    if (!b.evidence().isEmpty()) {
      sb.append(",\"evidence\":").append(evidenceJson(b).encode()).append(",\"evidenceHash\":\"")
          .append(EvidenceBytes.hash(b.evidence()).toHex()).append('"');
    }
    sb.append('}');
  }

  /**
   * The double signs a proof-of-stake block slashes, as {@code GET /api/consensus} shows evidence plus both
   * signatures (what {@code POST /api/consensus/evidence} takes); {@code evidenceHash} beside it is the header's.
   */
  static JsonArray evidenceJson(Block b) {
    JsonArray out = new JsonArray();
    b.evidence().forEach(e -> out.add(EvidenceJson.withSignatures(e)));
    return out;
  }

  /** A BFT block's commit: the round and each validator's precommit signature (absent under proof of work). */
  static JsonObject commitJson(Commit c) {
    JsonArray sigs = new JsonArray();
    for (CommitSig s : c.signatures()) {
      sigs.add(new JsonObject().put("validator", s.validatorHex())
          .put("signature", java.util.HexFormat.of().formatHex(s.signature())));
    }
    return new JsonObject().put("round", c.round()).put("signatures", sigs);
  }

  /** A proof-of-authority proposer's vote, in the shape {@code POST /api/consensus/votes} takes. */
  static JsonObject voteJson(ValidatorVote v) {
    return new JsonObject().put("validator", v.subject()).put("add", v.add());
  }

  /** Exactly one JSON value, by the RFC 8259 rules, with nothing after it but whitespace. */
  static boolean isStrictJson(String text) {
    try (JsonParser p = STRICT.createParser(text)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  public static JsonObject of(Block b) {
    JsonArray transactions = new JsonArray();
    b.transactions().forEach(t -> transactions.add(TransferJson.of(t)));
    JsonObject o = new JsonObject()
        .put("height", b.height())
        .put("hash", b.hash().toHex())
        .put("prevHash", b.prevHash().toHex())
        .put("timestamp", b.timestamp())
        .put("data", dataValue(b.data()))
        .put("dataHash", b.dataHash().toHex())
        .put("bits", Integer.toUnsignedLong(b.bits()))
        .put("difficultyBits", PowRules.zeroBitsOf(b.bits()))
        .put("nonce", b.nonce())
        .put("producer", b.producerHex())
        .put("signature", b.signatureHex())
        .put("size", b.data().length)
        .put("txRoot", b.txRoot().toHex())
        .put("stateRoot", b.stateRoot().toHex())
        .put("txCount", b.txCount())
        .put("transactions", transactions);
    if (!b.commit().isEmpty()) {
      o.put("commit", commitJson(b.commit()));
    }
    if (b.vote() != null) {
      o.put("vote", voteJson(b.vote()));
    }
    if (!b.evidence().isEmpty()) {
      o.put("evidence", evidenceJson(b)).put("evidenceHash", EvidenceBytes.hash(b.evidence()).toHex());
    }
    return o;
  }

  /**
   * The header of a block's JSON, read back: enough to recompute its hash without the data or
   * the transfers (their digests {@code dataHash} and {@code txRoot}, and {@code txCount}, are
   * in the header). For clients that check a proof offline.
   *
   * @throws IllegalArgumentException naming the first field that is missing or malformed
   */
  public static Header header(JsonObject json) {
    HeaderBytes.Signed signed = new HeaderBytes.Signed(
        whole(json, "height", Long.MAX_VALUE),
        hash(json, "prevHash"),
        integer(json, "timestamp"),
        hash(json, "dataHash"),
        hash(json, "txRoot"),
        (int) whole(json, "txCount", Integer.MAX_VALUE),
        hash(json, "stateRoot"),
        (int) whole(json, "bits", 0xffff_ffffL),
        hex(json, "producer", Block.PRODUCER_SIZE), vote(json),
        json.getValue("evidenceHash") == null ? null : hash(json, "evidenceHash"));
    return new Header(signed, hex(json, "signature", Block.SIGNATURE_SIZE), integer(json, "nonce"), hash(json, "hash"));
  }

  /**
   * A block header as its JSON gives it, and the hash the JSON claims.
   *
   * @param claimedHash the JSON's {@code hash}: equal to {@link #computeHash()} for an honest block
   */
  public record Header(HeaderBytes.Signed signed, byte[] signature, long nonce, Hash claimedHash) {
    /** SHA-256 of the canonical header (see {@link HeaderBytes}): signed fields, signature, nonce. */
    public Hash computeHash() {
      ByteBuffer b = ByteBuffer.allocate(HeaderBytes.HEADER_SIZE);
      b.put(signed.bytes());
      b.put(signature);
      b.putLong(nonce);
      return Sha256.of(b.array());
    }
  }

  private static ValidatorVote vote(JsonObject json) {
    if (json.getValue("vote") == null) {
      return null;
    }
    if (!(json.getValue("vote") instanceof JsonObject v) || !(v.getValue("add") instanceof Boolean add)) {
      throw new IllegalArgumentException("the block's \"vote\" is not {\"validator\": id, \"add\": true|false}");
    }
    return new ValidatorVote(HexFormat.of().formatHex(hex(v, "validator", Block.PRODUCER_SIZE)), add);
  }

  private static Object field(JsonObject json, String name) {
    Object v = json.getValue(name);
    if (v == null) {
      throw new IllegalArgumentException("the block has no \"" + name + "\"");
    }
    return v;
  }

  private static long integer(JsonObject json, String name) {
    Object v = field(json, name);
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw new IllegalArgumentException("the block's \"" + name + "\" is not a 64-bit integer: " + v);
  }

  private static long whole(JsonObject json, String name, long max) {
    long n = integer(json, name);
    if (n < 0 || n > max) {
      throw new IllegalArgumentException("the block's \"" + name + "\" is out of range: " + n);
    }
    return n;
  }

  private static Hash hash(JsonObject json, String name) {
    return Hash.wrap(hex(json, name, Hash.SIZE));
  }

  private static byte[] hex(JsonObject json, String name, int bytes) {
    Object v = field(json, name);
    if (v instanceof String s && s.length() == 2 * bytes && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return HexFormat.of().parseHex(s.toLowerCase());
    }
    throw new IllegalArgumentException("the block's \"" + name + "\" is not " + 2 * bytes + " hex digits");
  }

  /** The bytes a posted JSON value is stored as. */
  public static byte[] dataBytes(Object jsonValue) {
    return Json.encode(jsonValue).getBytes(StandardCharsets.UTF_8);
  }

  static Object dataValue(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      return text;
    }
  }
}
