package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.testing.RawPeer;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.wire.Message;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Block propagation over real TLS on loopback: a line, a random mesh, and an orphan. */
@Tag("integration")
class PropagationTest {
  private static final Logger log = LoggerFactory.getLogger(PropagationTest.class);

  private static BlockAdded event(Node n, Block b) {
    return n.added.stream().filter(e -> e.block().hash().equals(b.hash())).findFirst().orElseThrow();
  }

  @Test
  void aBlockMadeAtOneEndOfATenNodeLineReachesTheOtherEnd(@TempDir Path dir) {
    // One outbound and one inbound slot each: node i talks to i-1 and i+1 only, whatever peer exchange says.
    JsonObject line = new JsonObject().put("p2p", new JsonObject().put("maxOutbound", 1).put("maxInbound", 1));
    try (TestNetwork net = new TestNetwork(dir)) {
      List<Node> nodes = new ArrayList<>();
      // line0 dials nobody: otherwise peer exchange could lead it to a node further down the line.
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
      Node first = nodes.get(0);
      Node last = nodes.get(9);
      assertEquals(List.of(nodes.get(8).id()), last.peerIds(), "the far end's only peer is its neighbour");

      Block b = first.mine("along the line");
      // Stored means the block-added event: the head may show a block a moment before its write.
      TestNetwork.await("every node of the line stored the block", () -> nodes.stream().allMatch(n -> n.timesStored(b) > 0));

      long endToEnd = event(last, b).addedMillis() - event(first, b).addedMillis();
      log.info("propagation across a 10-node line (9 hops): {} ms from stored on line0 to stored on line9", endToEnd);
      for (int i = 0; i < 10; i++) {
        Node n = nodes.get(i);
        assertEquals(b.hash(), n.head().hash(), n.name);
        assertEquals(1, n.timesStored(b), n.name + " stored it once");
        Set<String> neighbours = new HashSet<>();
        if (i > 0) {
          neighbours.add(nodes.get(i - 1).id());
        }
        if (i < 9) {
          neighbours.add(nodes.get(i + 1).id());
        }
        assertEquals(neighbours, Set.copyOf(n.peerIds()), n.name + " is still a link of the line, no shortcut");
      }
      assertEquals(new BlockSource.Peer(first.id()), event(nodes.get(1), b).source(), "line1 heard it from line0");
      assertEquals(new BlockSource.Peer(nodes.get(8).id()), event(last, b).source(), "line9 heard it from line8");
    }
  }

