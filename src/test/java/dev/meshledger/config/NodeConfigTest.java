package dev.meshledger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.pow.Retarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigTest {
  private static final JsonObject NO_ENV = new JsonObject();

  private static NodeConfig fromJson(String json) {
    return NodeConfig.from(new JsonObject(json), NO_ENV);
  }

  @Test
  void chainTargetBlockMillisTurnsOnRetargeting() {
    NodeConfig c = NodeConfig.from(new JsonObject("{\"chain\": {\"targetBlockMillis\": 500, \"halfLifeBlocks\": 20}}"),
        new JsonObject());
    assertEquals(new Retarget(500, 20), c.chainParams().retarget());
    assertEquals(new Retarget(500, 144), NodeConfig.from(new JsonObject("{\"chain\": {\"targetBlockMillis\": 500}}"),
        new JsonObject()).retarget());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    NodeConfig c = NodeConfig.defaults();
    assertEquals("node", c.name());
    assertEquals(Path.of("data/node"), c.dataDir());
    assertEquals("meshledger-dev", c.chainId());
    assertEquals(8, c.difficultyBits());
    assertEquals(Retarget.FIXED, c.retarget());
    assertEquals(Retarget.FIXED, c.chainParams().retarget());
    assertEquals(65_536, c.maxBlockDataBytes());
    assertEquals("127.0.0.1", c.p2pHost());
    assertEquals(7001, c.p2pPort());
    assertEquals("127.0.0.1", c.advertisedHost());
    assertEquals(List.of(), c.seeds());
    assertEquals(32, c.maxInbound());
    assertEquals(8, c.maxOutbound());
    assertEquals(List.of(), c.allowlist());
    assertEquals("127.0.0.1", c.httpHost());
    assertEquals(8001, c.httpPort());
    assertNull(c.apiToken());
    assertEquals(4 * 65_536 + 1024, c.httpMaxBodyBytes());
    assertEquals(ChainParams.of("meshledger-dev", 8, 65_536), c.chainParams());
  }

  @Test
  void fileValuesAreRead() {
    NodeConfig c = fromJson("""
        {"node": {"name": "node2", "dataDir": "/var/lib/ml"},
         "chain": {"id": "testnet", "difficultyBits": 12, "maxBlockDataBytes": 1000},
         "p2p": {"host": "0.0.0.0", "port": 7002, "advertisedHost": "node2.example", "seeds": ["127.0.0.1:7001", "h:7003"],
                 "maxInbound": 4, "maxOutbound": 2, "allowlist": ["%s"]},
         "http": {"host": "0.0.0.0", "port": 8002, "apiToken": "t0k", "maxBodyBytes": 2048}}
        """.formatted("AB".repeat(32)));
    assertEquals("node2", c.name());
    assertEquals(Path.of("/var/lib/ml"), c.dataDir());
    assertEquals(ChainParams.of("testnet", 12, 1000), c.chainParams());
    assertEquals("0.0.0.0", c.p2pHost());
    assertEquals(7002, c.p2pPort());
    assertEquals("node2.example", c.advertisedHost());
    assertEquals(List.of("127.0.0.1:7001", "h:7003"), c.seeds());
    assertEquals(4, c.maxInbound());
    assertEquals(2, c.maxOutbound());
    assertEquals(List.of("ab".repeat(32)), c.allowlist(), "node ids are kept in lower case");
    assertEquals(8002, c.httpPort());
    assertEquals("t0k", c.apiToken());
    assertEquals(2048, c.httpMaxBodyBytes());
  }

  @Test
  void dataDirAndAdvertisedHostFollowTheirDefaults() {
    NodeConfig c = fromJson("{\"node\": {\"name\": \"n7\"}, \"p2p\": {\"host\": \"10.0.0.7\"}}");
    assertEquals(Path.of("data/n7"), c.dataDir());
    assertEquals("10.0.0.7", c.advertisedHost());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "p2p.port             | {\"p2p\": {\"port\": 70000}}",
      "p2p.port             | {\"p2p\": {\"port\": -1}}",
      "p2p.port             | {\"p2p\": {\"port\": 7001.5}}",
      "http.port            | {\"http\": {\"port\": \"abc\"}}",
      "http.port            | {\"http\": {\"port\": true}}",
      "chain.difficultyBits | {\"chain\": {\"difficultyBits\": 99}}",
      "chain.targetBlockMillis | {\"chain\": {\"targetBlockMillis\": -1}}",
      "chain.targetBlockMillis | {\"chain\": {\"targetBlockMillis\": 3600001}}",
      "chain.halfLifeBlocks | {\"chain\": {\"halfLifeBlocks\": 0}}",
      "chain.halfLifeBlocks | {\"chain\": {\"halfLifeBlocks\": 144}}",
      "chain.id             | {\"chain\": {\"id\": \"\"}}",
      "chain.id             | {\"chain\": {\"id\": 5}}",
      "p2p.seeds            | {\"p2p\": {\"seeds\": [\"nohost\"]}}",
      "p2p.seeds            | {\"p2p\": {\"seeds\": [\"h:0\"]}}",
      "p2p.seeds            | {\"p2p\": {\"seeds\": [7001]}}",
      "p2p.seeds            | {\"p2p\": {\"seeds\": {\"a\": 1}}}",
      "p2p.prot             | {\"p2p\": {\"prot\": 7001}}",
      "nodes                | {\"nodes\": {}}",
      "node.name            | {\"node\": {\"name\": \"my node\"}}",
      "node.name            | {\"node\": {\"name\": \"\"}}",
      "p2p.allowlist        | {\"p2p\": {\"allowlist\": [\"abc123\"]}}",
      "p2p.host             | {\"p2p\": {\"host\": \"a host\"}}",
      "http.maxBodyBytes    | {\"http\": {\"maxBodyBytes\": 10}}",
      "sync.assumeValid     | {\"sync\": {\"assumeValid\": \"00ff\"}}",
      "sync.assumeValid     | {\"sync\": {\"assumeValid\": 5}}",
      "sync.headersPerRequest | {\"sync\": {\"headersPerRequest\": 0}}",
      "sync.maxHeaders     | {\"sync\": {\"maxHeaders\": 0}}",
  })
  void aBadValueNamesItsKey(String key, String json) {
    ConfigException e = assertThrows(ConfigException.class, () -> fromJson(json));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
  }

  @Test
  void readerKeysDefaultToOneThreadACoreAnd16MegabytesAndAreChecked() {
    assertEquals(new ReaderOptions(Math.min(64, Runtime.getRuntime().availableProcessors()), 16L << 20),
        NodeConfig.defaults().readers());
    assertEquals(ReaderOptions.defaults(), NodeConfig.defaults().readers());
    assertEquals(new ReaderOptions(1, 0), fromJson("{\"chain\": {\"readerThreads\": 1, \"readCacheMegabytes\": 0}}").readers());
    assertEquals(new ReaderOptions(64, 16_384L << 20),
        fromJson("{\"chain\": {\"readerThreads\": 64, \"readCacheMegabytes\": 16384}}").readers());
    assertEquals("chain.readerThreads: must be between 1 and 64, got 0",
        assertThrows(ConfigException.class, () -> fromJson("{\"chain\": {\"readerThreads\": 0}}")).getMessage());
    assertEquals("chain.readerThreads: must be between 1 and 64, got 65",
        assertThrows(ConfigException.class, () -> fromJson("{\"chain\": {\"readerThreads\": 65}}")).getMessage());
    assertEquals("chain.readCacheMegabytes: must be between 0 and 16384, got -1",
        assertThrows(ConfigException.class, () -> fromJson("{\"chain\": {\"readCacheMegabytes\": -1}}")).getMessage());
    assertEquals("chain.readCacheMegabytes: must be between 0 and 16384, got 16385",
        assertThrows(ConfigException.class, () -> fromJson("{\"chain\": {\"readCacheMegabytes\": 16385}}")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ReaderOptions(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ReaderOptions(65, 0));
    assertThrows(IllegalArgumentException.class, () -> new ReaderOptions(1, -1));
  }

  @Test
  void relayKeysDefaultToCompactToEveryPeerAndAreChecked() {
    assertEquals(new RelayOptions(true, 0, 2_000), NodeConfig.defaults().relay());
    assertEquals(new RelayOptions(false, 3, 500), fromJson(
        "{\"gossip\": {\"compactRelay\": false, \"compactFanout\": 3, \"blockTxnTimeoutMs\": 500}}").relay());
    assertEquals("gossip.compactFanout: must be between 0 and 10000, got -1",
        assertThrows(ConfigException.class, () -> fromJson("{\"gossip\": {\"compactFanout\": -1}}")).getMessage());
  }

  @Test
  void headersFirstSyncKeys() {
    dev.meshledger.config.SyncLimits d = NodeConfig.defaults().syncLimits();
    assertEquals(List.of(2000, 100_000), List.of(d.headersPerRequest(), d.maxHeaders()));
    assertEquals(null, d.assumeValid(), "assume-valid is off unless set");
    String hash = "ab".repeat(32);
    dev.meshledger.config.SyncLimits s = fromJson("{\"sync\": {\"assumeValid\": \"" + hash + "\", \"headersPerRequest\": 500,"
        + " \"maxHeaders\": 5000}}").syncLimits();
    assertEquals(dev.meshledger.domain.Hash.fromHex(hash), s.assumeValid());
    assertEquals(List.of(500, 5000), List.of(s.headersPerRequest(), s.maxHeaders()));
  }

  @Test
  void messagesSayWhatIsWrong() {
    assertEquals("p2p.port: must be between 0 and 65535, got 70000",
        assertThrows(ConfigException.class, () -> fromJson("{\"p2p\": {\"port\": 70000}}")).getMessage());
    String unknown = assertThrows(ConfigException.class, () -> fromJson("{\"p2p\": {\"prot\": 7001}}")).getMessage();
    assertTrue(unknown.contains("unknown key") && unknown.contains("p2p.port"), unknown);
  }

  @Test
  void environmentOverridesTheFile() {
    JsonObject file = new JsonObject("""
        {"node": {"name": "from-file"}, "p2p": {"port": 7001, "seeds": ["a:1"]}, "http": {"apiToken": "file-token"}}
        """);
    JsonObject env = new JsonObject()
        .put("NODE_NAME", "from-env")
        .put("P2P_PORT", "7005")
        .put("P2P_SEEDS", "127.0.0.1:7001, peer.example:7002,")
        .put("HTTP_API_TOKEN", "env-token")
        .put("HTTP_PORT", "8005")
        .put("CHAIN_ID", "env-net")
        .put("UNRELATED", "ignored");
    NodeConfig c = NodeConfig.from(file, env);
    assertEquals("from-env", c.name());
    assertEquals(Path.of("data/from-env"), c.dataDir());
    assertEquals(7005, c.p2pPort());
    assertEquals(List.of("127.0.0.1:7001", "peer.example:7002"), c.seeds());
    assertEquals("env-token", c.apiToken());
    assertEquals(8005, c.httpPort());
    assertEquals("env-net", c.chainId());
  }

  @Test
  void emptyEnvironmentValuesDoNotOverride() {
    NodeConfig c = NodeConfig.from(new JsonObject("{\"node\": {\"name\": \"kept\"}}"), new JsonObject().put("NODE_NAME", ""));
    assertEquals("kept", c.name());
  }

  @Test
  void aBadEnvironmentValueNamesTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> NodeConfig.from(new JsonObject(), new JsonObject().put("P2P_PORT", "seven")));
    assertEquals("p2p.port", e.key());
    e = assertThrows(ConfigException.class,
        () -> NodeConfig.from(new JsonObject(), new JsonObject().put("P2P_SEEDS", "good:1,nohost")));
    assertEquals("p2p.seeds", e.key());
  }

  @Test
  void aBlankTokenMeansNoToken() {
    assertNull(fromJson("{\"http\": {\"apiToken\": \"  \"}}").apiToken());
  }

  @Test
  void theBodyLimitFollowsTheDataLimit() {
    assertEquals(4 * 100_000 + 1024, fromJson("{\"chain\": {\"maxBlockDataBytes\": 100000}}").httpMaxBodyBytes());
    assertEquals(16_384, fromJson("{\"chain\": {\"maxBlockDataBytes\": 10}}").httpMaxBodyBytes(), "never below 16 KiB");
  }

  @Test
  void theFileIsNotChanged() {
    JsonObject file = new JsonObject().put("p2p", new JsonObject().put("seeds", new JsonArray().add("a:1")));
    String before = file.encode();
    NodeConfig.from(file, new JsonObject().put("P2P_SEEDS", "b:2").put("NODE_NAME", "x"));
    assertEquals(before, file.encode());
  }
}
