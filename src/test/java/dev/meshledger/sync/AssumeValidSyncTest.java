package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Chains;
import dev.meshledger.testing.RawPeer;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.wire.Message.ChainResponse;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync.assumeValid}: below the assumed block (on the branch whose headers were checked) a block's
 * signatures are not checked, and nothing else is skipped; above it every signature is checked. The
 * chains are served by a hand-driven peer, which can serve blocks no node would store.
 */
@Tag("integration")
class AssumeValidSyncTest {
  private static final JsonObject FAST_CHAIN = new JsonObject().put("chain", new JsonObject().put("difficultyBits", 4));
  private static final int LENGTH = 200;
  private static final int ASSUMED = 100;
  /** Small batches: a refused block costs only its own batch, the ones before it are kept. */
  private static final int BATCH = 10;

  /** An honest chain of {@link #LENGTH} blocks, but the block at {@code at} replaced by {@code change} and the rest rebuilt on it. */
  private static List<Block> chainWith(ChainParams params, int at, UnaryOperator<Block> change) {
    List<Block> before = Chains.build(params, Genesis.of(params), at, TestBlocks.KEY, "av");
    List<Block> out = new ArrayList<>(before.subList(0, at - 1));
    Block changed = change.apply(before.get(at - 1));
    out.add(changed);
    BlockFactory factory = new BlockFactory(TestBlocks.KEY, params);
    Block p = changed;
    for (int h = at + 1; h <= LENGTH; h++) {
      p = factory.make(p, p.timestamp() + 1, TestBlocks.utf8("\"av " + h + "\""));
      out.add(p);
    }
    return out;
  }

  /** The chain's parameters, read off a node configured as the late one will be. */
  private static ChainParams params(TestNetwork net) {
    return net.start("probe", TestNetwork.options().config(FAST_CHAIN.copy())).config().chainParams();
  }

  private static Block badSignature(Block b) {
    byte[] sig = b.signature().clone(); // blocks share their arrays: never change the original
    sig[0] ^= 1;
    return TestBlocks.resealed(TestBlocks.with(b, TestBlocks.Field.SIGNATURE, sig)); // hash and work fit again
  }

  private static Block badData(Block b) {
    return TestBlocks.with(b, TestBlocks.Field.DATA, TestBlocks.utf8("\"forged\"")); // header (and hash) kept
  }

  private record Outcome(Node late, List<PeerBanned> banned, RawPeer peer) {}

  /** A late node (assuming block {@code assumed} valid, if set) syncing {@code chain} from a peer serving it. */
  private static Outcome sync(TestNetwork net, RawPeer peer, List<Block> chain, Block assumed) {
    return sync(net, peer, chain, assumed, 100_000);
  }

  /** The same, holding at most {@code maxHeaders} checked headers at a time. */
  private static Outcome sync(TestNetwork net, RawPeer peer, List<Block> chain, Block assumed, int maxHeaders) {
    // headers come 40 at a time: the assumed block's header is in the third answer, after bodies could start
    JsonObject config = FAST_CHAIN.copy().put("sync", new JsonObject().put("batchSize", BATCH).put("headersPerRequest", 40)
        .put("maxHeaders", maxHeaders));
    if (assumed != null) {
      config.getJsonObject("sync").put("assumeValid", assumed.hash().toHex());
    }
    Node late = net.start("late", TestNetwork.options().config(config));
    List<PeerBanned> banned = new CopyOnWriteArrayList<>();
    late.vertx.eventBus().<PeerBanned>localConsumer(Addresses.P2P_PEER_BANNED, m -> banned.add(m.body()));
    ChainParams params = late.config().chainParams();
    Work work = Work.ZERO;
    for (Block b : chain) {
      work = work.plus(params.blockWork(b.bits()));
    }
    peer.onGetHeaders(r -> RawPeer.headersFrom(chain, r));
    peer.onChainRequest(r -> new ChainResponse(r.requestId(), chain.subList((int) r.fromHeight() - 1,
        (int) Math.min(chain.size(), r.fromHeight() - 1 + r.maxCount())), chain.size()));
    peer.connect(late, chain.size(), work);
    return new Outcome(late, banned, peer);
  }