  @Test
  void tenNodesInARandomMeshEachStoreABlockExactlyOnce(@TempDir Path dir) {
    Random random = new Random(20_240_501L);
    try (TestNetwork net = new TestNetwork(dir)) {
      List<Node> nodes = new ArrayList<>();
      List<List<Node>> seedsOf = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        List<Node> earlier = new ArrayList<>(nodes);
        java.util.Collections.shuffle(earlier, random);
        List<Node> seeds = earlier.subList(0, Math.min(earlier.size(), 2 + random.nextInt(2)));
        Node n = net.start("mesh" + i, TestNetwork.options().seeds(seeds.stream().map(Node::address).toArray(String[]::new)));
        nodes.add(n);
        seedsOf.add(List.copyOf(seeds));
      }
      for (int i = 0; i < 10; i++) {
        Node n = nodes.get(i);
        for (Node s : seedsOf.get(i)) {
          TestNetwork.await(n.name + " peered with its seed " + s.name, () -> n.peerIds().contains(s.id()));
        }
      }
      Node maker = nodes.get(random.nextInt(10));
      Block b = maker.mine("to the mesh");
      TestNetwork.await("every node stored the block", () -> nodes.stream().allMatch(n -> n.timesStored(b) > 0));
      // Duplicates may still be on the wire: a second block, made elsewhere, goes the same ways after them.
      Node maker2 = nodes.get((nodes.indexOf(maker) + 5) % 10);
      Block b2 = maker2.mine("second");
      TestNetwork.await("every node stored the second block", () -> nodes.stream().allMatch(n -> n.timesStored(b2) > 0));
      for (Node n : nodes) {
        assertEquals(b2.hash(), n.head().hash(), n.name);
        assertEquals(1, n.timesStored(b), n.name + " stored the first block exactly once");
        assertEquals(1, n.timesStored(b2), n.name + " stored the second block exactly once");
      }
      log.info("mesh: {} peer links in all", nodes.stream().mapToInt(Node::peerCount).sum() / 2);
    }
  }

  @Test
  void aBlockTooLargeToPushIsAnnouncedAndFetchedHopByHop(@TempDir Path dir) {
    // A strict line, as above: b can only hear of the block from a.
    JsonObject link = new JsonObject().put("p2p", new JsonObject().put("maxOutbound", 1).put("maxInbound", 1));
    JsonObject end = new JsonObject().put("p2p", new JsonObject().put("maxOutbound", 0).put("maxInbound", 1));
    try (TestNetwork net = new TestNetwork(dir)) {
      Node maker = net.start("maker", TestNetwork.options().config(end));
      Node a = net.start("a", TestNetwork.options().config(link.copy()).seeds(maker.address()));
      Node b = net.start("b", TestNetwork.options().config(link.copy()).seeds(a.address()));
      TestNetwork.await("a line maker - a - b", () -> a.peerIds().contains(maker.id()) && b.peerIds().contains(a.id()));
      // Past the push limit a block is announced; each hop fetches it and announces it on.
      Block large = maker.mine("x".repeat(Gossip.PUSH_MAX_BYTES + 1));
      TestNetwork.await("a, next to the maker, stored the large block", () -> a.timesStored(large) > 0);
      TestNetwork.await("b, two hops away, stored the large block", () -> b.timesStored(large) > 0);
      assertEquals(List.of(a.id()), b.peerIds(), "b heard of it from a only");
      for (Node n : List.of(a, b)) {
        assertEquals(large.hash(), n.head().hash(), n.name);
        assertEquals(1, n.timesStored(large), n.name);
      }
    }
  }

  @Test
  void anOrphanIsConnectedWhenItsParentArrives(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(21))) {
      Node node = net.start("orphans");
      var params = node.config().chainParams();
      BlockFactory factory = new BlockFactory(TestBlocks.keyFrom(22), params);
      long now = System.currentTimeMillis();
      Block b1 = factory.make(Genesis.of(params), now, "\"parent\"".getBytes(StandardCharsets.UTF_8));
      Block b2 = factory.make(b1, now + 1, "\"child\"".getBytes(StandardCharsets.UTF_8));
      // A peer with no more work than genesis: the node has no reason to sync from it.
      peer.onChainRequest(r -> new Message.ChainResponse(r.requestId(), List.of(), 0));
      peer.onGetHeaders(r -> new Message.Headers(r.requestId(), List.of(), 0));
      peer.connect(node, 0, node.head().totalWork());
      TestNetwork.await("the node admitted the raw peer", () -> node.peerIds().contains(peer.id()));

      peer.send(new Message.BlockMessage(b2));
      // The node keeps the orphan and asks the sender for its ancestors.
      TestNetwork.await("the node asked for the orphan's ancestors", () -> peer.count(Message.GetHeaders.class) > 0);
      assertEquals(0, node.timesStored(b2), "not stored while its parent is unknown");
      assertEquals(0, node.head().height());

      peer.send(new Message.BlockMessage(b1));
      TestNetwork.await("the child is stored once its parent is", () -> node.timesStored(b2) > 0);
      assertEquals(b2.hash(), node.head().hash());
      assertEquals(1, node.timesStored(b1));
      assertEquals(1, node.timesStored(b2));
      assertEquals(new BlockSource.Peer(peer.id()), event(node, b2).source(), "the orphan itself came from the peer, not from a sync");
      assertTrue(node.peerIds().contains(peer.id()), "sending an orphan is no offence");
    }
  }
}
