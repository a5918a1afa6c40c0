package dev.meshledger.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.meshledger.domain.Block;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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

  /** The block's JSON text. */
  public static String encode(Block b) {
    StringBuilder sb = new StringBuilder(384 + b.data().length);
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
        .append("\",\"difficultyBits\":").append(b.difficultyBits())
        .append(",\"nonce\":").append(b.nonce())
        .append(",\"producer\":\"").append(b.producerHex())
        .append("\",\"signature\":\"").append(b.signatureHex())
        .append("\",\"size\":").append(b.data().length)
        .append('}');
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
    return new JsonObject()
        .put("height", b.height())
        .put("hash", b.hash().toHex())
        .put("prevHash", b.prevHash().toHex())
        .put("timestamp", b.timestamp())
        .put("data", dataValue(b.data()))
        .put("dataHash", b.dataHash().toHex())
        .put("difficultyBits", b.difficultyBits())
        .put("nonce", b.nonce())
        .put("producer", b.producerHex())
        .put("signature", b.signatureHex())
        .put("size", b.data().length);
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