  private static void awaitRefusedAt(Outcome o, long height) {
    TestNetwork.await("the peer is banned", () -> o.banned().stream().anyMatch(b -> b.nodeId().equals(o.peer().id())));
    long keptBatches = (height - 1) / BATCH * BATCH;
    TestNetwork.await("the batches before the refused block are kept", () -> o.late().head().height() == keptBatches);
  }

  @Test
  void aBadSignatureBelowTheAssumedBlockIsAccepted(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(51))) {
      ChainParams params = params(net);
      List<Block> chain = chainWith(params, 50, AssumeValidSyncTest::badSignature);
      Outcome o = sync(net, peer, chain, chain.get(ASSUMED - 1));
      TestNetwork.await("the late node reaches the tip", () -> o.late().head().hash().equals(chain.get(LENGTH - 1).hash()));
      assertTrue(o.banned().isEmpty());
      // The trade-off, visible: a full audit checks every signature, and finds the one assumed.
      AuditReport audit = Chains.validate(o.late());
      assertFalse(audit.valid());
      assertTrue(audit.errors().toString().contains("BAD_SIGNATURE"), audit.errors().toString());
    }
  }

  @Test
  void aBadSignatureBelowTheAssumedBlockIsAcceptedWhenThatBlockLiesWindowsBeyondTheHeadersHeld(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(56))) {
      ChainParams params = params(net);
      List<Block> chain = chainWith(params, 50, AssumeValidSyncTest::badSignature);
      // 30 headers held at a time: the assumed block (100) is three windows past the first; a look-ahead finds it
      Outcome o = sync(net, peer, chain, chain.get(ASSUMED - 1), 30);
      TestNetwork.await("the late node reaches the tip", () -> o.late().head().hash().equals(chain.get(LENGTH - 1).hash()));
      assertTrue(o.banned().isEmpty(), o.banned()::toString);
      assertFalse(Chains.validate(o.late()).valid(), "the assumed signature is still bad, as the audit finds");
    }
  }

  @Test
  void aBadSignatureAboveTheAssumedBlockIsRefusedWhenThatBlockLiesBeyondTheHeadersHeld(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(57))) {
      ChainParams params = params(net);
      List<Block> chain = chainWith(params, 150, AssumeValidSyncTest::badSignature);
      awaitRefusedAt(sync(net, peer, chain, chain.get(ASSUMED - 1), 30), 150);
    }
  }

  @Test
  void theSameBadSignatureWithoutAssumeValidIsRefused(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(52))) {
      ChainParams params = params(net);
      awaitRefusedAt(sync(net, peer, chainWith(params, 50, AssumeValidSyncTest::badSignature), null), 50);
    }
  }

  @Test
  void aBadSignatureAboveTheAssumedBlockIsRefused(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(53))) {
      ChainParams params = params(net);
      List<Block> chain = chainWith(params, 150, AssumeValidSyncTest::badSignature);
      awaitRefusedAt(sync(net, peer, chain, chain.get(ASSUMED - 1)), 150);
    }
  }

  @Test
  void aBodyNotMatchingItsHeaderBelowTheAssumedBlockIsStillRefused(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(54))) {
      ChainParams params = params(net);
      List<Block> chain = chainWith(params, 50, AssumeValidSyncTest::badData);
      awaitRefusedAt(sync(net, peer, chain, chain.get(ASSUMED - 1)), 50);
    }
  }

  @Test
  void aBlockThatDoesNotLinkBelowTheAssumedBlockIsStillRefused(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer peer = new RawPeer(TestBlocks.keyFrom(55))) {
      ChainParams params = params(net);
      List<Block> honest = Chains.build(params, Genesis.of(params), LENGTH, TestBlocks.KEY, "av");
      List<Block> chain = new ArrayList<>(honest);
      // block 50 points at block 48: sealed and signed as it is, it just does not link
      Block b = honest.get(49);
      Block unlinked = TestBlocks.resealed(TestBlocks.with(b, TestBlocks.Field.PREV_HASH, honest.get(47).hash()));
      chain.set(49, unlinked);
      Outcome o = sync(net, peer, chain, chain.get(ASSUMED - 1));
      TestNetwork.await("the peer is banned", () -> o.banned().stream().anyMatch(x -> x.nodeId().equals(peer.id())));
      assertEquals(0, o.late().head().height(), "its headers were refused before any body was fetched");
    }
  }
}
