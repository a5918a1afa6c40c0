package dev.meshledger.testnet;

import dev.meshledger.config.NodeConfig;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node processes of one testnet (on loopback, or each in its network namespace): their keys, spec and configs, and every
 * process started, tracked by PID. {@link #close} stops them all (SIGCONT first for a paused
 * one, then SIGTERM, then SIGKILL after 15 s); it is also the runner's shutdown hook.
 */
final class Cluster implements AutoCloseable {
  static final String CHAIN_ID = "meshledger-testnet";
  static final long ALLOC = 1_000_000_000L;
  /** Proof of stake: each genesis validator's self-bond, and how often the stake elects the set. */
  static final long POS_GENESIS_STAKE = 1_000_000L;
  static final long POS_EPOCH_BLOCKS = 20;
  /** Where the relays listen (same port as the node's P2P port, another loopback address). */
  static final String RELAY_HOST = "127.0.0.2";

  /**
   * One node: {@code host} is where it listens (P2P and HTTP), {@code advertised} where its peers
   * dial it (its relay's address when relayed, else {@code host}).
   */
  record Node(int index, String name, Path dataDir, Path conf, int httpPort, int p2pPort, String id, String host,
      String advertised) {
    String url() {
      return "http://" + host + ":" + httpPort;
    }
  }

  private final Path root;
  private final String javaBin;
  private final Path jar;
  private final List<Node> nodes = new ArrayList<>();
  private final Process[] procs;
  private final boolean[] paused;
  private final boolean[] down;
  private final List<Long> allPids = new ArrayList<>();
  private final NetPlan net;
  private boolean closed;

