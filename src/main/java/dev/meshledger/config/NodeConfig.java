package dev.meshledger.config;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.LedgerParams;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.domain.pow.Retarget;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a node is started with: read once from the config file and the environment,
 * validated, never changed. Keys and defaults are listed in docs/architecture.md ("Configuration").
 *
 * <p>With {@code chain.spec}, the spec file decides the chain id and the difficulty
 * ({@code chainId} and {@code difficultyBits} here are the spec's); {@code spec} is null without one.
 */
public record NodeConfig(
    String name,
    Path dataDir,
    String chainId,
    int difficultyBits,
    Retarget retarget,
    int maxBlockDataBytes,
    String p2pHost,
    int p2pPort,
    String advertisedHost,
    List<String> seeds,
    int maxInbound,
    int maxOutbound,
    List<String> allowlist,
    String httpHost,
    int httpPort,
    String apiToken,
    int httpMaxBodyBytes,
    int httpRateLimit,
    P2pLimits p2pLimits,
    SyncLimits syncLimits,
    Path clusterConfig,
    ChainSpec spec,
    int maxBlockTransfers,
    MempoolLimits mempoolLimits,
    boolean minerEnabled,
    ChainLimits chainLimits,
    ReaderOptions readers,
    ApiOptions api,
    RelayOptions relay,
    int signatureCacheEntries) {

  /** Low enough that a block seals in well under a millisecond (256 hashes on average). */
  public static final int DEFAULT_DIFFICULTY_BITS = 8;

  /** Environment variables that override file keys, for containers. */
  public static final Map<String, String> ENV_KEYS = Map.ofEntries(
      Map.entry("NODE_NAME", "node.name"),
      Map.entry("NODE_DATA_DIR", "node.dataDir"),
      Map.entry("CHAIN_ID", "chain.id"),
      Map.entry("P2P_HOST", "p2p.host"),
      Map.entry("P2P_PORT", "p2p.port"),
      Map.entry("P2P_ADVERTISED_HOST", "p2p.advertisedHost"),
      Map.entry("P2P_SEEDS", "p2p.seeds"),
      Map.entry("HTTP_HOST", "http.host"),
      Map.entry("HTTP_PORT", "http.port"),
      Map.entry("HTTP_API_TOKEN", "http.apiToken"),
      Map.entry("HTTP_TLS_CERT_PATH", "http.tls.certPath"),
      Map.entry("HTTP_TLS_KEY_PATH", "http.tls.keyPath"),
      Map.entry("CHAIN_SPEC", "chain.spec"),
      Map.entry("CLUSTER_CONFIG", "cluster.config"));

  /** The Hazelcast config used with {@code -cluster} unless {@code cluster.config} names another. */
  public static final String DEFAULT_CLUSTER_CONFIG = "conf/cluster.xml";

  /** Never prints the API token. */
  @Override
  public String toString() {
    return "NodeConfig[name=" + name + ", dataDir=" + dataDir + ", chainId=" + chainId + ", p2p=" + p2pHost + ":" + p2pPort
        + ", http=" + httpHost + ":" + httpPort + ", seeds=" + seeds + ", apiToken=" + (apiToken == null ? "unset" : "set") + "]";
  }

  public ChainParams chainParams() {
    LedgerParams ledger = spec == null
        ? LedgerParams.NONE.withMaxBlockTransfers(maxBlockTransfers)
        : new LedgerParams(spec.alloc(), spec.blockReward(), maxBlockTransfers, spec.hash());
    ChainParams params = ChainParams.of(chainId, difficultyBits, maxBlockDataBytes).withLedger(ledger)
        .withRetarget(retarget);
    if (spec != null && spec.consensus() instanceof ChainSpec.Bft bft) {
      List<BftParams.Member> members = spec.validators().stream()
          .map(v -> new BftParams.Member(v.id(), v.power())).toList();
      params = params.withBft(new BftParams(bft.blockPeriodMs(), bft.timeoutProposeMs(), bft.timeoutPrevoteMs(),
          bft.timeoutPrecommitMs(), members, bft.maxValidators(), bft.staking()));
    }
    return params;
  }

  /** Defaults only: what a node started from an empty file gets. */
  public static NodeConfig defaults() {
    return from(new JsonObject(), new JsonObject());
  }

  /**
   * Builds the config from the file's JSON and the environment (only the {@link #ENV_KEYS}
   * are looked at; they win over the file).
   *
   * @throws ConfigException naming the first bad key
   */
  public static NodeConfig from(JsonObject file, JsonObject env) {
    JsonObject merged = file.copy();
    Map<String, String> fromEnv = new HashMap<>();
    ENV_KEYS.forEach((var, key) -> {
      Object v = env.getValue(var);
      if (v != null && !String.valueOf(v).isEmpty()) {
        put(merged, key, String.valueOf(v));
        fromEnv.put(key, var);
      }
    });
    try {
      return read(new ConfigReader(merged));
    } catch (ConfigException e) {
      // A value from the environment is blamed on its variable: the file may not even mention the key.
      String var = e.key() == null ? null : fromEnv.get(e.key());
      throw var == null ? e : e.fromEnv(var, String.valueOf(env.getValue(var)));
    }
  }

  private static NodeConfig read(ConfigReader r) {
    String name = r.string("node.name", "node");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException("node.name", "use 1-64 letters, digits, '.', '_' or '-', got \"" + name + "\"");
    }
    Path dataDir = Path.of(r.string("node.dataDir", "data/" + name));
    String chainId = r.string("chain.id", "meshledger-dev");
    if (chainId.isBlank() || chainId.length() > 64) {
      throw new ConfigException("chain.id", "must be 1-64 characters");
    }
    int bits = r.integer("chain.difficultyBits", DEFAULT_DIFFICULTY_BITS, 0, ChainParams.MAX_DIFFICULTY_BITS);
    Retarget retarget = readRetarget(r);
    int maxData = r.integer("chain.maxBlockDataBytes", 65_536, 0, 16 << 20);
    int maxTransfers = r.integer("chain.maxBlockTransfers", LedgerParams.DEFAULT_MAX_BLOCK_TRANSFERS, 0, 100_000);
    ChainSpec spec = null;
    String specPath = r.string("chain.spec", null);
    if (specPath != null) {
      spec = readSpec(specPath.trim());
      if (r.has("chain.id") && !chainId.equals(spec.chainId())) {
        throw new ConfigException("chain.id", "is \"" + chainId + "\" but the chain spec " + specPath + " says \""
            + spec.chainId() + "\": the spec decides, remove chain.id");
      }
      int specBits = spec.consensus() instanceof ChainSpec.Pow pow ? pow.difficultyBits() : 0;
      if (r.has("chain.difficultyBits") && bits != specBits) {
        throw new ConfigException("chain.difficultyBits", "is " + bits + " but the chain spec " + specPath
            + " says " + specBits + " (" + spec.consensus().engine() + "): the spec decides, remove the key");
      }
      for (String key : List.of("chain.targetBlockMillis", "chain.halfLifeBlocks")) {
        if (r.has(key)) {
          throw new ConfigException(key, "is set but the chain spec " + specPath + " decides: remove the key");
        }
      }
      bits = specBits;
      retarget = spec.consensus() instanceof ChainSpec.Pow pow ? pow.retarget() : Retarget.FIXED;
      chainId = spec.chainId();
    }
    MempoolLimits mempool = MempoolLimits.read(r);
    boolean minerEnabled = r.bool("miner.enabled", false);
    ChainLimits chainLimits = ChainLimits.read(r);
    ReaderOptions readers = ReaderOptions.read(r);
    String p2pHost = host(r, "p2p.host", "127.0.0.1");
    int p2pPort = r.integer("p2p.port", 7001, 0, 65_535);
    String advertised = host(r, "p2p.advertisedHost", p2pHost);
    List<String> seeds = r.strings("p2p.seeds");
    for (String seed : seeds) {
      checkAddress("p2p.seeds", seed);
    }
    int maxIn = r.integer("p2p.maxInbound", 32, 0, 10_000);
    int maxOut = r.integer("p2p.maxOutbound", 8, 0, 1_000);
    List<String> allowlist = r.strings("p2p.allowlist");
    for (String id : allowlist) {
      if (!id.matches("[0-9a-fA-F]{64}")) {
        throw new ConfigException("p2p.allowlist", "a node id is 64 hex digits, got \"" + id + "\"");
      }
    }
    String httpHost = host(r, "http.host", "127.0.0.1");
    int httpPort = r.integer("http.port", 8001, 0, 65_535);
    String token = r.string("http.apiToken", null);
    if (token != null && token.isBlank()) {
      token = null;
    }
    // A block's data plus JSON overhead fits with room; larger bodies are refused with 413.
    int maxBody = r.integer("http.maxBodyBytes", Math.max(4 * maxData + 1024, 16_384), 1024, 64 << 20);
    // Requests per second per client IP (twice that as a burst); 0 turns the limit off.
    int rateLimit = r.integer("http.rateLimit", 1_000, 0, 10_000_000);
    // a frame must hold the largest block: its data and its transfers
    P2pLimits limits = P2pLimits.read(r, maxData + maxTransfers * TransferBytes.MAX_SIZE);
    SyncLimits sync = SyncLimits.read(r);
    // only read with -cluster; whether the file exists and parses is checked then
    String clusterConfig = r.string("cluster.config", DEFAULT_CLUSTER_CONFIG).trim();
    if (clusterConfig.isEmpty()) {
      throw new ConfigException("cluster.config", "expected the path of a Hazelcast XML or YAML file");
    }
    ApiOptions api = ApiOptions.read(r);
    RelayOptions relay = RelayOptions.read(r);
    // verified signatures remembered (crypto.VerifiedSignatures, ~100 bytes each); 0 turns the cache off
    int signatureCache = r.integer("verify.signatureCacheEntries", Ed25519.DEFAULT_SIGNATURE_CACHE_ENTRIES, 0, 16_777_216);
    r.rejectUnknown();
    return new NodeConfig(name, dataDir, chainId, bits, retarget, maxData, p2pHost, p2pPort, advertised, seeds, maxIn, maxOut,
        allowlist.stream().map(String::toLowerCase).toList(), httpHost, httpPort, token, maxBody, rateLimit, limits, sync,
        Path.of(clusterConfig), spec, maxTransfers, mempool, minerEnabled, chainLimits, readers, api, relay,
        signatureCache);
  }

  /** The built-in spec's retargeting: none unless {@code chain.targetBlockMillis} is set. */
  private static Retarget readRetarget(ConfigReader r) {
    long target = r.integer("chain.targetBlockMillis", 0, 0, 3_600_000);
    long halfLife = r.integer("chain.halfLifeBlocks", 144, 1, 1_000_000);
    if (target == 0 && r.has("chain.halfLifeBlocks")) {
      throw new ConfigException("chain.halfLifeBlocks", "needs chain.targetBlockMillis (without it the difficulty is"
          + " fixed and nothing retargets)");
    }
    return target == 0 ? Retarget.FIXED : new Retarget(target, halfLife);
  }

  private static ChainSpec readSpec(String path) {
    String text;
    try {
      text = Files.readString(Path.of(path));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("chain.spec", "cannot read the chain spec " + path + ": " + e.getMessage());
    }
    try {
      return ChainSpec.parse(text);
    } catch (ConfigException e) {
      throw new ConfigException("chain.spec", path + ": " + e.getMessage());
    }
  }

  private static String host(ConfigReader r, String key, String def) {
    String h = r.string(key, def).trim();
    if (h.isEmpty() || h.contains(" ") || h.contains("/")) {
      throw new ConfigException(key, "expected a host name or IP address, got \"" + h + "\"");
    }
    return h;
  }

  /** Checks a {@code host:port} string, naming {@code key} when it is not one. */
  public static void checkAddress(String key, String address) {
    try {
      HostPort.parse(address);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
  }

  private static void put(JsonObject root, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    JsonObject cur = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = cur.getValue(parts[i]);
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        cur.put(parts[i], next);
      }
      cur = (JsonObject) next;
    }
    cur.put(parts[parts.length - 1], value);
  }
}
