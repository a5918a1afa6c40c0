package dev.meshledger.p2p.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.meshledger.config.ConfigException;
import dev.meshledger.config.NodeConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HazelcastConfigsTest {
  @TempDir
  Path dir;

  private static NodeConfig node(String clusterConfig, String chainId) {
    return NodeConfig.from(new JsonObject().put("chain", new JsonObject().put("id", chainId))
        .put("cluster", new JsonObject().put("config", clusterConfig)), new JsonObject());
  }

  @Test
  void shippedLoopbackConfigJoinsByTcpIpOnlyWithoutPhoningHome() {
    assertEquals(Path.of(NodeConfig.DEFAULT_CLUSTER_CONFIG), NodeConfig.defaults().clusterConfig());
    Config c = HazelcastConfigs.load(node("conf/cluster.xml", "my-chain"));
    JoinConfig join = c.getNetworkConfig().getJoin();
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.isAutoDetectionEnabled());
    assertEquals("false", c.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("1", c.getProperty("hazelcast.wait.seconds.before.join"));
    assertEquals("my-chain", c.getClusterName(), "named after chain.id");
  }

  @Test
  void environmentChoosesTheFile() {
    NodeConfig fromEnv = NodeConfig.from(new JsonObject(), new JsonObject().put("CLUSTER_CONFIG", "conf/cluster-k8s.xml"));
    assertEquals(Path.of("conf/cluster-k8s.xml"), fromEnv.clusterConfig());
    assertTrue(HazelcastConfigs.load(fromEnv).getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
  }

  @Test
  void aMissingOrBrokenFileIsAConfigErrorNamingTheKey() throws Exception {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> HazelcastConfigs.load(node(dir.resolve("nope.xml").toString(), "c")));
    assertEquals("cluster.config", missing.key());
    Path broken = Files.writeString(dir.resolve("broken.xml"), "<hazelcast><network><port>x</port></network>");
    ConfigException bad = assertThrows(ConfigException.class, () -> HazelcastConfigs.load(node(broken.toString(), "c")));
    assertEquals("cluster.config", bad.key());
    assertFalse(bad.getMessage().contains("\n"), "one line: " + bad.getMessage());
    assertThrows(ConfigException.class, () -> node(" ", "c"));
  }
}
