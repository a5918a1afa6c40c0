package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.ChainMessages.SubmitBlock;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.wire.Message;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gossip verticle alone, its collaborators replaced by consumers on their addresses: a fake
 * chain on the submit command, and recorders on the network's and sync's commands.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class GossipVerticleTest {
  private static final NodeConfig CONFIG = NodeConfig.defaults();
  private static final ChainParams PARAMS = CONFIG.chainParams();
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block PARENT = TestBlocks.child(PARAMS, GENESIS, "parent");
  private static final Block CHILD = TestBlocks.child(PARAMS, PARENT, "child");
  private static final String CHILD_SENDER = "c".repeat(64);
  private static final String PARENT_SENDER = "p".repeat(64);

  static Stream<BlockSource> parentSources() {
    return Stream.of(new BlockSource.Peer(PARENT_SENDER), new BlockSource.Sync(PARENT_SENDER), BlockSource.LOCAL);
  }

  /**
   * An orphan waits for its parent; when the parent lands, however it came, the orphan is submitted
   * as coming from the peer that sent it, and if the chain refuses it, that peer is punished.
   */
  @ParameterizedTest
  @MethodSource("parentSources")
  void anOrphanIsSubmittedAndPunishedAsComingFromItsOwnSender(BlockSource parentSource, Vertx vertx, VertxTestContext ctx) {
    Bus.registerCodecs(vertx);
    var bus = vertx.eventBus();
    List<SubmitBlock> submitted = new CopyOnWriteArrayList<>();
    List<Penalize> penalties = new CopyOnWriteArrayList<>();
    bus.localConsumer(Addresses.CHAIN_HEAD, m -> m.reply(new Head(GENESIS.hash(), 0, 1), Bus.LOCAL));
    bus.<SubmitBlock>localConsumer(Addresses.CHAIN_SUBMIT_BLOCK, m -> {
      submitted.add(m.body());
      if (submitted.size() == 1) {
        // The first time the parent is unknown; the parent then lands, from somewhere else.
        m.reply(new AddResult.Rejected(CHILD, Rejection.UNKNOWN_PARENT), Bus.LOCAL);
      } else {
        ctx.verify(() -> {
          assertEquals(CHILD, m.body().block());
          assertEquals(new BlockSource.Peer(CHILD_SENDER), m.body().source(), "the orphan is submitted as its sender's");
          assertTrue(m.body().intrinsicChecked());
        });
        m.reply(new AddResult.Rejected(CHILD, Rejection.BAD_HEIGHT), Bus.LOCAL);
      }
    });
    bus.<String>localConsumer(Addresses.SYNC_FROM, m -> {
      ctx.verify(() -> assertEquals(CHILD_SENDER, m.body(), "the orphan's ancestors are asked of its sender"));
      long now = System.currentTimeMillis();
      bus.publish(Addresses.CHAIN_BLOCK_ADDED, new BlockAdded(PARENT, parentSource, now, now, true, Work.of(2), 1), Bus.LOCAL);
    });
    bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> {
      penalties.add(m.body());
      ctx.verify(() -> {
        assertEquals(List.of(new Penalize(CHILD_SENDER, Offence.INVALID_BLOCK, penalties.get(0).detail())), penalties,
            "the orphan's sender is punished, not the parent's");
        assertEquals(2, submitted.size());
      });
      ctx.completeNow();
    });
    bus.localConsumer(Addresses.P2P_BROADCAST, m -> { });

    vertx.deployVerticle(new GossipVerticle(CONFIG)).onComplete(ctx.succeeding(id ->
        bus.send(Addresses.P2P_IN_GOSSIP, new Inbound(CHILD_SENDER, new Message.BlockMessage(CHILD), 1), Bus.LOCAL)));
  }
}
