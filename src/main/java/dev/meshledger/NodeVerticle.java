package dev.meshledger;

import dev.meshledger.api.BlockJson;
import dev.meshledger.api.DashboardBridge;
import dev.meshledger.api.HttpApiVerticle;
import dev.meshledger.bus.Bus;
import dev.meshledger.chain.ChainVerticle;
import dev.meshledger.config.ConfigException;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.config.PortInUseException;
import dev.meshledger.consensus.ConsensusVerticle;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.gossip.GossipVerticle;
import dev.meshledger.gossip.TxGossipLimits;
import dev.meshledger.gossip.TxGossipVerticle;
import dev.meshledger.metrics.MetricsVerticle;
import dev.meshledger.miner.MinerVerticle;
import dev.meshledger.p2p.NetworkVerticle;
import dev.meshledger.p2p.discovery.ClusterDiscoveryVerticle;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.RocksBlockStore;
import dev.meshledger.sync.SyncVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node: deploys its verticles in order (chain, miner, metrics, dashboard bridge, network,
 * sync, relay, cluster discovery when clustered, API) and
 * undeploys them in reverse.
 */
public final class NodeVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(NodeVerticle.class);

  private final NodeConfig config;
  private final Supplier<BlockStore> storeFactory;
  private final boolean clustered;
  private final Deque<String> deployed = new ArrayDeque<>();
  private NodeKey key;
  private HttpApiVerticle api;
  private NetworkVerticle network;

  public NodeVerticle(NodeConfig config) {
    this(config, null);
  }

  /** @param storeFactory the block store to use; null for RocksDB under {@code node.dataDir} */
  public NodeVerticle(NodeConfig config, Supplier<BlockStore> storeFactory) {
    this(config, storeFactory, false);
  }

  /**
   * @param storeFactory the block store to use; null for RocksDB under {@code node.dataDir}
   * @param clustered started with {@code -cluster} on a clustered Vertx: also deploy cluster discovery
   */
  public NodeVerticle(NodeConfig config, Supplier<BlockStore> storeFactory, boolean clustered) {
    this.config = config;
    this.clustered = clustered;
    this.storeFactory = storeFactory != null ? storeFactory
        : () -> RocksBlockStore.open(config.dataDir().resolve("chain"));
  }

  @Override
  public Future<?> start() {
    Bus.registerCodecs(vertx);
    Ed25519.cache().resize(config.signatureCacheEntries()); // one per process: a no-op when unchanged
    long started = System.nanoTime();
    return vertx.executeBlocking(this::prepareDataDir)
        .compose(k -> {
          key = k;
          log.info("node {} (id {}) starting, data in {}", config.name(), key.id(), config.dataDir().toAbsolutePath());
          return deploy(new ChainVerticle(storeFactory, config.chainParams(), config.mempoolLimits(),
              config.chainLimits(), config.readers(), BlockJson.RENDERING), ThreadingModel.WORKER);
        })
        // one producer: the BFT reactor on a BFT chain, the miner under proof of work
        .compose(v -> deploy(config.chainParams().isBft()
            ? new ConsensusVerticle(key, config.chainParams(), config.dataDir(), config.api().commitWaitMs())
            : new MinerVerticle(new BlockFactory(key, config.chainParams()), config.maxBlockDataBytes(),
                config.minerEnabled()),
            ThreadingModel.EVENT_LOOP))
        .compose(v -> deploy(new MetricsVerticle(key.id()), ThreadingModel.EVENT_LOOP))
        .compose(v -> deploy(new DashboardBridge(config, key.id()), ThreadingModel.EVENT_LOOP))
        .compose(v -> {
          network = new NetworkVerticle(config, key);
          return deploy(network, ThreadingModel.EVENT_LOOP)
              .recover(e -> Future.failedFuture(PortInUseException.explain(e, "p2p.port", config.p2pHost(), config.p2pPort())));
        })
        .compose(v -> deploy(new SyncVerticle(config), ThreadingModel.EVENT_LOOP))
        .compose(v -> deploy(new GossipVerticle(config), ThreadingModel.EVENT_LOOP))
        .compose(v -> deploy(new TxGossipVerticle(config, TxGossipLimits.defaults()), ThreadingModel.EVENT_LOOP))
        // after the network layer, which consumes the dial and forget commands discovery sends
        .compose(v -> clustered
            ? deploy(new ClusterDiscoveryVerticle(key.id(), ClusterDiscoveryVerticle.endpoint(config)),
                ThreadingModel.EVENT_LOOP)
            : Future.<String>succeededFuture())
        .compose(v -> {
          api = new HttpApiVerticle(config, key.id());
          return deploy(api, ThreadingModel.EVENT_LOOP)
              .recover(e -> Future.failedFuture(PortInUseException.explain(e, "http.port", config.httpHost(), config.httpPort())));
        })
        .onSuccess(v -> log.info("node {} ready in {} ms: API {}://{}:{}/, P2P {}:{}", config.name(),
            (System.nanoTime() - started) / 1_000_000, config.api().tls() == null ? "http" : "https", config.httpHost(),
            api.port(), config.p2pHost(), network.port()));
  }

  private NodeKey prepareDataDir() {
    Path dir = config.dataDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigException("node.dataDir", "cannot create " + dir.toAbsolutePath() + ": " + e);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir) || !Files.isReadable(dir)) {
      throw new ConfigException("node.dataDir", dir.toAbsolutePath() + " is not a readable and writable directory");
    }
    try {
      return NodeKey.loadOrCreate(dir.resolve("node.key"));
    } catch (IOException e) {
      throw new ConfigException("node.dataDir", "cannot read or create the node key: " + e.getMessage());
    }
  }

  private Future<String> deploy(Deployable verticle, ThreadingModel model) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setThreadingModel(model))
        .onSuccess(deployed::push);
  }

  @Override
  public Future<?> stop() {
    Future<?> chainDone = Future.succeededFuture();
    while (!deployed.isEmpty()) {
      String id = deployed.pop();
      chainDone = chainDone.eventually(() -> vertx.undeploy(id));
    }
    return chainDone.onComplete(v -> log.info("node {} stopped", config.name()));
  }

  public NodeConfig nodeConfig() {
    return config;
  }

  /** The node id (hex public key); set once started. */
  public String nodeId() {
    return key.id();
  }

  /** The P2P port bound; set once started. */
  public int p2pPort() {
    return network.port();
  }

  /** The HTTP port bound; set once started. */
  public int httpPort() {
    return api.port();
  }
}
