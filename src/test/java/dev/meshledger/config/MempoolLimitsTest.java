package dev.meshledger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MempoolLimitsTest {
  private static MempoolLimits with(String field, long v) {
    MempoolLimits d = MempoolLimits.DEFAULTS;
    return new MempoolLimits(
        field.equals("maxPerAccount") ? (int) v : d.maxPerAccount(),
        field.equals("maxCount") ? (int) v : d.maxCount(),
        field.equals("maxBytes") ? v : d.maxBytes(),
        field.equals("replaceBumpPercent") ? (int) v : d.replaceBumpPercent(),
        field.equals("expiryMillis") ? v : d.expiryMillis(),
        field.equals("maxNonceGap") ? v : d.maxNonceGap(),
        field.equals("minFee") ? v : d.minFee());
  }

  /** Each limit at its edge: the smallest value allowed, and one below it. */
  @ParameterizedTest
  @CsvSource({
      "maxPerAccount, 1", "maxCount, 1", "maxBytes, 1", "expiryMillis, 1",
      "replaceBumpPercent, 0", "maxNonceGap, 0", "minFee, 0"})
  void eachLimitRefusesOneBelowItsSmallestValue(String field, long smallest) {
    assertEquals(smallest, valueOf(with(field, smallest), field));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(field, smallest - 1));
    assertTrue(e.getMessage().startsWith(field), e.getMessage());
  }

  private static long valueOf(MempoolLimits l, String field) {
    return switch (field) {
      case "maxPerAccount" -> l.maxPerAccount();
      case "maxCount" -> l.maxCount();
      case "maxBytes" -> l.maxBytes();
      case "replaceBumpPercent" -> l.replaceBumpPercent();
      case "expiryMillis" -> l.expiryMillis();
      case "maxNonceGap" -> l.maxNonceGap();
      default -> l.minFee();
    };
  }

  @Test
  void theConfigKeysDefaultToGethsAndCoresFigures() {
    assertEquals(MempoolLimits.DEFAULTS, NodeConfig.from(new JsonObject(), new JsonObject()).mempoolLimits());
    assertEquals(new MempoolLimits(16, 5_120, 32L << 20, 10, 3 * 3600 * 1000L, 16, 1), MempoolLimits.DEFAULTS);
  }

  @Test
  void everyKeyIsRead() {
    JsonObject m = new JsonObject().put("maxPerAccount", 4).put("maxCount", 100).put("maxMegabytes", 2)
        .put("replaceBumpPercent", 25).put("expirySeconds", 60).put("maxNonceGap", 3).put("minFee", 7);
    MempoolLimits l = NodeConfig.from(new JsonObject().put("mempool", m), new JsonObject()).mempoolLimits();
    assertEquals(new MempoolLimits(4, 100, 2L << 20, 25, 60_000, 3, 7), l);
  }

  @ParameterizedTest
  @CsvSource({"maxPerAccount, 0", "maxCount, 0", "maxMegabytes, 0", "expirySeconds, 0", "minFee, -1",
      "replaceBumpPercent, -1", "maxNonceGap, -1"})
  void anOutOfRangeKeyIsNamed(String key, int value) {
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.from(
        new JsonObject().put("mempool", new JsonObject().put(key, value)), new JsonObject()));
    assertEquals("mempool." + key, e.key());
  }
}
