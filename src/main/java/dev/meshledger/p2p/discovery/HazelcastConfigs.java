package dev.meshledger.p2p.discovery;

import com.hazelcast.config.Config;
import dev.meshledger.config.ConfigException;
import dev.meshledger.config.NodeConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reads the Hazelcast config named by {@code cluster.config} for {@code -cluster}. The file may
 * use {@code ${VAR}} for any environment variable or system property (the Kubernetes variant
 * reads {@code ${POD_NAMESPACE}}).
 */
public final class HazelcastConfigs {
  /** Hazelcast's name for a config that does not set one; such a cluster is named after chain.id. */
  private static final String UNNAMED = Config.DEFAULT_CLUSTER_NAME;

  private HazelcastConfigs() {}

  /** @throws ConfigException naming {@code cluster.config} when the file is missing or invalid */
  public static Config load(NodeConfig node) {
    Path file = node.clusterConfig();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ConfigException("cluster.config", file + " does not exist or is not readable");
    }
    Properties vars = new Properties();
    vars.putAll(System.getenv());
    vars.putAll(System.getProperties());
    Config config;
    try {
      config = Config.loadFromFile(new File(file.toString()), vars);
    } catch (Exception e) {
      throw new ConfigException("cluster.config", file + " is not a valid Hazelcast config: " + firstLine(e));
    }
    if (UNNAMED.equals(config.getClusterName())) {
      // nodes of another chain must never join this cluster (and dial us)
      config.setClusterName(node.chainId());
    }
    return config;
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String msg = t.getMessage() == null ? t.toString() : t.getMessage();
    return msg.strip().lines().findFirst().orElse(msg).replaceAll("\\s+", " ");
  }
}
