package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Chains;
import dev.meshledger.testing.RawPeer;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start-up sync and fork resolution between real nodes over TLS on loopback. */
@Tag("integration")
class ChainSyncTest {
  private static final Logger log = LoggerFactory.getLogger(ChainSyncTest.class);
  /** Cheap blocks to build: 16 hashes to seal one. */
  private static final JsonObject FAST_CHAIN = new JsonObject().put("chain", new JsonObject().put("difficultyBits", 4));

  private static JsonObject conf(JsonObject more) {
    JsonObject c = FAST_CHAIN.copy();
    more.forEach(e -> c.put(e.getKey(), e.getValue()));
    return c;
  }

  private static Set<String> syncSources(Node n) {
    return n.added.stream().map(e -> e.source()).filter(s -> s instanceof BlockSource.Sync)
        .map(BlockSource::peerId).collect(Collectors.toSet());
  }

  @Test
  void aLateNodeSyncsTenThousandBlocksFromThreePeers(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir)) {
      List<Node> sources = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sources.add(net.start("source" + i, TestNetwork.options().config(FAST_CHAIN.copy())));
      }
      ChainParams params = sources.get(0).config().chainParams();
      List<Block> blocks = Chains.build(params, Genesis.of(params), 10_000, TestBlocks.KEY, "block");
      Block tip = blocks.get(blocks.size() - 1);
      for (Node s : sources) {
        Chains.submit(s, blocks);
        assertEquals(tip.hash(), s.head().hash());
      }

      long started = System.nanoTime();
      Node late = net.start("late", TestNetwork.options().config(FAST_CHAIN.copy())
          .seeds(sources.stream().map(Node::address).toArray(String[]::new)));
      TestNetwork.await("the late node reaches the tip", () -> late.head().hash().equals(tip.hash()));
      double seconds = (System.nanoTime() - started) / 1e9;
      log.info("sync: 10000 blocks from 3 peers in {} s ({} blocks/s, node start-up included)",
          String.format("%.2f", seconds), Math.round(10_000 / seconds));

      assertEquals(10_000, late.head().height());
      Set<String> served = syncSources(late);
      Set<String> allowed = sources.stream().map(Node::id).collect(Collectors.toSet());
      assertTrue(allowed.containsAll(served), served.toString());
      assertTrue(served.size() > 1, "blocks were fetched from more than one peer: " + served);
      AuditReport audit = Chains.validate(late);
      assertTrue(audit.valid(), audit.errors().toString());
      assertEquals(10_001, audit.checked(), "every block, genesis included, is stored on the best chain");
      assertEquals(tip.hash(), audit.tip());
    }
  }

  @Test
  void aPeerServingAnInvalidBlockIsBannedAndSyncFinishesFromTheOthers(@TempDir Path dir) {
    // Small batches: many ranges, so every peer is asked for some.
    JsonObject small = conf(new JsonObject().put("sync", new JsonObject().put("batchSize", 100)));
    try (TestNetwork net = new TestNetwork(dir); RawPeer liar = new RawPeer(TestBlocks.keyFrom(31))) {
      Node h1 = net.start("honest1", TestNetwork.options().config(FAST_CHAIN.copy()));
      Node h2 = net.start("honest2", TestNetwork.options().config(FAST_CHAIN.copy()));
      ChainParams params = h1.config().chainParams();
      List<Block> blocks = Chains.build(params, Genesis.of(params), 1_500, TestBlocks.KEY, "honest");
      Block tip = blocks.get(blocks.size() - 1);
      Chains.submit(h1, blocks);
      Chains.submit(h2, blocks);
      Work work = h1.head().totalWork();

      Node late = net.start("late", TestNetwork.options().config(small));
      List<PeerBanned> banned = new CopyOnWriteArrayList<>();
      late.vertx.eventBus().<PeerBanned>localConsumer(Addresses.P2P_PEER_BANNED, m -> banned.add(m.body()));

      // The liar has the honest chain but serves bodies that are not theirs: every range it serves
      // ends in a block whose data is not what its header's data hash commits to (the header, so the
      // hash, is the honest one: only the body is wrong).
      List<Message.GetHeaders> headerRequests = new CopyOnWriteArrayList<>();
      liar.onGetHeaders(r -> {
        headerRequests.add(r);
        return null; // answered below, once the honest peers are connected too
      });
      liar.onChainRequest(r -> {
        List<Block> served = new ArrayList<>(blocks.subList((int) r.fromHeight() - 1,
            (int) Math.min(blocks.size(), r.fromHeight() - 1 + r.maxCount())));
        Block last = served.get(served.size() - 1);
        served.set(served.size() - 1, TestBlocks.with(last, TestBlocks.Field.DATA, TestBlocks.utf8("\"forged\"")));
        return new ChainResponse(r.requestId(), served, blocks.size());
      });
      liar.connect(late, blocks.size(), work);
      TestNetwork.await("the late node asks the liar for headers", () -> !headerRequests.isEmpty());
      for (Node h : List.of(h1, h2)) {
        TestNetwork.get(late.vertx.eventBus().request(Addresses.P2P_DIAL, new Dial(h.address(), "api"), Bus.LOCAL), 10);
      }
      TestNetwork.await("the late node is connected to all three", () -> late.peerIds().containsAll(List.of(liar.id(), h1.id(), h2.id())));
      // Now the liar serves its headers honestly: the sync follows them and spreads the ranges of
      // bodies over all three peers.
      liar.send(RawPeer.headersFrom(blocks, headerRequests.get(0)));

      TestNetwork.await("the late node reaches the honest tip", () -> late.head().hash().equals(tip.hash()));
      TestNetwork.await("the liar is banned", () -> banned.stream().anyMatch(b -> b.nodeId().equals(liar.id())));
      TestNetwork.await("the liar is disconnected", () -> !late.peerIds().contains(liar.id()) && liar.isClosed());
      Message.Disconnect d = liar.disconnect();
      assertNotNull(d, "the node says why it hangs up");
      assertEquals(DisconnectReason.BANNED, d.reason());
      assertTrue(liar.count(ChainRequest.class) > 0, "the liar was asked for ranges of bodies");
      assertTrue(late.peerIds().containsAll(List.of(h1.id(), h2.id())), "the honest peers are kept");
      AuditReport audit = Chains.validate(late);
      assertTrue(audit.valid(), audit.errors().toString());
      assertEquals(1_500, audit.height());
    }
  }

  @Test
  void twoHalvesReconnectAndConvergeOnTheHeavierBranch(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir)) {
      Node a0 = net.start("a0");
      Node a1 = net.start("a1", TestNetwork.options().seeds(a0.address()));
      Node a2 = net.start("a2", TestNetwork.options().seeds(a1.address()));
      Node b0 = net.start("b0");
      Node b1 = net.start("b1", TestNetwork.options().seeds(b0.address()));
      Node b2 = net.start("b2", TestNetwork.options().seeds(b1.address()));
      List<Node> lighter = List.of(a0, a1, a2);
      List<Node> heavier = List.of(b0, b1, b2);
      List<Node> all = List.of(a0, a1, a2, b0, b1, b2);
      TestNetwork.await("each half is connected", () -> a1.peerIds().contains(a0.id()) && a2.peerIds().contains(a1.id())
          && b1.peerIds().contains(b0.id()) && b2.peerIds().contains(b1.id()));

      Block aTip = null;
      for (int i = 0; i < 3; i++) {
        aTip = a0.mine("a" + i);
      }
      Block bTip = null;
      for (int i = 0; i < 5; i++) {
        bTip = b1.mine("b" + i);
      }
      Block a = aTip;
      Block b = bTip;
      TestNetwork.await("half a agrees on its tip", () -> lighter.stream().allMatch(n -> n.head().hash().equals(a.hash())));
      TestNetwork.await("half b agrees on its tip", () -> heavier.stream().allMatch(n -> n.head().hash().equals(b.hash())));
      all.forEach(n -> assertTrue(n.reorgs.isEmpty(), n.name + " has not reorganised yet"));

      TestNetwork.get(a2.vertx.eventBus().request(Addresses.P2P_DIAL, new Dial(b2.address(), "api"), Bus.LOCAL), 10);
      TestNetwork.await("all six converge on the heavier branch", () -> all.stream().allMatch(n -> n.head().hash().equals(b.hash())));
      // The reorg event follows the durable write, a moment after the head shows the new tip.
      TestNetwork.await("every node of the lighter half reports a reorg", () -> lighter.stream().noneMatch(n -> n.reorgs.isEmpty()));

      for (Node n : lighter) {
        assertEquals(5, n.head().height(), n.name);
        Block kept = TestNetwork.get(n.vertx.eventBus().<Block>request(Addresses.CHAIN_BLOCK, new BlockLookup(a.hash(), -1),
            Bus.LOCAL), 10).body();
        assertEquals(a, kept, n.name + " keeps its old branch as a side branch");
        assertTrue(Chains.validate(n).valid(), n.name);
      }
      for (Node n : heavier) {
        assertTrue(n.reorgs.isEmpty(), n.name + " never leaves the heavier chain: " + n.reorgs);
      }
    }
  }
}
