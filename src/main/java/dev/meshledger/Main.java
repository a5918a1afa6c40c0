package dev.meshledger;

import ch.qos.logback.classic.LoggerContext;
import com.hazelcast.config.Config;
import dev.meshledger.config.ConfigException;
import dev.meshledger.config.ConfigFile;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.config.PortInUseException;
import dev.meshledger.metrics.MetricsSetup;
import dev.meshledger.p2p.discovery.HazelcastConfigs;
import dev.meshledger.testnet.TestnetCommand;
import dev.meshledger.wallet.WalletCommand;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar node-fat.jar -conf FILE [-cluster]}: reads the config (the file, then the
 * environment), starts one node, and stops it cleanly on SIGTERM/SIGINT. A bad config or a
 * failed start prints one line naming the cause and exits non-zero. {@code java -jar
 * node-fat.jar wallet ...} runs the offline wallet commands instead, and {@code node-key --data-dir
 * DIR} prints (creating it if needed) a node's id, both without starting Vert.x; {@code testnet ...}
 * runs a perturbed testnet of node processes (docs/testnet.md).
 */
public final class Main {
  static final int EXIT_USAGE = 64;
  static final int EXIT_CONFIG = 78;
  static final int EXIT_START = 1;

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && "wallet".equals(args[0])) {
      System.exit(WalletCommand.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && "testnet".equals(args[0])) {
      System.exit(TestnetCommand.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && "node-key".equals(args[0])) {
      System.exit(NodeKeyCommand.run(Arrays.copyOfRange(args, 1, args.length),
          new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true)));
    }
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    String confFile = null;
    boolean cluster = false;
    String clusterHost = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-conf", "--conf" -> {
          if (i + 1 >= args.length) {
            die(EXIT_USAGE, "-conf needs a file: java -jar node-fat.jar -conf conf/node1.json");
          }
          confFile = args[++i];
        }
        case "-cluster", "--cluster" -> cluster = true;
        case "-cluster-host", "--cluster-host" -> {
          if (i + 1 >= args.length) {
            die(EXIT_USAGE, "-cluster-host needs an address, e.g. -cluster-host 127.0.0.1");
          }
          clusterHost = args[++i];
        }
        case "-h", "-help", "--help" -> {
          System.out.println("usage: java -jar node-fat.jar -conf FILE [-cluster [-cluster-host HOST]]");
          return;
        }
        default -> {
          if (args[i].startsWith("--conf=")) {
            confFile = args[i].substring("--conf=".length());
          } else {
            die(EXIT_USAGE, "unknown argument '" + args[i] + "' (usage: java -jar node-fat.jar -conf FILE [-cluster [-cluster-host HOST]])");
          }
        }
      }
    }
    if (confFile != null && !Files.isReadable(Path.of(confFile))) {
      die(EXIT_CONFIG, "config file " + confFile + " does not exist or is not readable");
    }
    Vertx plain = Vertx.vertx();
    NodeConfig config;
    try {
      config = loadConfig(plain, confFile).await(30, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      plain.close();
      die(EXIT_CONFIG, "config error: " + e.getMessage());
      return;
    } catch (Exception e) {
      plain.close();
      die(EXIT_CONFIG, "config error: " + (confFile == null ? "" : confFile + ": ") + rootMessage(e));
      return;
    }
    ((LoggerContext) LoggerFactory.getILoggerFactory()).putProperty("node", config.name());
    Logger log = LoggerFactory.getLogger(Main.class);
    closeQuietly(plain);
    // The node's own Vertx: Vert.x's series and the node's meshledger_* ones in one registry, served at /metrics.
    VertxOptions options = new VertxOptions();
    if (clusterHost != null) {
      options.getEventBusOptions().setHost(clusterHost);
    }
    Vertx vertx = cluster ? joinCluster(config, options, log) : MetricsSetup.newVertx(options, true);
    NodeVerticle node = new NodeVerticle(config, null, cluster);
    try {
      vertx.deployVerticle(node).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof ConfigException)) {
        cause = cause.getCause();
      }
      log.debug("start failed", e);
      closeQuietly(vertx);
      die(cause instanceof ConfigException ? EXIT_CONFIG : EXIT_START,
          (cause instanceof ConfigException ? "config error: " : "could not start: ") + rootMessage(e));
      return;
    }
    Vertx running = vertx;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      // Undeploy first, while the file system still works (the peer book is saved on stop), then close.
      try {
        running.undeploy(node.deploymentID()).await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("stopping the node: {}", rootMessage(e));
      }
      closeQuietly(running);
      // Logging is asynchronous: flush what is queued before the JVM goes.
      ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }, "shutdown"));
  }

  /** A clustered Vertx on the Hazelcast config of {@code cluster.config}; exits when it cannot join. */
  private static Vertx joinCluster(NodeConfig config, VertxOptions options, Logger log) {
    Config hazelcast;
    try {
      hazelcast = HazelcastConfigs.load(config);
    } catch (ConfigException e) {
      die(EXIT_CONFIG, "config error: " + e.getMessage());
      return null;
    }
    long started = System.nanoTime();
    log.info("joining Hazelcast cluster '{}' ({})", hazelcast.getClusterName(), config.clusterConfig());
    try {
      PrometheusMeterRegistry registry = MetricsSetup.newRegistry();
      Vertx vertx = MetricsSetup.builder(options, registry, true)
          .withClusterManager(new HazelcastClusterManager(hazelcast))
          .buildClustered()
          .await(120, TimeUnit.SECONDS);
      MetricsSetup.bind(vertx, registry);
      log.info("joined the cluster in {} ms", (System.nanoTime() - started) / 1_000_000);
      return vertx;
    } catch (Exception e) {
      log.debug("cluster join failed", e);
      die(EXIT_START, "could not join the cluster (" + config.clusterConfig() + "): " + rootMessage(e));
      return null;
    }
  }

  /**
   * The file's JSON (read here, so broken JSON is reported with its line and column) and the
   * node's environment variables (through vertx-config).
   */
  static Future<NodeConfig> loadConfig(Vertx vertx, String confFile) {
    JsonObject file;
    try {
      file = confFile == null ? new JsonObject() : ConfigFile.read(Path.of(confFile));
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    ConfigRetriever envOnly = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("env")
            .setConfig(new JsonObject().put("keys", new JsonArray(NodeConfig.ENV_KEYS.keySet().stream().toList())))));
    return envOnly.getConfig().map(env -> NodeConfig.from(file, env))
        .eventually(() -> {
          envOnly.close();
          return Future.succeededFuture();
        });
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      if (t instanceof ConfigException || t instanceof PortInUseException) {
        break;
      }
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private static void closeQuietly(Vertx vertx) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.close().onComplete(ar -> done.complete(null));
    try {
      done.get(20, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
  }

  private static void die(int code, String line) {
    System.err.println("meshledger: " + line);
    System.exit(code);
  }
}
