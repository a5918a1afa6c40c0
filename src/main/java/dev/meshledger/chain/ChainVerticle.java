package dev.meshledger.chain;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.Messages.BlockAdded;
import dev.meshledger.bus.Messages.BlockList;
import dev.meshledger.bus.Messages.BlockLookup;
import dev.meshledger.bus.Messages.BlockRange;
import dev.meshledger.bus.Messages.SubmitBlock;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.storage.BlockStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of the {@link Chain} and its {@link BlockStore}. Deployed as a worker
 * verticle: RocksDB calls block, and its handlers run one at a time, in order, off the event
 * loops. Submitted blocks are validated at once and acknowledged after the group commit that
 * makes them durable: each flush takes every block that arrived while the last one ran.
 */
public final class ChainVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ChainVerticle.class);

  private final Supplier<BlockStore> storeFactory;
  private final ChainParams params;
  private BlockStore store;
  private Chain chain;
  private WorkerExecutor auditExecutor;
  private final List<Pending> pending = new ArrayList<>();
  private boolean flushScheduled;

  private record Pending(Message<SubmitBlock> message, SubmitBlock submit, AddResult.Added result) {}

  public ChainVerticle(Supplier<BlockStore> storeFactory, ChainParams params) {
    this.storeFactory = storeFactory;
    this.params = params;
  }

  @Override
  public Future<?> start() {
    store = storeFactory.get();
    chain = new Chain(store, params);
    auditExecutor = vertx.createSharedWorkerExecutor("chain-audit", 1);
    var bus = vertx.eventBus();
    bus.<SubmitBlock>localConsumer(Addresses.CHAIN_SUBMIT_BLOCK, this::onSubmit);
    bus.localConsumer(Addresses.CHAIN_HEAD, m -> m.reply(chain.head(), Bus.LOCAL));
    bus.<BlockLookup>localConsumer(Addresses.CHAIN_BLOCK, this::onBlock);
    bus.<BlockRange>localConsumer(Addresses.CHAIN_BLOCKS,
        m -> m.reply(new BlockList(chain.range(m.body().from(), m.body().limit())), Bus.LOCAL));
    bus.localConsumer(Addresses.CHAIN_VALIDATE, this::onValidate);
    log.info("chain loaded: height {} tip {} total work {} (genesis {})", chain.head().height(),
        chain.head().hash().shortHex(), chain.head().totalWork(), chain.genesis().hash().shortHex());
    return Future.succeededFuture();
  }

  private void onSubmit(Message<SubmitBlock> m) {
    SubmitBlock s = m.body();
    AddResult result;
    try {
      result = chain.add(s.block(), s.intrinsicChecked(), System.currentTimeMillis());
    } catch (RuntimeException e) {
      log.error("adding block {} failed", s.block(), e);
      m.fail(Bus.INTERNAL, Bus.failure("INTERNAL", e.getMessage()));
      return;
    }
    if (result instanceof AddResult.Added added) {
      pending.add(new Pending(m, s, added));
      if (!flushScheduled) {
        flushScheduled = true;
        // Queued behind the messages already waiting, so one flush takes them all.
        context.runOnContext(v -> flush());
      }
      return;
    }
    if (result instanceof AddResult.Rejected r) {
      NodeMetrics.of(vertx).blockRejected(r.reason().name());
      log.info("rejected block {} from {}: {} ({})", s.block(), s.source(), r.reason(), r.reason().meaning());
    }
    m.reply(result, Bus.LOCAL);
  }

  private void flush() {
    flushScheduled = false;
    List<Pending> batch = List.copyOf(pending);
    pending.clear();
    try {
      chain.flush();
    } catch (RuntimeException e) {
      log.error("writing {} blocks failed; they are not stored", batch.size(), e);
      chain = new Chain(store, params); // back to what the disk holds
      batch.forEach(p -> p.message().fail(Bus.INTERNAL, Bus.failure("STORAGE", e.getMessage())));
      return;
    }
    long now = System.currentTimeMillis();
    for (Pending p : batch) {
      AddResult.Added a = p.result();
      Block b = a.block();
      p.message().reply(a, Bus.LOCAL);
      if (!"sync".equals(p.submit().source())) {
        log.info("block added: height {} hash {} from {}{}", b.height(), b.hash().shortHex(), p.submit().source(),
            a.becameTip() ? "" : " (side branch)");
      }
      vertx.eventBus().publish(Addresses.CHAIN_BLOCK_ADDED,
          new BlockAdded(b, p.submit().source(), p.submit().firstSeenMillis(), now, a.becameTip(), a.totalWork()),
          Bus.LOCAL);
      if (a.reorg() != null) {
        log.info("reorg: tip {} (height {}) -> {} (height {}), fork at {}, {} blocks left the best chain",
            a.reorg().oldHead().hash().shortHex(), a.reorg().oldHead().height(), a.reorg().newHead().hash().shortHex(),
            a.reorg().newHead().height(), a.reorg().forkHeight(), a.reorg().depth());
        vertx.eventBus().publish(Addresses.CHAIN_REORG, a.reorg(), Bus.LOCAL);
      }
    }
  }

  private void onBlock(Message<BlockLookup> m) {
    BlockLookup q = m.body();
    Optional<Block> b;
    if (q.hash() != null) {
      b = chain.block(q.hash());
    } else if (q.height() < 0) {
      b = chain.block(chain.head().hash());
    } else {
      b = chain.blockAt(q.height());
    }
    if (b.isPresent()) {
      m.reply(b.get(), Bus.LOCAL);
    } else {
      m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND",
          q.hash() != null ? "no block with hash " + q.hash() : "no block at height " + q.height()));
    }
  }

  /** Audits a point-in-time snapshot on its own thread, so blocks keep flowing meanwhile. */
  private void onValidate(Message<Object> m) {
    BlockStore.Snapshot snapshot = store.snapshot();
    auditExecutor.executeBlocking(() -> {
      try (snapshot) {
        return ChainAudit.run(snapshot, chain.validator(), System.currentTimeMillis(),
            n -> log.info("validating the chain: {} blocks checked", n));
      }
    }).onComplete(ar -> {
      if (ar.succeeded()) {
        ChainAudit.Report r = ar.result();
        log.info("chain validation: {} at height {}, {} blocks checked, {} errors", r.valid() ? "valid" : "INVALID",
            r.height(), r.checked(), r.errors().size());
        m.reply(r, Bus.LOCAL);
      } else {
        log.error("chain validation failed to run", ar.cause());
        m.fail(Bus.INTERNAL, Bus.failure("INTERNAL", String.valueOf(ar.cause().getMessage())));
      }
    });
  }

  @Override
  public Future<?> stop() {
    try {
      if (!pending.isEmpty()) {
        flush();
      }
    } finally {
      if (auditExecutor != null) {
        auditExecutor.close();
      }
      if (store != null) {
        store.close();
      }
    }
    return Future.succeededFuture();
  }
}
