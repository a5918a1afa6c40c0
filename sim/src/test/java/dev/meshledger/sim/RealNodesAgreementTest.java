package dev.meshledger.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.domain.Block;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulation against real nodes (the node's TestNetwork: one JVM, real TLS on loopback) on the
 * same topology: loopback latency is ~0, so the simulation runs with latency 0, no loss, full push.
 *
 * <p>What is compared is what does not depend on a loaded machine's timing: which hop each node got
 * the block at (from the real BlockAdded event's source, followed back to the maker), that every
 * node got it and stored it once. On a line that is exact. On a random mesh a real node can hear a
 * block first along a longer path when another node is slow to check and relay, so the tolerance
 * there is one hop per node and half a hop on the mean; the simulation (equal per-hop delays) gives
 * the shortest path.
 */
class RealNodesAgreementTest {
  private static int[] realHops(List<Node> nodes, Node maker, Block b) {
    int n = nodes.size();
    int[] hops = new int[n];
    for (int i = 0; i < n; i++) {
      int h = 0;
      Node at = nodes.get(i);
      while (at != maker && h <= n) {
        BlockAdded e = event(at, b);
        String from = ((BlockSource.Peer) e.source()).peerId();
        at = nodes.stream().filter(x -> x.id().equals(from)).findFirst().orElseThrow();
        h++;
      }
      hops[i] = h;
    }
    return hops;
  }

  private static BlockAdded event(Node n, Block b) {
    return n.added.stream().filter(e -> e.block().hash().equals(b.hash())).findFirst().orElseThrow();
  }

  private static PropagationSim sim(Topology topo, int origin) {
    Blocks blocks = Blocks.make(0, 32, 1);
    PropagationSim s = new PropagationSim(topo, blocks,
        new PropagationSim.Config(topo.n, 1, 1, 0, 1e9, 2_000, 1_000_000, 0), PropagationSim.Policy.PUSH);
    s.runBlock(origin);
    return s;
  }

  @Test
  void aTenNodeLineAgreesHopForHop(@TempDir Path dir) {
    JsonObject line = new JsonObject().put("p2p", new JsonObject().put("maxOutbound", 1).put("maxInbound", 1));
    try (TestNetwork net = new TestNetwork(dir)) {
      List<Node> nodes = new ArrayList<>();
      JsonObject head = line.copy();
      head.getJsonObject("p2p").put("maxOutbound", 0);
      nodes.add(net.start("line0", TestNetwork.options().config(head)));
      for (int i = 1; i < 10; i++) {
        nodes.add(net.start("line" + i, TestNetwork.options().config(line.copy()).seeds(nodes.get(i - 1).address())));
      }
      for (int i = 1; i < 10; i++) {
        Node n = nodes.get(i);
        Node prev = nodes.get(i - 1);
        TestNetwork.await(n.name + " peered with " + prev.name, () -> n.peerIds().contains(prev.id()));
      }
      Block b = nodes.get(0).mine("along the line");
      TestNetwork.await("every node stored the block", () -> nodes.stream().allMatch(n -> n.timesStored(b) > 0));

      PropagationSim s = sim(Topology.line(10, 0), 0);
      int[] real = realHops(nodes, nodes.get(0), b);
      assertArrayEquals(s.hops(), real, "hop of each node: simulated vs real");
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), java.util.Arrays.stream(real).boxed().toList());
      assertEquals(0, s.duplicates(), "no node of a line hears a block twice");
      assertEquals(9, s.messages(), "one BLOCK frame per link");
      for (Node n : nodes) {
        assertEquals(1, n.timesStored(b), n.name + " stored it once");
      }
    }
  }

  @Test
  void aTenNodeMeshAgreesWithinAHop(@TempDir Path dir) {
    Random random = new Random(20_240_501L);
    try (TestNetwork net = new TestNetwork(dir)) {
      List<Node> nodes = new ArrayList<>();
      List<List<Node>> seedsOf = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        List<Node> earlier = new ArrayList<>(nodes);
        Collections.shuffle(earlier, random);
        List<Node> seeds = earlier.subList(0, Math.min(earlier.size(), 2 + random.nextInt(2)));
        nodes.add(net.start("mesh" + i, TestNetwork.options().seeds(seeds.stream().map(Node::address).toArray(String[]::new))));
        seedsOf.add(List.copyOf(seeds));
      }
      for (int i = 0; i < 10; i++) {
        Node n = nodes.get(i);
        for (Node s : seedsOf.get(i)) {
          TestNetwork.await(n.name + " peered with its seed " + s.name, () -> n.peerIds().contains(s.id()));
        }
      }
      // the graph the real nodes ended up with (peer exchange may have added links): the simulation's topology
      List<int[]> links = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        List<String> peers = nodes.get(i).peerIds();
        for (int j = i + 1; j < 10; j++) {
          if (peers.contains(nodes.get(j).id())) {
            links.add(new int[] {i, j});
          }
        }
      }
      int maker = random.nextInt(10);
      Block b = nodes.get(maker).mine("to the mesh");
      TestNetwork.await("every node stored the block", () -> nodes.stream().allMatch(n -> n.timesStored(b) > 0));
      int[] real = realHops(nodes, nodes.get(maker), b);
      int[] simulated = sim(Topology.of(10, links, 0), maker).hops();
      double realMean = 0;
      double simMean = 0;
      for (int i = 0; i < 10; i++) {
        assertTrue(Math.abs(real[i] - simulated[i]) <= 1,
            "node " + i + ": real hop " + real[i] + ", simulated " + simulated[i] + " (links " + links.size() + ")");
        realMean += real[i] / 10.0;
        simMean += simulated[i] / 10.0;
        assertEquals(1, nodes.get(i).timesStored(b), nodes.get(i).name + " stored it once");
      }
      assertTrue(Math.abs(realMean - simMean) <= 0.5, "mean hops: real " + realMean + ", simulated " + simMean);
    }
  }
}
