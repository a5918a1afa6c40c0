package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.RawPeer;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.BlockTxn;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message.CompactBlock;
import dev.meshledger.wire.Message.GetBlockTxn;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's test: compact relay reconstructs a block from the mempool and fetches only the
 * missing transfers. A maker node mines a block of six transfers; a peer under the test's hand
 * (a {@link RawPeer}) sends it compact to a receiver node whose mempool lacks two of them, and
 * answers what the receiver asks. The two nodes are not connected, so nothing else brings the block.
 */
@Tag("integration")
class CompactRelayNetworkTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final WalletKey ALICE = WalletKey.generate();
  private static final int COUNT = 6;

  private record Setup(Node maker, Node receiver, Block block) {}

  /** A block of COUNT transfers mined on the maker; the receiver's mempool holds those at {@code held}. */
  private static Setup setUp(TestNetwork net, Path dir, List<Integer> held) throws Exception {
    return setUp(net, dir, held, new JsonObject());
  }

  private static Setup setUp(TestNetwork net, Path dir, List<Integer> held, JsonObject receiverConf) throws Exception {
    Path spec = Files.writeString(dir.resolve("spec.json"), new JsonObject().put("chainId", "compact-relay")
        .put("consensus", new JsonObject().put("engine", "pow"))
        .put("alloc", new JsonObject().put(ALICE.account().toHex(), 1_000_000)).put("blockReward", 0).encode());
    JsonObject conf = new JsonObject().put("chain", new JsonObject().put("spec", spec.toString()));
    Node maker = net.start("maker", TestNetwork.options().config(conf.copy()));
    Node receiver = net.start("receiver", TestNetwork.options().config(conf.copy().mergeIn(receiverConf)));
    AccountId bob = WalletKey.generate().account();
    List<Transfer> ts = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      Transfer t = ALICE.transfer(maker.config().chainId(), bob, 10 + i, 1, i);
      assertTrue(TestNetwork.get(new LedgerClient(maker.vertx).submit(t, null, false), 30).isAccepted());
      ts.add(t);
    }
    Block block = maker.mine("six transfers");
    assertEquals(ts, block.transactions(), "the block holds the six, in nonce order");
    for (int i : held) {
      var v = TestNetwork.get(new LedgerClient(receiver.vertx).submit(ts.get(i), null, false), 30);
      assertTrue(v.isAccepted(), String.valueOf(v));
    }
    return new Setup(maker, receiver, block);
  }

  private static double compactOutcome(Node n, String outcome) {
    var c = NodeMetrics.of(n.vertx).registry().find("meshledger.compact.blocks").tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void compactRelayReconstructsABlockFromTheMempoolAndFetchesOnlyTheMissingTransfers(@TempDir Path dir)
      throws Exception {
    try (TestNetwork net = new TestNetwork(dir); RawPeer relay = new RawPeer(TestBlocks.keyFrom(43))) {
      Setup s = setUp(net, dir, List.of(0, 2, 3, 5));
      Node receiver = s.receiver();
      relay.connect(receiver, 0, receiver.head().totalWork());
      TestNetwork.await("the receiver took the relay as a peer", () -> receiver.peerIds().contains(relay.id()));

      relay.send(CompactRelay.compact(s.block(), 0x5eed));
      Await.until(WAIT, () -> relay.count(GetBlockTxn.class) > 0, () -> "the receiver asked for what it lacks");
      assertEquals(new GetBlockTxn(s.block().hash(), List.of(1, 4)),
          relay.received.stream().filter(GetBlockTxn.class::isInstance).findFirst().orElseThrow(),
          "exactly the two transfers its mempool lacks");
      relay.send(new BlockTxn(s.block().hash(), List.of(s.block().transactions().get(1), s.block().transactions().get(4))));

      TestNetwork.await("the receiver stored the block", () -> receiver.head().hash().equals(s.block().hash()));
      assertEquals(1, relay.count(GetBlockTxn.class), "one round trip");
      assertEquals(0, relay.count(Message.ChainRequest.class), "no whole block fetched");
      assertEquals(1.0, compactOutcome(receiver, "fetched"));
      assertEquals(0.0, compactOutcome(receiver, "fallback"));
    }
  }

  @Test
  void aBlockWhoseTransfersAreAllHeldIsRebuiltWithoutARoundTrip(@TempDir Path dir) throws Exception {
    try (TestNetwork net = new TestNetwork(dir); RawPeer relay = new RawPeer(TestBlocks.keyFrom(44))) {
      Setup s = setUp(net, dir, List.of(0, 1, 2, 3, 4, 5));
      relay.connect(s.receiver(), 0, s.receiver().head().totalWork());
      TestNetwork.await("peered", () -> s.receiver().peerIds().contains(relay.id()));
      relay.send(CompactRelay.compact(s.block(), 1));
      TestNetwork.await("the receiver stored the block", () -> s.receiver().head().hash().equals(s.block().hash()));
      assertEquals(0, relay.count(GetBlockTxn.class));
      assertEquals(1.0, compactOutcome(s.receiver(), "rebuilt"));
    }
  }

  @Test
  void aShortIdCollisionFallsBackToTheWholeBlock(@TempDir Path dir) throws Exception {
    try (TestNetwork net = new TestNetwork(dir); RawPeer relay = new RawPeer(TestBlocks.keyFrom(45))) {
      Setup s = setUp(net, dir, List.of());
      Node receiver = s.receiver();
      relay.onChainRequest(r -> new ChainResponse(r.requestId(), List.of(s.block()), 1));
      relay.onGetHeaders(r -> new Message.Headers(r.requestId(), List.of(dev.meshledger.domain.Header.of(s.block())), 1));
      relay.connect(receiver, 0, receiver.head().totalWork());
      TestNetwork.await("peered", () -> receiver.peerIds().contains(relay.id()));
      CompactBlock c = CompactRelay.compact(s.block(), 2);
      long[] ids = c.shortIds().clone();
      ids[1] = ids[0];
      relay.send(new CompactBlock(c.header(), c.data(), c.commit(), c.nonce(), ids));

      TestNetwork.await("the receiver stored the block", () -> receiver.head().hash().equals(s.block().hash()));
      assertTrue(relay.count(Message.ChainRequest.class) > 0, "fetched whole, by sync");
      assertEquals(0, relay.count(GetBlockTxn.class), "nothing guessed at");
      assertEquals(1.0, compactOutcome(receiver, "fallback"));
    }
  }

  @Test
  void anUnansweredGetBlockTxnFallsBackToTheWholeBlock(@TempDir Path dir) throws Exception {
    try (TestNetwork net = new TestNetwork(dir); RawPeer relay = new RawPeer(TestBlocks.keyFrom(47))) {
      Setup s = setUp(net, dir, List.of(0, 1, 2), new JsonObject().put("gossip",
          new JsonObject().put("blockTxnTimeoutMs", 200)));
      Node receiver = s.receiver();
      relay.onChainRequest(r -> new ChainResponse(r.requestId(), List.of(s.block()), 1));
      relay.onGetHeaders(r -> new Message.Headers(r.requestId(), List.of(dev.meshledger.domain.Header.of(s.block())), 1));
      relay.connect(receiver, 0, receiver.head().totalWork());
      TestNetwork.await("peered", () -> receiver.peerIds().contains(relay.id()));
      relay.send(CompactRelay.compact(s.block(), 4));
      TestNetwork.await("the receiver stored the block", () -> receiver.head().hash().equals(s.block().hash()));
      assertEquals(1, relay.count(GetBlockTxn.class), "asked once, never answered");
      assertTrue(relay.count(Message.ChainRequest.class) > 0, "then fetched whole, by sync");
      assertEquals(1.0, compactOutcome(receiver, "fallback"));
    }
  }

  @Test
  void anEmptyMempoolAsksForEveryTransfer(@TempDir Path dir) throws Exception {
    try (TestNetwork net = new TestNetwork(dir); RawPeer relay = new RawPeer(TestBlocks.keyFrom(46))) {
      Setup s = setUp(net, dir, List.of());
      relay.connect(s.receiver(), 0, s.receiver().head().totalWork());
      TestNetwork.await("peered", () -> s.receiver().peerIds().contains(relay.id()));
      relay.send(CompactRelay.compact(s.block(), 3));
      Await.until(WAIT, () -> relay.count(GetBlockTxn.class) > 0, () -> "asked");
      assertEquals(new GetBlockTxn(s.block().hash(), List.of(0, 1, 2, 3, 4, 5)),
          relay.received.stream().filter(GetBlockTxn.class::isInstance).findFirst().orElseThrow());
      relay.send(new BlockTxn(s.block().hash(), s.block().transactions()));
      TestNetwork.await("the receiver stored the block", () -> s.receiver().head().hash().equals(s.block().hash()));
    }
  }

  @Test
  void twoNodesRelayABlockOfGossipedTransfersCompact(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("spec.json"), new JsonObject().put("chainId", "compact-pair")
        .put("consensus", new JsonObject().put("engine", "pow"))
        .put("alloc", new JsonObject().put(ALICE.account().toHex(), 1_000_000)).put("blockReward", 0).encode());
    JsonObject conf = new JsonObject().put("chain", new JsonObject().put("spec", spec.toString()));
    try (TestNetwork net = new TestNetwork(dir)) {
      Node maker = net.start("maker", TestNetwork.options().config(conf.copy()));
      Node receiver = net.start("receiver", TestNetwork.options().config(conf.copy()).seeds(maker.address()));
      TestNetwork.await("peered", () -> receiver.peerIds().contains(maker.id()));
      AccountId bob = WalletKey.generate().account();
      List<Transfer> ts = new ArrayList<>();
      for (int i = 0; i < COUNT; i++) {
        ts.add(ALICE.transfer(maker.config().chainId(), bob, 10 + i, 1, i));
        assertTrue(TestNetwork.get(new LedgerClient(maker.vertx).submit(ts.get(i), null, false), 30).isAccepted());
      }
      Await.until(WAIT, () -> ts.stream().allMatch(t -> new LedgerClient(receiver.vertx).transfer(t.id())
          .map(x -> true).otherwise(false).await()), () -> "the transfers reached the receiver's mempool");
      Block block = maker.mine("gossiped transfers");
      assertEquals(COUNT, block.txCount());
      TestNetwork.await("the receiver stored the block", () -> receiver.head().hash().equals(block.hash()));
      assertEquals(1.0, compactOutcome(receiver, "rebuilt"), "filled from its own mempool");
      assertEquals(0.0, sentBytes(maker, "BLOCK"), "the block never crossed whole");
      assertTrue(sentBytes(maker, "CMPCTBLOCK") > 0);
    }
  }

  private static double sentBytes(Node n, String type) {
    var c = NodeMetrics.of(n.vertx).registry().find("meshledger.message.bytes").tag("direction", "out")
        .tag("type", type).counter();
    return c == null ? 0 : c.count();
  }
}