  /**
   * With {@code net}, node K runs in its network namespace and listens on its address there;
   * without, on 127.0.0.1. With {@code relayed}, every node advertises its relay's address (its
   * HELLO's host: {@link #RELAY_HOST} on loopback, {@link NetPlan#relayAddress} with namespaces)
   * and its seeds name the other nodes' relays, so every P2P connection goes through the relay
   * of the node dialled; on loopback each P2P port is also free on {@link #RELAY_HOST}.
   */
  Cluster(Path root, Path jar, int count, String engine, List<WalletKey> accounts, boolean relayed, NetPlan net)
      throws IOException {
    this.net = net;
    this.root = root;
    this.jar = jar;
    this.javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.procs = new Process[count];
    this.paused = new boolean[count];
    this.down = new boolean[count];
    Files.createDirectories(root.resolve("logs"));
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(new int[] {freePort(), relayed && net == null ? freeRelayablePort() : freePort()});
    }
    JsonArray validators = new JsonArray();
    for (int i = 0; i < count; i++) {
      Path dataDir = root.resolve("node" + (i + 1));
      Files.createDirectories(dataDir);
      String id = NodeKey.loadOrCreate(dataDir.resolve("node.key")).id();
      validators.add(new JsonObject().put("id", id).put("power", "pos".equals(engine) ? POS_GENESIS_STAKE : 1));
      String host = net == null ? "127.0.0.1" : net.nodeAddress(i + 1);
      String advertised = net != null ? net.advertised(i + 1) : relayed ? RELAY_HOST : host;
      nodes.add(new Node(i, "node" + (i + 1), dataDir, root.resolve("node" + (i + 1) + ".json"),
          ports.get(i)[0], ports.get(i)[1], id, host, advertised));
    }
    JsonObject spec = spec(engine, accounts, validators);
    Path specFile = Files.writeString(root.resolve("chain-spec.json"), spec.encodePrettily());
    for (Node n : nodes) {
      JsonArray seeds = new JsonArray();
      nodes.stream().filter(o -> o != n).forEach(o -> seeds.add(o.advertised() + ":" + o.p2pPort()));
      JsonObject p2p = new JsonObject().put("host", n.host()).put("port", n.p2pPort()).put("seeds", seeds)
          .put("advertisedHost", n.advertised());
      JsonObject conf = new JsonObject()
          .put("node", new JsonObject().put("name", n.name()).put("dataDir", n.dataDir().toString()))
          .put("chain", new JsonObject().put("spec", specFile.toString()))
          .put("p2p", p2p)
          .put("http", new JsonObject().put("host", n.host()).put("port", n.httpPort()).put("rateLimit", 0)
              .put("expensiveRateLimit", 0).put("commitWaitMs", 5000))
          .put("miner", new JsonObject().put("enabled", "pow".equals(engine) && n.index() == 0));
      Files.writeString(n.conf(), conf.encodePrettily());
    }
  }

  List<Node> nodes() {
    return nodes;
  }

  int size() {
    return nodes.size();
  }

  /** Whether clients should use node i now: started, not killed and not paused. */
  synchronized boolean usable(int i) {
    return procs[i] != null && procs[i].isAlive() && !paused[i] && !down[i];
  }

  synchronized void start(int i) throws IOException {
    if (closed) {
      throw new IOException("the testnet is stopping");
    }
    Node n = nodes.get(i);
    // ip netns exec execs the program itself: the PID is the node's JVM's
    List<String> cmd = new ArrayList<>(net == null ? List.of() : net.exec(i + 1));
    cmd.addAll(List.of(javaBin, "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString(), "-conf",
        n.conf().toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("logs").resolve(n.name() + ".log").toFile()));
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().keySet().removeAll(NodeConfig.ENV_KEYS.keySet()); // the config file is the whole truth
    pb.environment().put("MALLOC_ARENA_MAX", "2");
    procs[i] = pb.start();
    allPids.add(procs[i].pid());
    paused[i] = false;
    down[i] = false;
  }

  long pid(int i) {
    return procs[i] == null ? -1 : procs[i].pid();
  }

  /** kill -9: the process ends at once, nothing flushed. */
  void kill9(int i) throws InterruptedException {
    Process p;
    synchronized (this) {
      down[i] = true;
      p = procs[i];
    }
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait: a clean stop. */
  void terminate(int i) throws InterruptedException {
    Process p;
    synchronized (this) {
      down[i] = true;
      p = procs[i];
    }
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  void pause(int i) throws IOException, InterruptedException {
    synchronized (this) {
      paused[i] = true;
    }
    signal("STOP", procs[i].pid());
  }

  void resume(int i) throws IOException, InterruptedException {
    signal("CONT", procs[i].pid());
    synchronized (this) {
      paused[i] = false;
    }
  }

  private static void signal(String sig, long pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
  }

  /** Waits until node i answers /health/ready; false when it exited or the time ran out. */
  boolean awaitReady(NodeHttp http, int i, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (procs[i] == null || !procs[i].isAlive()) {
        return false;
      }
      if (http.get(nodes.get(i).url(), "/health/ready", Duration.ofSeconds(2)).status() == 200) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Every PID this cluster started, in order (restarts included). */
  synchronized List<Long> pids() {
    return List.copyOf(allPids);
  }

  /** Stops every process started: SIGCONT to the paused ones, SIGTERM, then SIGKILL after 15 s. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (int i = 0; i < procs.length; i++) {
      Process p = procs[i];
      if (p != null && p.isAlive()) {
        try {
          signal("CONT", p.pid());
        } catch (IOException | InterruptedException e) {
          // destroyForcibly below still ends it
        }
        p.destroy();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (Process p : procs) {
      if (p == null) {
        continue;
      }
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  /** A port free on 127.0.0.1 that can also be bound on {@link #RELAY_HOST}. */
  static int freeRelayablePort() throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = freePort();
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(RELAY_HOST))) {
        return port;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("cannot bind " + RELAY_HOST + " for the latency relays: " + last.getMessage(), last);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The run's chain spec: {@code pow} (8 bits, one miner), {@code bft} (proof of authority, power 1 each) or
   * {@code pos} (proof of stake: each validator self-bonded with {@link #POS_GENESIS_STAKE}, an epoch every
   * {@link #POS_EPOCH_BLOCKS} blocks, so a run of minutes sees elections). The accounts are funded.
   */
  static JsonObject spec(String engine, List<WalletKey> accounts, JsonArray validators) {
    JsonObject alloc = new JsonObject();
    accounts.forEach(a -> alloc.put(a.account().toHex(), ALLOC));
    JsonObject consensus = switch (engine) {
      case "pow" -> new JsonObject().put("engine", "pow").put("difficultyBits", 8);
      case "pos" -> new JsonObject().put("engine", "bft").put("powerFrom", "stake").put("blockPeriodMs", 1000)
          .put("staking", new JsonObject().put("epochBlocks", POS_EPOCH_BLOCKS).put("unbondingBlocks", 2 * POS_EPOCH_BLOCKS));
      default -> new JsonObject().put("engine", "bft").put("powerFrom", "spec").put("blockPeriodMs", 1000);
    };
    JsonObject spec = new JsonObject().put("chainId", CHAIN_ID).put("consensus", consensus).put("alloc", alloc)
        .put("blockReward", 50);
    if (!"pow".equals(engine)) {
      spec.put("validators", validators);
    }
    return spec;
  }
}
