package dev.meshledger.api;

import dev.meshledger.domain.Block;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Blocks as the API shows them. A block's data holds the JSON text of what was posted
 * ({@code "hello"} for a string), so it comes back as the same JSON value; data that is not
 * JSON (the genesis block's, or a block made by other software) comes back as a string.
 */
public final class BlockJson {
  private BlockJson() {}

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
