package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Await;
import dev.meshledger.wire.Message.Headers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A BFT chain is final, so a peer's headers must start at our head: the head our locator was made from,
 * which may be ahead of the head the sync started with (blocks decided or gossiped in between). An honest
 * peer answering that locator is not the liar that starts a branch below our head.
 */
class HeaderSyncBftTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final ChainParams PARAMS = ChainParams.of("header-sync-bft", 0, 1024).withBft(TestCommits.params(KEYS));
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final BlockFactory FACTORY = new BlockFactory(KEYS.get(0), PARAMS);
  private static final Block ONE = FACTORY.make(GENESIS, TestBlocks.T0, TestBlocks.utf8("one"));
  private static final Block TWO = FACTORY.make(ONE, TestBlocks.T0 + 1, TestBlocks.utf8("two"));
  private static final Block OTHER_ONE = FACTORY.make(GENESIS, TestBlocks.T0 + 2, TestBlocks.utf8("another one"));
  private static final String PEER = "ab".repeat(32);

  private Vertx vertx;
  private final List<Penalize> penalties = new CopyOnWriteArrayList<>();
  private final List<Hash> forkPointsAsked = new CopyOnWriteArrayList<>();
  private final List<HeaderSync.Outcome> outcomes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx);
    var bus = vertx.eventBus();
    bus.localConsumer(Addresses.P2P_SEND, m -> { });
    bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> penalties.add(m.body()));
    bus.<Hash>localConsumer(Addresses.CHAIN_FORK_POINT, m -> {
      forkPointsAsked.add(m.body());
      m.fail(Bus.NOT_FOUND, "ends the test's sync here"); // the rule under test comes before
    });
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The sync began at genesis; by the time the locator was made, the chain held ONE. */
  private void answer(List<Block> served) {
    Context ctx = vertx.getOrCreateContext();
    ctx.runOnContext(v -> {
      Head startedAt = new Head(GENESIS.hash(), 0, Work.ZERO);
      HeaderSync hs = new HeaderSync(vertx, new ChainClient(vertx), new NetworkClient(vertx), null,
          new HeaderSync.SyncSettings(100, 1000, 10_000, null, true), PEER, Work.ZERO, startedAt,
          (o, branch) -> outcomes.add(o));
      hs.start(1, List.of(ONE.hash(), GENESIS.hash()));
      hs.onHeaders(PEER, new Headers(1, served.stream().map(Header::of).toList(), served.size() + 1), 2);
    });
    Await.until(Duration.ofSeconds(10), () -> !outcomes.isEmpty(), () -> "the headers phase ended");
  }

  @Test
  void headersFromTheHeadOurLocatorWasMadeFromAreNotALie() {
    answer(List.of(TWO));
    assertEquals(List.of(), penalties, "the honest peer is not penalised");
    assertEquals(List.of(ONE.hash()), forkPointsAsked, "the branch is taken on from our head");
  }

  @Test
  void headersBranchingBelowOurHeadAreRefuted() {
    answer(List.of(OTHER_ONE));
    assertEquals(List.of(HeaderSync.Outcome.REFUTED), outcomes);
    assertEquals(1, penalties.size());
    assertTrue(penalties.get(0).detail().contains("do not extend our final chain"), penalties.get(0).toString());
    assertEquals(List.of(), forkPointsAsked);
  }
}
