package dev.meshledger.chain;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Head;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the chain tells the node once blocks are durable: {@code chain.event.block-added} and {@code chain.event.reorg}. */
final class ChainEvents {
  private static final Logger log = LoggerFactory.getLogger(ChainVerticle.class);

  private ChainEvents() {}

  /** A sync batch: one event for its last block, so thousands of blocks a second stay cheap to watch. */
  static void publishBatch(Vertx vertx, List<AddResult.Added> added, BlockSource source, long firstSeen, long now,
      Head head) {
    if (added.isEmpty()) {
      return;
    }
    boolean anyTip = false;
    for (AddResult.Added a : added) {
      anyTip |= a.becameTip();
      if (a.reorg() != null) {
        publishReorg(vertx, a.reorg());
      }
    }
    AddResult.Added last = added.get(added.size() - 1);
    log.debug("added {} blocks from {} up to height {}", added.size(), source, last.block().height());
    vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED, new BlockAdded(last.block(), source, firstSeen,
        now, anyTip && head.hash().equals(last.block().hash()), last.totalWork(), added.size()), Bus.LOCAL);
  }

  static void publish(Vertx vertx, AddResult.Added a, BlockSource source, long firstSeen, long now) {
    Block b = a.block();
    log.info("block added: height {} hash {} from {}{}", b.height(), b.hash().shortHex(), source,
        a.becameTip() ? "" : " (side branch)");
    vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED,
        new BlockAdded(b, source, firstSeen, now, a.becameTip(), a.totalWork(), 1), Bus.LOCAL);
    if (a.reorg() != null) {
      publishReorg(vertx, a.reorg());
    }
  }

  private static void publishReorg(Vertx vertx, AddResult.Reorg r) {
    log.info("reorg: tip {} (height {}) -> {} (height {}), fork at {}, {} blocks left the best chain",
        r.oldHead().hash().shortHex(), r.oldHead().height(), r.newHead().hash().shortHex(), r.newHead().height(),
        r.forkHeight(), r.depth());
    vertx.eventBus().publish(Addresses.CHAIN_REORG, r, Bus.LOCAL);
  }
}
