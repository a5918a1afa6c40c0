package dev.meshledger.p2p.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hazelcast.config.Config;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.SubmitBlock;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.Forget;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three clustered Vertx instances in one JVM, each on its own Hazelcast member (loopback, the
 * shipped conf/cluster.xml with a private cluster name and a free port range), each running
 * cluster discovery with a fake endpoint. The network layer is replaced by local consumers that
 * record what they are asked to dial and forget.
 */
@Tag("integration")
class ClusterDiscoveryTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterDiscoveryTest.class);
  private static final int NODES = 3;
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private final List<Vertx> nodes = new ArrayList<>();
  private final List<Set<String>> dialled = new ArrayList<>();
  private final List<Set<String>> forgotten = new ArrayList<>();

  @AfterEach
  void close() {
    for (Vertx v : nodes) {
      try {
        v.close().await(30, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // already closed by the test
      }
    }
  }

  @Test
  void membersDialEachOtherForgetALeaverAndKeepNodeAddressesLocal() throws Exception {
    String cluster = "meshledger-test-" + UUID.randomUUID();
    int base = freePortRange(NODES);
    long started = System.nanoTime();
    List<Future<Vertx>> joining = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      joining.add(Vertx.builder().withClusterManager(new HazelcastClusterManager(hazelcast(cluster, base)))
          .buildClustered());
    }
    Future.all(joining).await(120, TimeUnit.SECONDS);
    for (int i = 0; i < NODES; i++) {
      Vertx vertx = joining.get(i).result();
      nodes.add(vertx);
      Set<String> dials = ConcurrentHashMap.newKeySet();
      Set<String> forgets = ConcurrentHashMap.newKeySet();
      dialled.add(dials);
      forgotten.add(forgets);
      Bus.registerCodecs(vertx);
      vertx.eventBus().<Dial>localConsumer(Addresses.P2P_DIAL, m -> {
        assertEquals(ClusterDiscoveryVerticle.SOURCE, m.body().source());
        dials.add(m.body().address());
      }).completion().await();
      vertx.eventBus().<Forget>localConsumer(Addresses.P2P_FORGET, m -> forgets.add(m.body().address()))
          .completion().await();
    }
    long joined = System.nanoTime();
    List<Future<String>> deploying = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      deploying.add(nodes.get(i).deployVerticle(new ClusterDiscoveryVerticle("node" + i, endpoint(i))));
    }
    Future.all(deploying).await(60, TimeUnit.SECONDS);

    await("every node asked to dial the other two", () -> {
      for (int i = 0; i < NODES; i++) {
        if (!dialled.get(i).equals(othersThan(i))) {
          return false;
        }
      }
      return true;
    });
    long found = System.nanoTime();
    log.info("cluster of {}: joined in {} ms, all peers found {} ms after discovery started ({} ms in all)", NODES,
        (joined - started) / 1_000_000, (found - joined) / 1_000_000, (found - started) / 1_000_000);

    assertNodeInternalAddressesStayLocal(nodes.get(0), nodes.get(1));

    nodes.get(2).close().await(30, TimeUnit.SECONDS);
    long closed = System.nanoTime();
    await("the two left forget the third", () ->
        forgotten.get(0).contains(endpoint(2)) && forgotten.get(1).contains(endpoint(2)));
    log.info("a member that left was forgotten after {} ms", (System.nanoTime() - closed) / 1_000_000);
    assertEquals(Set.of(endpoint(2)), forgotten.get(0));
    assertEquals(othersThan(0), dialled.get(0), "nothing new dialled");
  }

  /** A localConsumer on A never gets what B sends with Bus.LOCAL (ARCHITECTURE.md, Known traps). */
  private void assertNodeInternalAddressesStayLocal(Vertx a, Vertx b) throws Exception {
    AtomicInteger onA = new AtomicInteger();
    AtomicInteger onB = new AtomicInteger();
    a.eventBus().localConsumer(Addresses.CHAIN_SUBMIT_BLOCK, m -> {
      onA.incrementAndGet();
      m.reply("A", Bus.LOCAL);
    }).completion().await();
    SubmitBlock nothing = new SubmitBlock(null, BlockSource.LOCAL, 0, false);
    // B has no handler: a local send fails rather than crossing to A
    try {
      b.eventBus().request(Addresses.CHAIN_SUBMIT_BLOCK, nothing, Bus.LOCAL).await(10, TimeUnit.SECONDS);
      fail("a local send on B reached a handler");
    } catch (Exception e) {
      assertTrue(e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS, e.toString());
    }
    b.eventBus().localConsumer(Addresses.CHAIN_SUBMIT_BLOCK, m -> {
      onB.incrementAndGet();
      m.reply("B", Bus.LOCAL);
    }).completion().await();
    for (int i = 0; i < 20; i++) {
      assertEquals("B", b.eventBus().request(Addresses.CHAIN_SUBMIT_BLOCK, nothing, Bus.LOCAL)
          .await(10, TimeUnit.SECONDS).body());
    }
    assertEquals(20, onB.get());
    assertEquals(0, onA.get());
  }

  private static String endpoint(int i) {
    return "10.0.0." + (i + 1) + ":7001";
  }

  private static Set<String> othersThan(int i) {
    Set<String> out = ConcurrentHashMap.newKeySet();
    for (int j = 0; j < NODES; j++) {
      if (j != i) {
        out.add(endpoint(j));
      }
    }
    return out;
  }

  /** The shipped loopback config, on a private cluster name and port range (other builds run too). */
  static Config hazelcast(String cluster, int base) {
    Config config = HazelcastConfigs.load(NodeConfig.defaults());
    config.setClusterName(cluster);
    config.getNetworkConfig().setPort(base).setPortCount(NODES).setPortAutoIncrement(true);
    List<String> members = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      members.add("127.0.0.1:" + (base + i));
    }
    config.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(members);
    return config;
  }

  static int freePortRange(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          held.add(new ServerSocket(base + i, 50, InetAddress.getLoopbackAddress()));
        }
        return base;
      } catch (IOException taken) {
        // try another range
      } finally {
        for (ServerSocket s : held) {
          s.close();
        }
      }
    }
    throw new IOException("no free range of " + count + " ports");
  }

  private static void await(String what, Await.Condition condition) {
    Await.until(DEADLINE, condition, () -> what);
  }
}
