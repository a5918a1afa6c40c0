package dev.meshledger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad spec is refused with the exact key path and message: one row per mistake. */
class ChainSpecErrorsTest {
  static final String A = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  static final String B = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
  static final String MAX = "9223372036854775807";
  static final String POW_PARAMS = "\"engine\": \"pow\", \"difficultyBits\": 8, \"targetBlockMillis\": 1000, \"halfLifeBlocks\": 144";
  static final String BFT_PARAMS = "\"engine\": \"bft\", \"blockPeriodMs\": 1000, \"timeoutProposeMs\": 3000, "
      + "\"timeoutPrevoteMs\": 1000, \"timeoutPrecommitMs\": 1000, \"powerFrom\": \"spec\"";
  static final String KNOWN_TOP = "unknown key (known keys: chainId, consensus, alloc, blockReward, validators)";
  static final String BITS_RANGE = "must be between 0 and 32, got ";
  static final String MS_RANGE = "must be between 1 and 3600000, got ";
  static final String AMOUNT_RANGE = "must be between 0 and " + MAX + ", got ";
  static final String POWER_RANGE = "must be between 1 and 1152921504606846975, got ";

  /** A pow spec with {@code consensus} as its consensus keys and {@code rest} appended to the top-level keys. */
  static String pow(String consensus, String rest) {
    return "{\"chainId\": \"meshledger-dev\", \"consensus\": {" + consensus + "}, \"blockReward\": 50" + rest + "}";
  }

  static String bft(String consensus, String validators) {
    return "{\"chainId\": \"meshledger-dev\", \"consensus\": {" + consensus + "}, \"blockReward\": 0"
        + (validators == null ? "" : ", \"validators\": " + validators) + "}";
  }

