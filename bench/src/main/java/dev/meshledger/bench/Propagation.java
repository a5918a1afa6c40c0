package dev.meshledger.bench;

import dev.meshledger.NodeVerticle;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.storage.RocksBlockStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Block propagation over real TCP/TLS between real nodes in one JVM (one Vertx each, port 0,
 * as the tests' TestNetwork does). {@code Propagation DIR line|random NODES DEGREE BLOCKS STORE SEED}
 * builds the topology (line: node i dials node i-1; random: each node dials DEGREE/2 others at
 * random, so the mean degree is DEGREE, and the graph is made connected), then makes BLOCKS
 * blocks one after another and, for each, takes the time from its chain.event.block-added at
 * the node that made it to the same event at every other node (System.nanoTime, one JVM: one
 * clock, sub-ms). STORE is "memory" (MemoryBlockStore, as the tests) or "rocks" (RocksDB,
 * synced writes: every hop pays a disk sync). Prints one JSON object.
 *
 * <p>Optional {@code TXS [compact|whole]}: each block carries TXS transfers, posted at the block's
 * maker and spread by transaction gossip to every mempool before the block is made (so compact
 * blocks are filled without a round trip); {@code whole} sets {@code gossip.compactRelay=false},
 * the relay before compact blocks. {@code blockBytesPerNodePerBlock} is what the block relay
 * messages (BLOCK, BLOCK_ANNOUNCE, CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN, CHAIN_REQUEST/RESPONSE) cost
 * each node in bytes sent per block, from every node's {@code meshledger_message_bytes_total}.
 */
public final class Propagation {
  /** Per block: every node must have it by then, or it counts as missed. */
  private static final long BLOCK_DEADLINE_MS = 10_000;

  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<NodeVerticle> nodes = new ArrayList<>();
  private final List<Map<Hash, Long>> arrivals = new ArrayList<>();
  /** Transfers each node's mempool accepted (counted from its transfer-accepted events). */
  private final List<java.util.concurrent.atomic.AtomicLong> accepted = new ArrayList<>();
  /** Block relay message types: what a block costs on the wire (transaction gossip is apart). */
  static final List<String> BLOCK_TYPES = List.of("BLOCK", "BLOCK_ANNOUNCE", "CMPCTBLOCK", "GETBLOCKTXN", "BLOCKTXN",
      "CHAIN_REQUEST", "CHAIN_RESPONSE");
  private int txsPerBlock;
  private boolean compact = true;
  private List<dev.meshledger.domain.ledger.WalletKey> wallets = List.of();
  private Path spec;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String topology = args[1];
    int n = Integer.parseInt(args[2]);
    int degree = Integer.parseInt(args[3]);
    int blocks = Integer.parseInt(args[4]);
    String store = args[5];
    long seed = Long.parseLong(args[6]);
    Propagation p = new Propagation();
    p.txsPerBlock = args.length > 7 ? Integer.parseInt(args[7]) : 0;
    p.compact = args.length <= 8 || !args[8].equals("whole");
    try {
      System.out.println(p.run(dir, topology, n, degree, blocks, store, seed).encode());
    } finally {
      p.close();
    }
    System.exit(0);
  }

  JsonObject run(Path dir, String topology, int n, int degree, int blocks, String store, long seed) throws Exception {
    Random random = new Random(seed);
    List<int[]> edges = topology.equals("line") ? line(n) : random(n, degree, random);
    int planned = edges.size();
    int[] outdeg = new int[n];
    int[] deg = new int[n];
    for (int[] e : edges) {
      outdeg[e[0]]++;
      deg[e[0]]++;
      deg[e[1]]++;
    }
    int warmup = Math.max(5, blocks / 10);
    if (txsPerBlock > 0) {
      wallets = new ArrayList<>();
      JsonObject alloc = new JsonObject();
      for (int b = 0; b < warmup + blocks; b++) {
        var w = dev.meshledger.domain.ledger.WalletKey.generate();
        wallets.add(w);
        alloc.put(w.account().toHex(), 1_000_000_000L);
      }
      Files.createDirectories(dir);
      spec = Files.writeString(dir.resolve("spec.json"), new JsonObject().put("chainId", "meshledger-bench")
          .put("consensus", new JsonObject().put("engine", "pow").put("difficultyBits", MicroBench.BITS))
          .put("alloc", alloc).put("blockReward", 0).encode());
    }
    for (int i = 0; i < n; i++) {
      start(dir, i, outdeg[i], store);
    }
    for (int[] e : edges) {
      Vertx from = vertxes.get(e[0]);
      from.eventBus().request(Addresses.P2P_DIAL, new Dial("127.0.0.1:" + nodes.get(e[1]).p2pPort(), "api"), Bus.LOCAL);
    }
    // Wait for every planned connection; re-ask for missing ones (a handshake can time out on a
    // loaded machine). At the deadline go on with the graph that formed, as long as it is connected.
    // Peer exchange adds links of its own, and a planned link can then find a slot taken: after
    // 5 s a connected graph is good enough (hops are counted on it).
    long dialed = System.nanoTime();
    long connectDeadline = dialed + TimeUnit.SECONDS.toNanos(90);
    long settleAt = dialed + TimeUnit.SECONDS.toNanos(5);
    long redialAt = dialed + TimeUnit.SECONDS.toNanos(3);
    while (!allConnected(deg) && System.nanoTime() < connectDeadline
        && !(System.nanoTime() > settleAt && reachesAll(bfs(n, actualEdges(n), 0)))) {
      if (System.nanoTime() > redialAt) {
        for (int[] e : edges) {
          vertxes.get(e[0]).eventBus().request(Addresses.P2P_DIAL,
              new Dial("127.0.0.1:" + nodes.get(e[1]).p2pPort(), "api"), Bus.LOCAL);
        }
        redialAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      }
      Thread.sleep(50); // polling step of a deadline-bounded wait
    }
    List<int[]> actual = actualEdges(n);
    System.err.printf("propagation: %d links up (%d planned) %.1f s after the dials%n", actual.size(), edges.size(),
        (System.nanoTime() - dialed) / 1e9);
    int[][] hops = new int[n][];
    for (int i = 0; i < n; i++) {
      hops[i] = bfs(n, actual, i);
      for (int d : hops[i]) {
        if (d < 0) {
          throw new IllegalStateException("the network did not connect: " + actual.size() + " of " + edges.size() + " links up");
        }
      }
    }
    edges = actual;
    double bytesBefore = 0;
    Map<String, Double> typesBefore = Map.of();
    List<Double> pairMs = new ArrayList<>();
    List<Double> allMs = new ArrayList<>();
    List<Double> perHopMs = new ArrayList<>();
    List<Double> farthestPerHopMs = new ArrayList<>();
    int missed = 0;
    for (int b = 0; b < warmup + blocks; b++) {
      int origin = topology.equals("line") ? 0 : b % n;
      if (b == warmup) {
        typesBefore = blockBytesByType();
        bytesBefore = typesBefore.values().stream().mapToDouble(Double::doubleValue).sum();
      }
      if (txsPerBlock > 0) {
        postTransfers(origin, b, n);
      }
      byte[] data = ("\"propagation block " + b + "\"").getBytes(StandardCharsets.UTF_8);
      Block made = vertxes.get(origin).eventBus().<Block>request(Addresses.MINER_MINE, new MineRequest(data), Bus.LOCAL)
          .await(30, TimeUnit.SECONDS).body();
      boolean all = awaitEverywhere(made.hash(), n);
      if (b < warmup) {
        continue;
      }
      if (!all) {
        missed++;
        continue;
      }
      long t0 = arrivals.get(origin).get(made.hash());
      double worst = 0;
      for (int i = 0; i < n; i++) {
        if (i == origin) {
          continue;
        }
        double ms = (arrivals.get(i).get(made.hash()) - t0) / 1e6;
        pairMs.add(ms);
        perHopMs.add(ms / hops[origin][i]);
        worst = Math.max(worst, ms);
      }
      allMs.add(worst);
      int far = argmax(hops[origin]);
      farthestPerHopMs.add((arrivals.get(far).get(made.hash()) - t0) / 1e6 / hops[origin][far]);
    }
    Map<String, Double> typesAfter = blockBytesByType();
    double bytesPerNodePerBlock = (typesAfter.values().stream().mapToDouble(Double::doubleValue).sum() - bytesBefore)
        / n / blocks;
    JsonObject byType = new JsonObject();
    for (String t : BLOCK_TYPES) {
      double d = typesAfter.getOrDefault(t, 0.0) - typesBefore.getOrDefault(t, 0.0);
      if (d > 0) {
        byType.put(t, round(d / n / blocks));
      }
    }
    double avgDegree = 2.0 * edges.size() / n;
    int diameter = Arrays.stream(hops).flatMapToInt(Arrays::stream).max().orElse(0);
    return new JsonObject()
        .put("topology", topology).put("nodes", n).put("edges", edges.size()).put("plannedEdges", planned).put("avgDegree", round(avgDegree))
        .put("diameter", diameter).put("store", store).put("blocks", blocks).put("missed", missed)
        .put("p50Ms", pct(pairMs, 0.5)).put("p99Ms", pct(pairMs, 0.99)).put("maxMs", pct(pairMs, 1.0))
        .put("allNodesP50Ms", pct(allMs, 0.5)).put("allNodesP99Ms", pct(allMs, 0.99))
        .put("perHopP50Ms", pct(perHopMs, 0.5)).put("perHopP99Ms", pct(perHopMs, 0.99))
        .put("farthestPerHopP50Ms", pct(farthestPerHopMs, 0.5))
        .put("txsPerBlock", txsPerBlock).put("relay", compact ? "compact" : "whole")
        .put("blockBytesPerNodePerBlock", round(bytesPerNodePerBlock)).put("blockBytesByType", byType);
  }

  /** Bytes sent by every node, by block relay message type, from their metrics. */
  private Map<String, Double> blockBytesByType() {
    Map<String, Double> out = new java.util.HashMap<>();
    for (Vertx v : vertxes) {
      for (var c : dev.meshledger.metrics.NodeMetrics.of(v).registry().find("meshledger.message.bytes")
          .tag("direction", "out").counters()) {
        String type = c.getId().getTag("type");
        if (BLOCK_TYPES.contains(type)) {
          out.merge(type, c.count(), Double::sum);
        }
      }
    }
    return out;
  }

  /** Posts block b's transfers at its maker and waits (deadline-bounded) until every mempool has them. */
  private void postTransfers(int origin, int b, int n) throws Exception {
    var wallet = wallets.get(b);
    var to = dev.meshledger.domain.ledger.WalletKey.generate().account();
    var ledger = new dev.meshledger.bus.ledger.LedgerClient(vertxes.get(origin));
    List<io.vertx.core.Future<?>> posted = new ArrayList<>();
    for (int i = 0; i < txsPerBlock; i++) {
      posted.add(ledger.submit(wallet.transfer("meshledger-bench", to, 1 + i, 1, i), null, false));
    }
    io.vertx.core.Future.all(posted).await(30, TimeUnit.SECONDS);
    long want = (long) (b + 1) * txsPerBlock;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && accepted.stream().anyMatch(a -> a.get() < want)) {
      LockSupport.parkNanos(1_000_000); // polling step of a deadline-bounded wait
    }
  }

  /** Polls every node's arrivals (1 ms steps) until all have the block, or the deadline passes. */
  private boolean awaitEverywhere(Hash hash, int n) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BLOCK_DEADLINE_MS);
    int have = 0;
    while (System.nanoTime() < deadline) {
      while (have < n && arrivals.get(have).containsKey(hash)) {
        have++;
      }
      if (have == n) {
        return true;
      }
      LockSupport.parkNanos(1_000_000); // the timestamps come from the nodes' own events, not from this loop
    }
    return false;
  }

  private void start(Path dir, int i, int maxOutbound, String store) throws Exception {
    Path data = dir.resolve("n" + i);
    Files.createDirectories(data);
    JsonObject conf = new JsonObject()
        .put("node", new JsonObject().put("name", "n" + i).put("dataDir", data.toString()))
        .put("chain", new JsonObject().put("id", "meshledger-bench").put("difficultyBits", MicroBench.BITS))
        .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("seeds", new JsonArray())
            // exactly the dials we ask for: no outbound slot left to fill from the address book
            .put("maxOutbound", maxOutbound).put("maxInbound", 64).put("maxInboundPerIp", 256))
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("rateLimit", 0))
        .put("gossip", new JsonObject().put("compactRelay", compact));
    if (spec != null) {
      conf.put("chain", new JsonObject().put("spec", spec.toString()));
      conf.put("mempool", new JsonObject().put("maxPerAccount", txsPerBlock + 16).put("maxNonceGap", txsPerBlock + 16));
    }
    Vertx vertx = Vertx.vertx();
    Bus.registerCodecs(vertx);
    Map<Hash, Long> seen = new ConcurrentHashMap<>();
    vertx.eventBus().<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> {
      long now = System.nanoTime();
      Hash h = m.body().block().hash();
      seen.putIfAbsent(h, now);
    });
    var count = new java.util.concurrent.atomic.AtomicLong();
    vertx.eventBus().localConsumer(Addresses.LEDGER_TRANSFER_ACCEPTED, m -> count.incrementAndGet());
    accepted.add(count);
    MemoryBlockStore memory = new MemoryBlockStore();
    Supplier<BlockStore> factory = store.equals("rocks") ? () -> RocksBlockStore.open(data.resolve("chain")) : () -> memory;
    NodeVerticle node = new NodeVerticle(NodeConfig.from(conf, new JsonObject()), factory);
    vertx.deployVerticle(node).await(60, TimeUnit.SECONDS);
    vertxes.add(vertx);
    nodes.add(node);
    arrivals.add(seen);
  }

  private static boolean reachesAll(int[] hops) {
    for (int d : hops) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  private boolean allConnected(int[] deg) throws Exception {
    for (int i = 0; i < deg.length; i++) {
      if (peerCount(i) < deg[i]) {
        return false;
      }
    }
    return true;
  }

  /** The links that actually formed, from every node's peer list. */
  private List<int[]> actualEdges(int n) throws Exception {
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(nodes.get(i).nodeId(), i);
    }
    Set<Long> have = new HashSet<>();
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (var p : vertxes.get(i).eventBus().<PeerList>request(Addresses.P2P_PEERS, null, Bus.LOCAL)
          .await(10, TimeUnit.SECONDS).body().peers()) {
        Integer j = index.get(p.nodeId());
        if (j != null && have.add(key(i, j))) {
          out.add(new int[] {i, j});
        }
      }
    }
    return out;
  }

  private int peerCount(int i) throws Exception {
    return vertxes.get(i).eventBus().<PeerList>request(Addresses.P2P_PEERS, null, Bus.LOCAL)
        .await(10, TimeUnit.SECONDS).body().peers().size();
  }

  static List<int[]> line(int n) {
    List<int[]> edges = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      edges.add(new int[] {i, i - 1});
    }
    return edges;
  }

  /** Connected (a random tree first), then random extra edges until the mean degree is reached. */
  static List<int[]> random(int n, int degree, Random random) {
    List<int[]> edges = new ArrayList<>();
    Set<Long> have = new HashSet<>();
    for (int i = 1; i < n; i++) {
      int j = random.nextInt(i);
      edges.add(new int[] {i, j});
      have.add(key(i, j));
    }
    int want = n * degree / 2;
    // bounded: each try either adds an edge or hits an existing one; n*n tries is plenty
    for (int tries = 0; edges.size() < want && tries < n * n * 4; tries++) {
      int a = random.nextInt(n);
      int b = random.nextInt(n);
      if (a != b && have.add(key(a, b))) {
        edges.add(new int[] {a, b});
      }
    }
    return edges;
  }

  private static long key(int a, int b) {
    return (long) Math.min(a, b) << 32 | Math.max(a, b);
  }

  static int[] bfs(int n, List<int[]> edges, int from) {
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adj.add(new ArrayList<>());
    }
    for (int[] e : edges) {
      adj.get(e[0]).add(e[1]);
      adj.get(e[1]).add(e[0]);
    }
    int[] d = new int[n];
    Arrays.fill(d, -1);
    d[from] = 0;
    ArrayDeque<Integer> q = new ArrayDeque<>(List.of(from));
    while (!q.isEmpty()) {
      int u = q.poll();
      for (int v : adj.get(u)) {
        if (d[v] < 0) {
          d[v] = d[u] + 1;
          q.add(v);
        }
      }
    }
    return d;
  }

  private static int argmax(int[] a) {
    int best = 0;
    for (int i = 1; i < a.length; i++) {
      if (a[i] > a[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The p-quantile (nearest rank), or null when there are no values (JSON has no NaN). */
  static Double pct(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return round(s[Math.max(0, Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1))]);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  void close() {
    for (Vertx v : vertxes) {
      try {
        v.close().await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }
}
