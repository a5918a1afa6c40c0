package dev.meshledger.config;

import static dev.meshledger.config.ChainSpecErrorsTest.A;
import static dev.meshledger.config.ChainSpecErrorsTest.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.config.ChainSpec.Bft;
import dev.meshledger.config.ChainSpec.Pow;
import dev.meshledger.config.ChainSpec.PowerFrom;
import dev.meshledger.config.ChainSpec.Validator;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainSpecTest {
  /** The small pow example whose bytes and hash are pinned (computed apart from this code, from the documented layout). */
  static final String SMALL_POW = """
      {"chainId": "meshledger-test",
       "consensus": {"engine": "pow", "difficultyBits": 4, "targetBlockMillis": 500, "halfLifeBlocks": 10},
       "alloc": {"%s": 1000},
       "blockReward": 7}
      """.formatted(A);
  static final String SMALL_BFT = """
      {"chainId": "poa",
       "consensus": {"engine": "bft", "blockPeriodMs": 1000, "timeoutProposeMs": 3000, "timeoutPrevoteMs": 1000,
                     "timeoutPrecommitMs": 1000, "powerFrom": "spec"},
       "alloc": {"%s": 3, "%s": 5},
       "blockReward": 0,
       "validators": [{"id": "%s", "power": 2}, {"id": "%s"}]}
      """.formatted(A, B, B, A);

  @Test
  void theDevSpecParsesAndTheNodeConfigsRunIt() throws Exception {
    ChainSpec spec = ChainSpec.parse(Files.readString(Path.of("conf/chain-dev.json")));
    for (String node : List.of("node1", "node2", "node3", "node4")) {
      JsonObject conf = new JsonObject(Files.readString(Path.of("conf/" + node + ".json")));
      // the confs name the BFT spec ./run.sh writes; ./run.sh pow runs them on the pow spec through CHAIN_SPEC
      assertEquals("data/chain-local.json", conf.getJsonObject("chain").getString("spec"), node);
      NodeConfig config = NodeConfig.from(conf, new JsonObject().put("CHAIN_SPEC", "conf/chain-dev.json"));
      assertEquals(spec.chainId(), config.chainId(), node);
      assertEquals(spec.hash(), config.chainParams().ledger().specHash(), node);
    }
    assertEquals("meshledger-dev", spec.chainId());
    assertEquals(new Pow(20, 1000, 144), spec.consensus());
    assertEquals(2, spec.alloc().size());
    assertEquals(1_000_000L, spec.allocationOf(AccountId.fromHex(A)));
    assertEquals(500_000L, spec.allocationOf(AccountId.fromHex(B)));
    assertEquals(1_500_000L, spec.totalAllocated());
    assertEquals(50, spec.blockReward());
    assertEquals(List.of(), spec.validators());
  }

  @Test
  void aBftSpecKeepsTheValidatorsInTheFilesOrderLowerCased() {
    ChainSpec spec = ChainSpec.parse(SMALL_BFT.replace("\"id\": \"" + B, "\"id\": \"" + B.toUpperCase()));
    assertEquals(new Bft(1000, 3000, 1000, 1000, PowerFrom.SPEC), spec.consensus());
    assertEquals(List.of(new Validator(B, 2), new Validator(A, 1)), spec.validators());
    assertEquals(List.of(AccountId.fromHex(B), AccountId.fromHex(A)), List.copyOf(spec.alloc().keySet()));
    ChainSpec stake = ChainSpec.parse(SMALL_BFT.replace("\"spec\"", "\"stake\""));
    assertEquals(PowerFrom.STAKE, ((Bft) stake.consensus()).powerFrom());
    assertEquals("bft", stake.consensus().engine());
  }

  @Test
  void absentKeysTakeTheirDefaults() {
    String bare = "{\"chainId\": \"c\", \"consensus\": {\"engine\": \"pow\", \"difficultyBits\": 0,"
        + " \"targetBlockMillis\": 1, \"halfLifeBlocks\": 1}, \"blockReward\": 0}";
    ChainSpec spec = ChainSpec.parse(bare);
    assertEquals(Map.of(), spec.alloc());
    assertEquals(List.of(), spec.validators());
    String spelledOut = bare.replace("\"blockReward\": 0", "\"blockReward\": 0, \"alloc\": {}, \"validators\": []");
    assertEquals(spec, ChainSpec.parse(spelledOut));
    assertEquals(spec.hash(), ChainSpec.parse(spelledOut).hash());
    assertEquals(ChainSpec.parse(SMALL_BFT), ChainSpec.parse(SMALL_BFT.replace("{\"id\": \"" + A + "\"}",
        "{\"power\": 1, \"id\": \"" + A + "\"}")));
  }

  @Test
  void powWithoutTargetBlockMillisKeepsTheInitialDifficulty() {
    ChainSpec spec = ChainSpec.parse("{\"chainId\": \"c\", \"consensus\": {\"engine\": \"pow\"}, \"blockReward\": 50}");
    assertEquals(new ChainSpec.Pow(8, 0, 0), spec.consensus());
    assertEquals(dev.meshledger.domain.pow.Retarget.FIXED, ((ChainSpec.Pow) spec.consensus()).retarget());
    ChainSpec retargeting = ChainSpec.parse("{\"chainId\": \"c\", \"consensus\": {\"engine\": \"pow\","
        + " \"targetBlockMillis\": 1000}, \"blockReward\": 50}");
    assertEquals(new ChainSpec.Pow(8, 1000, 144), retargeting.consensus(), "halfLifeBlocks defaults to 144");
    assertEquals(new dev.meshledger.domain.pow.Retarget(1000, 144), ((ChainSpec.Pow) retargeting.consensus()).retarget());
    assertEquals(retargeting.hash(), ChainSpec.parse("{\"chainId\": \"c\", \"consensus\": {\"engine\": \"pow\","
        + " \"difficultyBits\": 8, \"targetBlockMillis\": 1000, \"halfLifeBlocks\": 144}, \"blockReward\": 50}").hash());
  }

  @Test
  void bftTimingsDefaultWhenAbsentAndTheDefaultsAreHashedAsIfWritten() {
    String v = "[{\"id\": \"" + "ab".repeat(32) + "\"}]";
    ChainSpec spec = ChainSpec.parse("{\"chainId\": \"c\", \"consensus\": {\"engine\": \"bft\", \"powerFrom\": \"spec\","
        + " \"blockPeriodMs\": 500}, \"blockReward\": 0, \"validators\": " + v + "}");
    assertEquals(new Bft(500, 1000, 500, 500, PowerFrom.SPEC), spec.consensus());
    assertEquals(spec.hash(), ChainSpec.parse("{\"chainId\": \"c\", \"consensus\": {\"engine\": \"bft\","
        + " \"powerFrom\": \"spec\", \"blockPeriodMs\": 500, \"timeoutProposeMs\": 1000, \"timeoutPrevoteMs\": 500,"
        + " \"timeoutPrecommitMs\": 500}, \"blockReward\": 0, \"validators\": " + v + "}").hash());
    ChainSpec bare = ChainSpec.parse("{\"chainId\": \"c\", \"consensus\": {\"engine\": \"bft\", \"powerFrom\": \"spec\"},"
        + " \"blockReward\": 0, \"validators\": " + v + "}");
    assertEquals(new Bft(1000, 1000, 500, 500, PowerFrom.SPEC), bare.consensus());
    assertEquals(100, ((Bft) bare.consensus()).maxValidators());
  }

  @Test
  void maxValidatorsSpelledAsItsDefaultKeepsTheHashOfEverySpecWrittenBeforeIt() {
    String spelled = SMALL_BFT.replace("\"powerFrom\": \"spec\"", "\"powerFrom\": \"spec\", \"maxValidators\": 100");
    assertEquals(ChainSpec.parse(SMALL_BFT).hash(), ChainSpec.parse(spelled).hash());
    String two = SMALL_BFT.replace("\"powerFrom\": \"spec\"", "\"powerFrom\": \"spec\", \"maxValidators\": 2");
    assertEquals(2, ((Bft) ChainSpec.parse(two).consensus()).maxValidators());
    assertNotEquals(ChainSpec.parse(SMALL_BFT).hash(), ChainSpec.parse(two).hash());
  }

  @Test
  void theSpecIsImmutable() {
    ChainSpec spec = ChainSpec.parse(SMALL_BFT);
    assertThrows(UnsupportedOperationException.class, () -> spec.alloc().put(AccountId.fromHex(A), 9L));
    assertThrows(UnsupportedOperationException.class, () -> spec.validators().add(new Validator(A, 1)));
  }

  @Test
  void theSmallExampleHashIsPinned() {
    ChainSpec spec = ChainSpec.parse(SMALL_POW);
    assertEquals("00166d6573686c65646765722d636861696e737065632f31000f6d6573686c65646765722d74657374"
        + "0003706f770000000400000000000001f4000000000000000a00000001" + A
        + "00000000000003e8000000000000000700000000", HexFormat.of().formatHex(ChainSpecHash.canonicalBytes(spec)));
    assertEquals(Hash.fromHex("d93f122c03c237f9f2b58e4ea1c81e4b94d067522b688328e01d2e5453d77de5"), spec.hash());
    assertEquals(Hash.fromHex("d69ab2b851b1d1e5992e9bbe6f776d01b447cf2c8f7ef3ccd7fb7a39a70afed1"),
        ChainSpec.parse(SMALL_BFT).hash());
  }

  @Test
  void layoutKeyOrderAndHexCaseDoNotChangeTheHash() {
    String reordered = """
        {
          "validators" : [ { "power" : 2 , "id" : "%s" } ,
                           { "id" : "%s" } ],
          "blockReward"   :0,
          "alloc":{"%s":5,
                   "%s":3},
          "consensus":{"powerFrom":"spec","timeoutPrecommitMs":1000,"timeoutPrevoteMs":1000,
                       "timeoutProposeMs":3000,"blockPeriodMs":1000,"engine":"bft"},
          "chainId":"poa"
        }
        """.formatted(B.toUpperCase(), A, B, A.toUpperCase());
    assertEquals(ChainSpec.parse(SMALL_BFT), ChainSpec.parse(reordered));
    assertEquals(ChainSpec.parse(SMALL_BFT).hash(), ChainSpec.parse(reordered).hash());
    String compact = new JsonObject(SMALL_POW).encode();
    assertNotEquals(SMALL_POW, compact);
    assertEquals(ChainSpec.parse(SMALL_POW).hash(), ChainSpec.parse(compact).hash());
  }

  @Test
  void everyChangedValueChangesTheHash() {
    Map<String, String> variants = new HashMap<>();
    variants.put("base pow", SMALL_POW);
    variants.put("chainId", SMALL_POW.replace("meshledger-test", "meshledger-tesT"));
    variants.put("difficultyBits", SMALL_POW.replace("\"difficultyBits\": 4", "\"difficultyBits\": 5"));
    variants.put("targetBlockMillis", SMALL_POW.replace("500", "501"));
    variants.put("halfLifeBlocks", SMALL_POW.replace("\"halfLifeBlocks\": 10", "\"halfLifeBlocks\": 11"));
    variants.put("alloc amount", SMALL_POW.replace(": 1000}", ": 1001}"));
    variants.put("alloc account", SMALL_POW.replace(A, B));
    variants.put("alloc added zero", SMALL_POW.replace(": 1000}", ": 1000, \"" + B + "\": 0}"));
    variants.put("alloc empty", SMALL_POW.replace("{\"" + A + "\": 1000}", "{}"));
    variants.put("blockReward", SMALL_POW.replace("\"blockReward\": 7", "\"blockReward\": 8"));
    variants.put("base bft", SMALL_BFT);
    variants.put("blockPeriodMs", SMALL_BFT.replace("\"blockPeriodMs\": 1000", "\"blockPeriodMs\": 999"));
    variants.put("timeoutProposeMs", SMALL_BFT.replace("3000", "3001"));
    variants.put("timeoutPrevoteMs", SMALL_BFT.replace("\"timeoutPrevoteMs\": 1000", "\"timeoutPrevoteMs\": 1001"));
    variants.put("timeoutPrecommitMs", SMALL_BFT.replace("\"timeoutPrecommitMs\": 1000", "\"timeoutPrecommitMs\": 1001"));
    variants.put("powerFrom", SMALL_BFT.replace("\"spec\"", "\"stake\""));
    variants.put("maxValidators", SMALL_BFT.replace("\"powerFrom\": \"spec\"", "\"powerFrom\": \"spec\", \"maxValidators\": 5"));
    variants.put("validator power", SMALL_BFT.replace("\"power\": 2", "\"power\": 3"));
    variants.put("validator id", SMALL_BFT.replace("{\"id\": \"" + A + "\"}", "{\"id\": \"" + "ab".repeat(32) + "\"}"));
    variants.put("validator order", SMALL_BFT.replace("[{\"id\": \"" + B + "\", \"power\": 2}, {\"id\": \"" + A + "\"}]",
        "[{\"id\": \"" + A + "\"}, {\"id\": \"" + B + "\", \"power\": 2}]"));
    variants.put("validator added", SMALL_BFT.replace("{\"id\": \"" + A + "\"}",
        "{\"id\": \"" + A + "\"}, {\"id\": \"" + "ab".repeat(32) + "\"}"));
    variants.put("validator removed", SMALL_BFT.replace(", {\"id\": \"" + A + "\"}", ""));
    // an edit that missed its text would hash like its base, and fail below
    Map<Hash, String> seen = new HashMap<>();
    for (Map.Entry<String, String> v : variants.entrySet()) {
      String before = seen.put(ChainSpec.parse(v.getValue()).hash(), v.getKey());
      assertEquals(null, before, v.getKey() + " hashes like " + before);
    }
    assertEquals(variants.size(), seen.size());
  }
}
