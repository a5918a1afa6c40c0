package dev.meshledger.testing;

import dev.meshledger.NodeVerticle;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Head;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.MemoryBlockStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Real nodes in one JVM for multi-node tests: one Vertx per node, loopback, port 0, real TLS.
 * Blocks live in memory unless a test asks for RocksDB. Wait for conditions with
 * {@link #await}; never sleep. Close it (try-with-resources) to stop every node.
 */
public final class TestNetwork implements AutoCloseable {
  /** Generous for a loaded 2-core CI machine; tests normally pass in a fraction of it. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  private final Path dir;
  private final List<Node> nodes = new CopyOnWriteArrayList<>();

  public TestNetwork(Path dir) {
    this.dir = dir;
  }

  /** A running node and what tests look at. */
  public final class Node {
    public final String name;
    final JsonObject conf;
    final Supplier<BlockStore> storeFactory;
    public Vertx vertx;
    public NodeVerticle verticle;
    /** Every block-added event this node published, in order (counts stores per block). */
    public final List<BlockAdded> added = new CopyOnWriteArrayList<>();
    public final Set<String> reorgs = ConcurrentHashMap.newKeySet();

    Node(String name, JsonObject conf, Supplier<BlockStore> storeFactory) {
      this.name = name;
      this.conf = conf;
      this.storeFactory = storeFactory;
    }

    void start() {
      vertx = Vertx.vertx();
      NodeConfig config = NodeConfig.from(conf, new JsonObject());
      verticle = new NodeVerticle(config, storeFactory);
      Bus.registerCodecs(vertx);
      vertx.eventBus().<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> added.add(m.body()));
      vertx.eventBus().localConsumer(Addresses.CHAIN_REORG, m -> reorgs.add(String.valueOf(m.body())));
      get(vertx.deployVerticle(verticle), 60);
      // Restarts keep the port, so that peers that knew the address find the node again.
      conf.getJsonObject("p2p").put("port", verticle.p2pPort());
    }

    public String id() {
      return verticle.nodeId();
    }

    public int p2pPort() {
      return verticle.p2pPort();
    }

    public int httpPort() {
      return verticle.httpPort();
    }

    public String address() {
      return "127.0.0.1:" + p2pPort();
    }

    public NodeConfig config() {
      return verticle.nodeConfig();
    }

    /** Makes a block here, as POST /api/blocks does; returns it once stored. */
    public Block mine(String data) {
      byte[] bytes = ("\"" + data + "\"").getBytes(StandardCharsets.UTF_8);
      return get(vertx.eventBus().<Block>request(Addresses.MINER_MINE, new MineRequest(bytes), Bus.LOCAL), 30).body();
    }

    public Head head() {
      return get(vertx.eventBus().<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL), 10).body();
    }

    public List<String> peerIds() {
      return get(vertx.eventBus().<PeerList>request(Addresses.P2P_PEERS, null, Bus.LOCAL), 10)
          .body().peers().stream().map(p -> p.nodeId()).toList();
    }

    public int peerCount() {
      return peerIds().size();
    }

    /** How many times this node stored the block with this hash (1 = exactly once). */
    public long timesStored(Block b) {
      return added.stream().filter(e -> e.block().hash().equals(b.hash())).count();
    }

    public void stop() {
      if (vertx != null) {
        get(vertx.close(), 30);
        vertx = null;
      }
    }

    public void restart() {
      stop();
      added.clear();
      start();
    }
  }

  /** Options for a new node: extra config merged over the defaults, and the block store. */
  public static final class Options {
    JsonObject extra = new JsonObject();
    List<String> seeds = new ArrayList<>();
    boolean rocks;

    public Options config(JsonObject extra) {
      this.extra = extra;
      return this;
    }

    public Options seeds(String... addresses) {
      this.seeds = List.of(addresses);
      return this;
    }

    /** Keep blocks in RocksDB under the node's data dir (for restart tests). */
    public Options rocksDb() {
      this.rocks = true;
      return this;
    }
  }

  public static Options options() {
    return new Options();
  }

  public Node start(String name) {
    return start(name, options());
  }

  public Node start(String name, Options o) {
    try {
      Path data = dir.resolve(name);
      Files.createDirectories(data);
      JsonObject conf = new JsonObject()
          .put("node", new JsonObject().put("name", name).put("dataDir", data.toString()))
          .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("seeds", new JsonArray(o.seeds))
              // every test node shares 127.0.0.1
              .put("maxInboundPerIp", 64).put("reconnectBaseMs", 100).put("reconnectMaxMs", 2000))
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("rateLimit", 0));
      merge(conf, o.extra);
      MemoryBlockStore memory = new MemoryBlockStore();
      Supplier<BlockStore> store = o.rocks ? null : () -> memory;
      Node n = new Node(name, conf, store);
      n.start();
      nodes.add(n);
      return n;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void merge(JsonObject into, JsonObject extra) {
    for (String k : extra.fieldNames()) {
      Object v = extra.getValue(k);
      if (v instanceof JsonObject child && into.getValue(k) instanceof JsonObject existing) {
        merge(existing, child);
      } else {
        into.put(k, v);
      }
    }
  }

  /** Waits for a future from a test thread; failures and timeouts become unchecked. */
  public static <T> T get(io.vertx.core.Future<T> f, long seconds) {
    try {
      return f.await(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer in " + seconds + " s", e);
    }
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** {@link Await#until}: polls {@code condition} until it holds; fails with {@code what} at the deadline. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    Await.until(timeout, condition::getAsBoolean, () -> what);
  }

  public static void await(String what, BooleanSupplier condition) {
    await(what, DEFAULT_WAIT, condition);
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      try {
        n.stop();
      } catch (RuntimeException e) {
        // keep stopping the others
      }
    }
  }
}