  static String one(String id, String power) {
    return "{\"id\": \"" + id + "\", \"power\": " + power + "}";
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        // the document
        row("", "chain.spec", "expected a JSON object"),
        row("[1]", "chain.spec", "expected a JSON object"),
        row("{\"chainId\": ", "chain.spec", "not valid JSON: Unexpected end-of-input within/between Object entries (line 1, column 13)"),
        row("{\"chainId\": \"c\"}\n{}", "chain.spec", "expected a JSON object"),
        row(pow(POW_PARAMS, ", \"foo\": 1"), "foo", KNOWN_TOP),
        row(pow(POW_PARAMS, ", \"chainId\": \"other\""), "chainId", "given twice"),
        // chainId
        row("{\"consensus\": {" + POW_PARAMS + "}, \"blockReward\": 50}", "chainId", "required"),
        row(pow(POW_PARAMS, "").replace("\"meshledger-dev\"", "5"), "chainId", "expected a string, got 5"),
        row(pow(POW_PARAMS, "").replace("\"meshledger-dev\"", "null"), "chainId", "expected a string, got null"),
        row(pow(POW_PARAMS, "").replace("meshledger-dev", " "), "chainId",
            "must be 1-64 bytes of UTF-8, not blank, got \" \""),
        row(pow(POW_PARAMS, "").replace("meshledger-dev", "x".repeat(65)), "chainId",
            "must be 1-64 bytes of UTF-8, not blank, got \"" + "x".repeat(65) + "\""),
        row(pow(POW_PARAMS, "").replace("meshledger-dev", "é".repeat(33)), "chainId",
            "must be 1-64 bytes of UTF-8, not blank, got \"" + "é".repeat(33) + "\""),
        // consensus
        row("{\"chainId\": \"c\", \"blockReward\": 50}", "consensus", "required"),
        row("{\"chainId\": \"c\", \"consensus\": \"pow\", \"blockReward\": 50}", "consensus",
            "expected an object, got \"pow\""),
        row(pow("\"difficultyBits\": 8", ""), "consensus.engine", "required"),
        row(pow("\"engine\": \"pos\"", ""), "consensus.engine", "expected \"pow\" or \"bft\", got \"pos\""),
        row(pow("\"engine\": 1", ""), "consensus.engine", "expected \"pow\" or \"bft\", got 1"),
        row(pow(POW_PARAMS + ", \"engine\": \"bft\"", ""), "consensus.engine", "given twice"),
        // pow
        row(pow(POW_PARAMS + ", \"timeoutProposeMs\": 1", ""), "consensus.timeoutProposeMs",
            "unknown key (known keys: engine, difficultyBits, targetBlockMillis, halfLifeBlocks)"),
        row(pow(POW_PARAMS.replace("\"difficultyBits\": 8", "\"difficultyBits\": 33"), ""), "consensus.difficultyBits",
            BITS_RANGE + "33"),
        row(pow(POW_PARAMS.replace("\"difficultyBits\": 8", "\"difficultyBits\": -1"), ""), "consensus.difficultyBits",
            BITS_RANGE + "-1"),
        row(pow(POW_PARAMS.replace("\"difficultyBits\": 8", "\"difficultyBits\": \"8\""), ""), "consensus.difficultyBits",
            "expected a whole number, got \"8\""),
        row(pow(POW_PARAMS.replace("\"difficultyBits\": 8", "\"difficultyBits\": 8.0"), ""), "consensus.difficultyBits",
            "expected a whole number, got 8.0"),
        row(pow(POW_PARAMS.replace("\"difficultyBits\": 8", "\"difficultyBits\": 8e0"), ""), "consensus.difficultyBits",
            "expected a whole number, got 8.0"),
        row(pow(POW_PARAMS.replace("\"difficultyBits\": 8", "\"difficultyBits\": null"), ""), "consensus.difficultyBits",
            "expected a whole number, got null"),
        row(pow(POW_PARAMS.replace("1000", "0"), ""), "consensus.targetBlockMillis", MS_RANGE + "0"),
        row(pow(POW_PARAMS.replace("1000", "3600001"), ""), "consensus.targetBlockMillis", MS_RANGE + "3600001"),
        row(pow(POW_PARAMS.replace("144", "0"), ""), "consensus.halfLifeBlocks", "must be between 1 and 1000000, got 0"),
        row(pow(POW_PARAMS.replace("144", "1000001"), ""), "consensus.halfLifeBlocks",
            "must be between 1 and 1000000, got 1000001"),
        row(pow("\"engine\": \"pow\", \"halfLifeBlocks\": 144", ""), "consensus.halfLifeBlocks",
            "needs consensus.targetBlockMillis (without it the difficulty is fixed and nothing retargets)"),
        // bft
        row(bft(BFT_PARAMS + ", \"difficultyBits\": 8", "[" + one(A, "1") + "]"), "consensus.difficultyBits",
            "unknown key (known keys: engine, blockPeriodMs, timeoutProposeMs, timeoutPrevoteMs, timeoutPrecommitMs, powerFrom, "
                + "maxValidators)"),
        row(bft(BFT_PARAMS + ", \"maxValidators\": 0", "[" + one(A, "1") + "]"), "consensus.maxValidators",
            "must be between 1 and 10000, got 0"),
        row(bft(BFT_PARAMS + ", \"maxValidators\": 10001", "[" + one(A, "1") + "]"), "consensus.maxValidators",
            "must be between 1 and 10000, got 10001"),
        row(bft(BFT_PARAMS + ", \"maxValidators\": 1", "[" + one(A, "1") + ", " + one(B, "1") + "]"), "validators",
            "2 validators, more than consensus.maxValidators (1)"),
        row(bft(BFT_PARAMS.replace("\"blockPeriodMs\": 1000", "\"blockPeriodMs\": -1"), "[" + one(A, "1") + "]"),
            "consensus.blockPeriodMs", "must be between 0 and 3600000, got -1"),
        row(bft(BFT_PARAMS.replace("3000", "0"), "[" + one(A, "1") + "]"), "consensus.timeoutProposeMs", MS_RANGE + "0"),
        row(bft(BFT_PARAMS.replace("\"timeoutPrevoteMs\": 1000", "\"timeoutPrevoteMs\": 3600001"), "[" + one(A, "1") + "]"),
            "consensus.timeoutPrevoteMs", MS_RANGE + "3600001"),
        row(bft(BFT_PARAMS.replace("\"timeoutPrecommitMs\": 1000", "\"timeoutPrecommitMs\": 1.5"), "[" + one(A, "1") + "]"),
            "consensus.timeoutPrecommitMs", "expected a whole number, got 1.5"),
        row(bft(BFT_PARAMS.replace("\"spec\"", "\"pos\""), "[" + one(A, "1") + "]"), "consensus.powerFrom",
            "expected \"spec\" or \"stake\", got \"pos\""),
        row(bft(BFT_PARAMS.replace("\"spec\"", "\"SPEC\""), "[" + one(A, "1") + "]"), "consensus.powerFrom",
            "expected \"spec\" or \"stake\", got \"SPEC\""),
        row(bft(BFT_PARAMS.replace(", \"powerFrom\": \"spec\"", ""), "[" + one(A, "1") + "]"), "consensus.powerFrom",
            "required"),
        // alloc
        row(pow(POW_PARAMS, ", \"alloc\": []"), "alloc", "expected an object, got a list"),
        row(pow(POW_PARAMS, ", \"alloc\": {\"abc\": 1}"), "alloc.abc", "an account id is 64 hex digits"),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + "g".repeat(64) + "\": 1}"), "alloc." + "g".repeat(64),
            "an account id is 64 hex digits"),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": -1}"), "alloc." + A, AMOUNT_RANGE + "-1"),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": 9223372036854775808}"), "alloc." + A,
            AMOUNT_RANGE + "9223372036854775808"),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": \"100\"}"), "alloc." + A, "expected a whole number, got \"100\""),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": 1.5}"), "alloc." + A, "expected a whole number, got 1.5"),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": {}}"), "alloc." + A, "expected a whole number, got an object"),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": " + MAX + ", \"" + B + "\": 1}"), "alloc",
            "the total is more than " + MAX),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": 1, \"" + A.toUpperCase() + "\": 2}"), "alloc." + A.toUpperCase(),
            "the same account as alloc." + A),
        row(pow(POW_PARAMS, ", \"alloc\": {\"" + A + "\": 1, \"" + A + "\": 2}"), "alloc." + A, "given twice"),
        // blockReward
        row("{\"chainId\": \"c\", \"consensus\": {" + POW_PARAMS + "}}", "blockReward", "required"),
        row(pow(POW_PARAMS, "").replace("50", "-1"), "blockReward", AMOUNT_RANGE + "-1"),
        row(pow(POW_PARAMS, "").replace("50", "\"50\""), "blockReward", "expected a whole number, got \"50\""),
        // validators
        row(pow(POW_PARAMS, ", \"validators\": [" + one(A, "1") + "]"), "validators",
            "only a bft chain has validators (consensus.engine is \"pow\")"),
        row(bft(BFT_PARAMS, null), "validators", "a bft chain needs at least one validator"),
        row(bft(BFT_PARAMS, "[]"), "validators", "a bft chain needs at least one validator"),
        row(bft(BFT_PARAMS, "{}"), "validators", "expected a list, got an object"),
        row(bft(BFT_PARAMS, "[\"" + A + "\"]"), "validators[0]", "expected an object, got \"" + A + "\""),
        row(bft(BFT_PARAMS, "[{\"power\": 1}]"), "validators[0].id", "required"),
        row(bft(BFT_PARAMS, "[" + one(A, "1") + ", " + one("abc", "1") + "]"), "validators[1].id",
            "a node id is 64 hex digits, got \"abc\""),
        row(bft(BFT_PARAMS, "[{\"id\": 7}]"), "validators[0].id", "a node id is 64 hex digits, got 7"),
        row(bft(BFT_PARAMS, "[" + one(A, "0") + "]"), "validators[0].power", POWER_RANGE + "0"),
        row(bft(BFT_PARAMS, "[" + one(A, "1152921504606846976") + "]"), "validators[0].power",
            POWER_RANGE + "1152921504606846976"),
        row(bft(BFT_PARAMS, "[" + one(A, "1") + ", " + one(B, "1") + ", " + one(A.toUpperCase(), "1") + "]"),
            "validators[2].id", "already listed as validators[0]"),
        row(bft(BFT_PARAMS, "[{\"id\": \"" + A + "\", \"name\": \"v1\"}]"), "validators[0].name",
            "unknown key (known keys: id, power)"),
        row(bft(BFT_PARAMS, "[" + one(A, "1") + ", {\"id\": \"" + B + "\", \"power\": 1, \"power\": 2}]"),
            "validators[1].power", "given twice"),
        row(bft(BFT_PARAMS, "[" + one(A, "1152921504606846975") + ", " + one(B, "1") + "]"), "validators",
            "the total power is more than 1152921504606846975"));
  }

  static Arguments row(String json, String key, String message) {
    return Arguments.of(json, key, message);
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("badSpecs")
  void refusedNamingTheKey(String json, String key, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ChainSpec.parse(json), json);
    assertEquals(key, e.key(), json);
    assertEquals(key + ": " + message, e.getMessage(), json);
  }
}
