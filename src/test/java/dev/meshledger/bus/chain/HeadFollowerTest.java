package dev.meshledger.bus.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A fake chain on chain.query.head; the events published as the chain verticle publishes them. */
class HeadFollowerTest {
  private static final Block GENESIS = Genesis.of(NodeConfig.defaults().chainParams());
  private static final Block B1 = TestBlocks.child(NodeConfig.defaults().chainParams(), GENESIS, "one");
  private static final Head AT_GENESIS = new Head(GENESIS.hash(), 0, 1);
  private static final Head AT_B1 = new Head(B1.hash(), 1, 2);
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static BlockAdded added(Block b, boolean becameTip, long work) {
    return new BlockAdded(b, BlockSource.LOCAL, 0, 0, becameTip, Work.of(work), 1);
  }

  /** As a verticle holds it: started, and its events handled, on one context. */
  private HeadFollower startOnOneContext(List<Head> changes) throws Exception {
    Promise<HeadFollower> started = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> HeadFollower.start(vertx).map(f -> f.onChange(changes::add))
        .onComplete(started));
    return started.future().await(10, TimeUnit.SECONDS);
  }

  @Test
  void followsTheTipFromTheFirstAnswerThenFromEvents() throws Exception {
    vertx.eventBus().localConsumer(Addresses.CHAIN_HEAD, m -> m.reply(AT_GENESIS, Bus.LOCAL));
    List<Head> seen = new CopyOnWriteArrayList<>();
    HeadFollower f = startOnOneContext(seen);
    assertEquals(AT_GENESIS, f.head());

    vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED, added(B1, false, 2), Bus.LOCAL);
    vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED, added(B1, true, 2), Bus.LOCAL);
    vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED, added(B1, true, 2), Bus.LOCAL);
    Head back = new Head(GENESIS.hash(), 0, 1);
    vertx.eventBus().publish(Addresses.CHAIN_REORG, new AddResult.Reorg(AT_B1, back, 0, 1), Bus.LOCAL);
    Await.until(Duration.ofSeconds(10), () -> seen.size() >= 2 && f.head().equals(back), () -> "the reorg back to genesis");
    assertEquals(List.of(AT_B1, back), seen, "a side-branch block moves nothing; the same tip twice is one change");
    assertEquals(back, f.head());
  }

  @Test
  void anEventThatOvertakesTheFirstAnswerWins() throws Exception {
    Promise<Void> answered = Promise.promise();
    // The chain answers late, with the tip as it was when asked; meanwhile B1 became the tip.
    vertx.eventBus().localConsumer(Addresses.CHAIN_HEAD, m -> {
      vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED, added(B1, true, 2), Bus.LOCAL);
      vertx.setTimer(50, t -> {
        m.reply(AT_GENESIS, Bus.LOCAL);
        answered.complete();
      });
    });
    HeadFollower f = startOnOneContext(new CopyOnWriteArrayList<>());
    answered.future().await(10, TimeUnit.SECONDS);
    assertEquals(AT_B1, f.head());
  }
}
