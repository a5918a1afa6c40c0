package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.Locator;
import dev.meshledger.bus.chain.ChainMessages.ServeRange;
import dev.meshledger.bus.chain.ChainMessages.StoredBlocks;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.bus.p2p.PeerMessages.SendTo;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message.StoredChainResponse;
import dev.meshledger.wire.WireCodec;
import dev.meshledger.wire.Message.GetHeaders;
import dev.meshledger.wire.Message.Headers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sync verticle alone, its collaborators replaced by consumers on their addresses: a fake
 * chain answering queries, and recorders on the network's send and penalize commands. The fakes
 * share one verticle, so they see messages in the order they were sent.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SyncVerticleTest {
  private static final NodeConfig CONFIG = NodeConfig.defaults();
  private static final ChainParams PARAMS = CONFIG.chainParams();
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block B1 = TestBlocks.child(PARAMS, GENESIS, "1");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "2");
  private static final Block B3 = TestBlocks.child(PARAMS, B2, "3");
  private static final Head HEAD = new Head(B3.hash(), 3, 4);
  private static final WireCodec WIRE = new WireCodec(CONFIG.maxBlockDataBytes());

  private final List<SendTo> sent = new ArrayList<>();
  private final List<Penalize> penalties = new ArrayList<>();

  /** Deploys the fakes (a chain at {@link #HEAD}, plus {@code more}), then the sync verticle, then runs {@code then}. */
  private static void start(Vertx vertx, VertxTestContext ctx, Consumer<EventBus> more, Runnable then) {
    Bus.registerCodecs(vertx);
    VerticleBase fakes = new VerticleBase() {
      @Override
      public Future<?> start() {
        var bus = vertx.eventBus();
        bus.localConsumer(Addresses.CHAIN_HEAD, m -> m.reply(HEAD, Bus.LOCAL));
        bus.localConsumer(Addresses.CHAIN_LOCATOR, m -> m.reply(new Locator(List.of(B3.hash(), GENESIS.hash())), Bus.LOCAL));
        more.accept(bus);
        return Future.succeededFuture();
      }
    };
    vertx.deployVerticle(fakes).compose(id -> vertx.deployVerticle(new SyncVerticle(CONFIG)))
        .onComplete(ctx.succeeding(id -> then.run()));
  }

  private static void inbound(Vertx vertx, String peerId, dev.meshledger.wire.Message m) {
    vertx.eventBus().send(Addresses.P2P_IN_BLOCKSYNC, new Inbound(peerId, m, 0), Bus.LOCAL);
  }

  private static void connected(EventBus bus, String id) {
    // Claims no more work than ours: only gossip's word makes the node ask it.
    bus.publish(Addresses.P2P_PEER_CONNECTED, new PeerInfo(id, "127.0.0.1:1", "outbound", 3, Work.of(4), 0, 0), Bus.LOCAL);
  }

  @Test
  void aRequestByLocatorIsAnsweredWithTheBlocksTheChainStoredAsTheyAre(Vertx vertx, VertxTestContext ctx) {
    start(vertx, ctx, bus -> {
      bus.<ServeRange>localConsumer(Addresses.CHAIN_SERVE, m -> {
        ctx.verify(() -> assertEquals(new ServeRange(List.of(B1.hash()), 99, 500), m.body()));
        m.reply(new StoredBlocks(List.of(BlockCodec.encode(B2), BlockCodec.encode(B3)), 3), Bus.LOCAL);
      });
      bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> ctx.failNow(m.body().toString()));
      bus.<SendTo>localConsumer(Addresses.P2P_SEND, m -> {
        ctx.verify(() -> {
          assertEquals("p", m.body().peerId());
          assertArrayEquals(WIRE.encode(new ChainResponse(7, List.of(B2, B3), 3)), WIRE.encode(m.body().message()),
              "the peer gets the frame of a response holding those blocks");
        });
        ctx.completeNow();
      });
    }, () -> inbound(vertx, "p", new ChainRequest(7, List.of(B1.hash()), 99, 500)));
  }

  @Test
  void aPeerAskingForMoreThanEightRangesAtOnceIsPunishedOnceAndTheEightAreAnswered(Vertx vertx, VertxTestContext ctx) {
    List<Message<ServeRange>> reads = new ArrayList<>();
    start(vertx, ctx, bus -> {
      bus.<ServeRange>localConsumer(Addresses.CHAIN_SERVE, reads::add); // held until the ninth is refused
      bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> {
        penalties.add(m.body());
        ctx.verify(() -> assertEquals(ServeRules.MAX_SERVING_PER_PEER, reads.size()));
        reads.forEach(r -> r.reply(new StoredBlocks(List.of(BlockCodec.encode(B1)), 3), Bus.LOCAL));
      });
      bus.<SendTo>localConsumer(Addresses.P2P_SEND, m -> {
        sent.add(m.body());
        if (sent.size() == ServeRules.MAX_SERVING_PER_PEER) {
          ctx.verify(() -> {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L),
                sent.stream().map(s -> ((StoredChainResponse) s.message()).requestId()).sorted().toList());
            assertEquals(List.of(new Penalize("p", Offence.FLOOD, "over 8 chain requests at once")), penalties);
          });
          ctx.completeNow();
        }
      });
    }, () -> {
      for (long id = 1; id <= 9; id++) {
        inbound(vertx, "p", new ChainRequest(id, List.of(), 1, 10));
      }
    });
  }

  @Test
  void aPeerGossipPointsAtWhileBusyIsSyncedFromOnceTheSyncEnds(Vertx vertx, VertxTestContext ctx) {
    start(vertx, ctx, bus -> {
      bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> ctx.failNow(m.body().toString()));
      bus.<SendTo>localConsumer(Addresses.P2P_SEND, m -> {
        sent.add(m.body());
        GetHeaders r = (GetHeaders) m.body().message();
        ctx.verify(() -> assertEquals(List.of(B3.hash(), GENESIS.hash()), r.locator(), "headers asked by locator"));
        if (sent.size() == 1) {
          ctx.verify(() -> assertEquals("a", m.body().peerId()));
          bus.send(Addresses.SYNC_FROM, "b", Bus.LOCAL); // while a is being asked
          inbound(vertx, "a", new Headers(r.requestId(), List.of(), 3)); // a has nothing more
        } else {
          ctx.verify(() -> assertEquals("b", m.body().peerId(), "b, remembered while busy, is asked next"));
          ctx.completeNow();
        }
      });
    }, () -> {
      connected(vertx.eventBus(), "a");
      connected(vertx.eventBus(), "b");
      vertx.eventBus().send(Addresses.SYNC_FROM, "a", Bus.LOCAL);
    });
  }

  @Test
  void gossipPointingAtAPeerThatIsNotConnectedIsIgnored(Vertx vertx, VertxTestContext ctx) {
    start(vertx, ctx, bus -> bus.<SendTo>localConsumer(Addresses.P2P_SEND, m -> {
      ctx.verify(() -> assertEquals("late", m.body().peerId(), "the stranger, pointed at first, was not asked"));
      ctx.completeNow();
    }), () -> {
      vertx.eventBus().send(Addresses.SYNC_FROM, "stranger", Bus.LOCAL);
      connected(vertx.eventBus(), "late");
      vertx.eventBus().send(Addresses.SYNC_FROM, "late", Bus.LOCAL);
    });
  }
}
