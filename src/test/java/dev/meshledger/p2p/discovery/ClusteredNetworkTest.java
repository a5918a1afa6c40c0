package dev.meshledger.p2p.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.NodeVerticle;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Head;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.testing.TestNetwork;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes started clustered, with no seeds: the Hazelcast cluster tells each where the
 * others listen, they peer over the P2P protocol, a block travels between them, and a member
 * that stops is dropped from the others' peer lists.
 */
@Tag("integration")
class ClusteredNetworkTest {
  private static final int NODES = 3;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final List<Vertx> vertxes = new ArrayList<>();

  @AfterEach
  void close() {
    for (Vertx v : vertxes) {
      try {
        TestNetwork.get(v.close(), 30);
      } catch (RuntimeException | AssertionError alreadyClosed) {
        // closed by the test
      }
    }
  }

  @Test
  void clusteredNodesWithoutSeedsPeerPropagateAndForgetALeaver(@TempDir Path dir) throws Exception {
    String cluster = "meshledger-test-" + UUID.randomUUID();
    int hazelcastBase = ClusterDiscoveryTest.freePortRange(NODES);
    int p2pBase = ClusterDiscoveryTest.freePortRange(NODES);
    List<Future<Vertx>> joining = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      joining.add(Vertx.builder()
          .withClusterManager(new HazelcastClusterManager(ClusterDiscoveryTest.hazelcast(cluster, hazelcastBase)))
          .buildClustered());
    }
    TestNetwork.get(Future.all(joining), 120);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      Vertx v = joining.get(i).result();
      vertxes.add(v);
      JsonObject conf = new JsonObject()
          .put("node", new JsonObject().put("name", "c" + i).put("dataDir", dir.resolve("c" + i).toString()))
          .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", p2pBase + i).put("maxInboundPerIp", 64))
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0));
      MemoryBlockStore store = new MemoryBlockStore();
      NodeVerticle node = new NodeVerticle(NodeConfig.from(conf, new JsonObject()), () -> store, true);
      TestNetwork.get(v.deployVerticle(node), 60);
      ids.add(node.nodeId());
    }

    TestNetwork.await("every clustered node peers with the other two", WAIT,
        () -> vertxes.stream().allMatch(v -> peers(v).size() == NODES - 1));

    byte[] data = "\"over p2p, found through the cluster\"".getBytes(StandardCharsets.UTF_8);
    Block block = TestNetwork.get(vertxes.get(0).eventBus().<Block>request(Addresses.MINER_MINE, new MineRequest(data),
        Bus.LOCAL), 30).body();
    TestNetwork.await("the block reaches every member", WAIT,
        () -> vertxes.stream().allMatch(v -> head(v).hash().equals(block.hash())));

    TestNetwork.get(vertxes.get(2).close(), 30);
    TestNetwork.await("the leaver is dropped from the others' peer lists", WAIT,
        () -> !peers(vertxes.get(0)).contains(ids.get(2)) && !peers(vertxes.get(1)).contains(ids.get(2)));
    assertEquals(List.of(ids.get(1)), peers(vertxes.get(0)));
  }

  private static List<String> peers(Vertx v) {
    return TestNetwork.get(v.eventBus().<PeerList>request(Addresses.P2P_PEERS, null, Bus.LOCAL), 10).body().peers()
        .stream().map(p -> p.nodeId()).toList();
  }

  private static Head head(Vertx v) {
    return TestNetwork.get(v.eventBus().<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL), 10).body();
  }
}
