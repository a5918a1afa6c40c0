package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Chains;
import dev.meshledger.testing.RawPeer;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.ChainRequest;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers-first sync between real nodes and hand-driven liars: a peer whose headers do not link, or do
 * not carry the work it claimed, is penalised and not asked again for that claim, and the sync completes
 * from the honest peers; a peer that takes ranges of bodies and never answers is replaced.
 */
@Tag("integration")
class HeadersFirstSyncTest {
  private static final JsonObject FAST_CHAIN = new JsonObject().put("chain", new JsonObject().put("difficultyBits", 4));
  private static final int LENGTH = 600;

  /** Two honest nodes holding {@code LENGTH} blocks, and a late node that knows none of them yet. */
  private record Setup(Node h1, Node h2, Node late, List<Block> blocks, Work work) {}

  private static Setup setup(TestNetwork net, JsonObject lateConfig) {
    Node h1 = net.start("honest1", TestNetwork.options().config(FAST_CHAIN.copy()));
    Node h2 = net.start("honest2", TestNetwork.options().config(FAST_CHAIN.copy()));
    ChainParams params = h1.config().chainParams();
    List<Block> blocks = Chains.build(params, Genesis.of(params), LENGTH, TestBlocks.KEY, "honest");
    Chains.submit(h1, blocks);
    Chains.submit(h2, blocks);
    Node late = net.start("late", TestNetwork.options().config(lateConfig));
    return new Setup(h1, h2, late, blocks, h1.head().totalWork());
  }

  /**
   * Connects the liar (claiming {@code claimed}) first, so that it is the one asked for headers; once
   * the honest nodes are connected too, answers that request, and every later one, with {@code answer}.
   */
  private static void liarFirst(Setup s, RawPeer liar, Work claimed, Function<Message.GetHeaders, Message.Headers> answer) {
    List<Message.GetHeaders> asked = new CopyOnWriteArrayList<>();
    liar.onGetHeaders(r -> {
      asked.add(r);
      return null;
    });
    liar.connect(s.late(), LENGTH * 10L, claimed);
    TestNetwork.await("the late node asks the liar, who claims the most work, for headers", () -> !asked.isEmpty());
    for (Node h : List.of(s.h1(), s.h2())) {
      TestNetwork.get(s.late().vertx.eventBus().request(Addresses.P2P_DIAL, new Dial(h.address(), "api"), Bus.LOCAL), 10);
    }
    TestNetwork.await("the late node is connected to all three",
        () -> s.late().peerIds().containsAll(List.of(liar.id(), s.h1().id(), s.h2().id())));
    liar.onGetHeaders(answer); // the requests after the first are answered the same way
    liar.send(answer.apply(asked.get(0)));
  }

  private static Work tenfold(Work w) {
    return new Work(w.value().multiply(BigInteger.TEN));
  }

  /**
   * The penalties {@code n} gives from now on, as they are given: a score decays by a point a second, so
   * reading one after a slow sync may find it back at 0.
   */
  private static List<PeerMessages.Penalize> penalties(Node n) {
    List<PeerMessages.Penalize> seen = new CopyOnWriteArrayList<>();
    n.vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (ctx.message().body() instanceof PeerMessages.Penalize p) {
        seen.add(p);
      }
      ctx.next();
    });
    return seen;
  }

  @Test
  void aLiarWhoseHeadersDoNotLinkIsBannedAndTheSyncCompletesFromTheHonestPeers(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer liar = new RawPeer(TestBlocks.keyFrom(41))) {
      Setup s = setup(net, FAST_CHAIN.copy());
      List<PeerBanned> banned = new CopyOnWriteArrayList<>();
      s.late().vertx.eventBus().<PeerBanned>localConsumer(Addresses.P2P_PEER_BANNED, m -> banned.add(m.body()));
      liarFirst(s, liar, tenfold(s.work()), r -> {
        // the honest headers with one left out in the middle: every header is real, the run does not link
        List<Header> headers = new ArrayList<>(RawPeer.headersFrom(s.blocks(), r).headers());
        headers.remove(LENGTH / 2);
        return new Message.Headers(r.requestId(), headers, LENGTH * 10L);
      });

      Block tip = s.blocks().get(LENGTH - 1);
      TestNetwork.await("the late node reaches the honest tip", () -> s.late().head().hash().equals(tip.hash()));
      TestNetwork.await("the liar is banned", () -> banned.stream().anyMatch(b -> b.nodeId().equals(liar.id())));
      assertEquals(0, liar.count(ChainRequest.class), "no body was asked of the liar");
      assertTrue(Chains.validate(s.late()).valid());
    }
  }

  @Test
  void aLiarWhoseHeadersCarryLessWorkThanItClaimedIsPenalisedAndNotAskedAgain(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir); RawPeer liar = new RawPeer(TestBlocks.keyFrom(42))) {
      Setup s = setup(net, FAST_CHAIN.copy());
      List<PeerMessages.Penalize> penalties = penalties(s.late());
      // Real, linked headers, all of them, but ten times less work than it claims.
      liarFirst(s, liar, tenfold(s.work()), r -> RawPeer.headersFrom(s.blocks(), r));

      Block tip = s.blocks().get(LENGTH - 1);
      TestNetwork.await("the late node reaches the honest tip", () -> s.late().head().hash().equals(tip.hash()));
      assertTrue(penalties.stream().anyMatch(p -> p.peerId().equals(liar.id()) && p.offence() == Offence.FALSE_WORK_CLAIM),
          "the liar is penalised for its claim: " + penalties);
      assertEquals(1, liar.count(Message.GetHeaders.class), "its claim refuted, it is not asked for headers again");
      assertEquals(0, liar.count(ChainRequest.class), "nor for bodies");
      assertTrue(Chains.validate(s.late()).valid());
    }
  }

  @Test
  void aPeerThatTakesRangesAndNeverAnswersIsReplacedWithinTheRequestTimeout(@TempDir Path dir) {
    // Small batches and a short timeout: the staller is asked for several ranges, and they come back soon.
    // (and headers 100 at a time: bodies are fetched while the rest of the headers arrive)
    JsonObject config = FAST_CHAIN.copy().put("sync", new JsonObject().put("batchSize", 50).put("requestTimeoutMs", 1000)
        .put("headersPerRequest", 100));
    try (TestNetwork net = new TestNetwork(dir); RawPeer staller = new RawPeer(TestBlocks.keyFrom(43))) {
      Setup s = setup(net, config);
      List<PeerMessages.Penalize> penalties = penalties(s.late());
      // Honest headers and an honest claim: it is the peer the sync follows, and is asked for bodies too.
      liarFirst(s, staller, s.work(), r -> RawPeer.headersFrom(s.blocks(), r));

      Block tip = s.blocks().get(LENGTH - 1);
      TestNetwork.await("the late node reaches the tip without the staller", () -> s.late().head().hash().equals(tip.hash()));
      assertTrue(staller.count(ChainRequest.class) > 0, "the staller was asked for ranges of bodies");
      assertTrue(penalties.stream().anyMatch(p -> p.peerId().equals(staller.id()) && p.offence() == Offence.SLOW_RESPONSE),
          "and penalised for not answering: " + penalties);
      assertTrue(Chains.validate(s.late()).valid());
    }
  }
}
