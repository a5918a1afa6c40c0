package dev.meshledger.chain;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BatchResult;
import dev.meshledger.bus.chain.BlockRendering;
import dev.meshledger.bus.chain.ChainMessages.BlockList;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.chain.ChainMessages.BlockRange;
import dev.meshledger.bus.chain.ChainMessages.ForkPoint;
import dev.meshledger.bus.chain.ChainMessages.Locator;
import dev.meshledger.bus.chain.ChainMessages.SubmitBatch;
import dev.meshledger.bus.chain.ChainMessages.SubmitBlock;
import dev.meshledger.config.ChainLimits;
import dev.meshledger.config.MempoolLimits;
import dev.meshledger.config.ReaderOptions;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ledger.state.StakeRoots;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.storage.BlockStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of the {@link Chain}, its {@link BlockStore} and the {@link Ledger} over them.
 * Deployed as a worker verticle: RocksDB calls block, and its handlers run one at a time, in
 * order, off the event loops. Submitted blocks are validated at once and acknowledged after the group commit that
 * makes them durable: each flush takes every block that arrived while the last one ran. Block
 * reads (by hash, height, range; rendered for the API; stored bytes for peers) are not answered
 * here but by its {@link ChainReader}s, from what the store has committed.
 */
public final class ChainVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ChainVerticle.class);

  private final Supplier<BlockStore> storeFactory;
  private final ChainParams params;
  private final MempoolLimits mempoolLimits;
  private final ChainLimits limits;
  private final ReaderOptions readers;
  private final BlockRendering rendering;
  private BlockStore store;
  private Chain chain;
  private LedgerEndpoints ledgerEndpoints;
  private WorkerExecutor auditExecutor;
  private Future<AuditReport> audit;
  private final List<Pending> pending = new ArrayList<>();
  private boolean flushScheduled;

  /**
   * A reply owed after the next flush.
   *
   * @param added the blocks the request added (in order)
   * @param reply builds the answer once the blocks are durable, from the head at that time
   */
  private record Pending(Message<?> message, BlockSource source, long firstSeenMillis, List<AddResult.Added> added,
      boolean batch, Function<Head, Object> reply) {}

  /**
   * @param readers how many threads read blocks, and their cache of renderings
   * @param rendering how the API shows a block (cached by the readers)
   */
  public ChainVerticle(Supplier<BlockStore> storeFactory, ChainParams params, MempoolLimits mempoolLimits,
      ChainLimits limits, ReaderOptions readers, BlockRendering rendering) {
    this.storeFactory = storeFactory;
    this.readers = readers;
    this.rendering = rendering;
    this.params = params;
    this.mempoolLimits = mempoolLimits;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    store = storeFactory.get();
    chain = new Chain(store, params, limits);
    auditExecutor = vertx.createSharedWorkerExecutor("chain-audit", 1);
    var bus = vertx.eventBus();
    bus.<SubmitBlock>localConsumer(Addresses.CHAIN_SUBMIT_BLOCK, this::onSubmit);
    bus.<SubmitBatch>localConsumer(Addresses.CHAIN_SUBMIT_BATCH, this::onSubmitBatch);
    // Queries settle pending writes first: nobody reads a block that is not durable yet.
    bus.localConsumer(Addresses.CHAIN_HEAD, m -> {
      settle();
      m.reply(chain.head(), Bus.LOCAL);
    });
    bus.localConsumer(Addresses.CHAIN_LOCATOR, m -> {
      settle();
      m.reply(new Locator(Locators.of(chain)), Bus.LOCAL);
    });
    bus.<Locator>localConsumer(Addresses.CHAIN_LOCATE, m -> {
      settle();
      m.reply(Locators.locate(chain, m.body().hashes()), Bus.LOCAL);
    });
    bus.<Hash>localConsumer(Addresses.CHAIN_FORK_POINT, m -> {
      settle();
      chain.meta(m.body()).ifPresentOrElse(
          meta -> m.reply(new ForkPoint(meta.height(), m.body(), meta.totalWork(), meta.ancestry()), Bus.LOCAL),
          () -> m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no block " + m.body().shortHex())));
    });
    bus.localConsumer(Addresses.CHAIN_VALIDATE, this::onValidate);
    bus.localConsumer(Addresses.CHAIN_MEMBERSHIP, m -> {
      settle();
      if (chain.membership() == null) {
        m.fail(Bus.BAD_REQUEST, Bus.failure("NOT_BFT", "proof of work has no validator set"));
      } else {
        m.reply(chain.membership(), Bus.LOCAL);
      }
    });
    bus.localConsumer(Addresses.CHAIN_STAKE, m -> {
      settle();
      if (!params.isStake()) {
        m.fail(Bus.BAD_REQUEST, Bus.failure("NOT_STAKING", "this chain is not proof of stake"));
      } else {
        m.reply(StakeRoots.split(chain.stateNodes(), chain.headStateRoot()).stake(), Bus.LOCAL);
      }
    });
    bus.<Block>localConsumer(Addresses.CHAIN_CHECK_PROPOSAL, m -> {
      settle();
      m.reply(Proposals.check(chain, m.body(), System.currentTimeMillis()).map(Enum::name).orElse(""), Bus.LOCAL);
    });
    ledgerEndpoints = new LedgerEndpoints(vertx, new Ledger(() -> chain, params.chainId(), mempoolLimits), this::settle);
    ledgerEndpoints.register();
    log.info("chain loaded: height {} tip {} total work {} (genesis {})", chain.head().height(),
        chain.head().hash().shortHex(), chain.head().totalWork(), chain.genesis().hash().shortHex());
    // Block reads go to readers of their own (children: undeployed before this verticle closes the store).
    RenderCache cache = new RenderCache(readers.cacheBytes());
    return vertx.deployVerticle(() -> new ChainReader(store, cache, rendering), new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER).setInstances(readers.threads())
        .setWorkerPoolName("chain-reader").setWorkerPoolSize(readers.threads()));
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
      ledgerEndpoints.onAdded(added);
      owe(new Pending(m, s.source(), s.firstSeenMillis(), List.of(added), false, head -> added));
      return;
    }
    if (result instanceof AddResult.Rejected r) {
      NodeMetrics.of(vertx).blockRejected(r.reason().name());
      log.info("rejected block {} from {}: {} ({})", s.block(), s.source(), r.reason(), r.reason().meaning());
    }
    m.reply(result, Bus.LOCAL);
  }

  /** Adds blocks in order, stopping at the first one refused; answers after the flush. */
  private void onSubmitBatch(Message<SubmitBatch> m) {
    SubmitBatch s = m.body();
    long now = System.currentTimeMillis();
    List<AddResult.Added> added = new ArrayList<>();
    int stored = 0;
    Block rejected = null;
    String reason = null;
    try {
      for (Block b : s.blocks()) {
        AddResult r = chain.add(b, s.intrinsicChecked(), now);
        if (r instanceof AddResult.Rejected rej) {
          rejected = b;
          reason = rej.reason().name();
          NodeMetrics.of(vertx).blockRejected(reason);
          log.info("rejected block {} from {}: {} ({})", b, s.source(), rej.reason(), rej.reason().meaning());
          break;
        }
        stored++;
        if (r instanceof AddResult.Added a) {
          ledgerEndpoints.onAdded(a);
          added.add(a);
        }
      }
    } catch (RuntimeException e) {
      log.error("adding a batch from {} failed", s.source(), e);
      m.fail(Bus.INTERNAL, Bus.failure("INTERNAL", e.getMessage()));
      return;
    }
    int count = stored;
    Block refused = rejected;
    String why = reason;
    owe(new Pending(m, s.source(), s.firstSeenMillis(), added, true,
        head -> new BatchResult(count, refused, why, head.height(), head.hash())));
  }

  private void owe(Pending p) {
    pending.add(p);
    if (!flushScheduled) {
      flushScheduled = true;
      // Queued behind the messages already waiting, so one flush takes them all.
      context.runOnContext(v -> flush());
    }
  }

  /** Flushes now if blocks are waiting (the scheduled flush then finds nothing to do). */
  private void settle() {
    if (!pending.isEmpty()) {
      flush();
    }
  }

  private void flush() {
    flushScheduled = false;
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = List.copyOf(pending);
    pending.clear();
    try {
      chain.flush();
    } catch (RuntimeException e) {
      log.error("writing {} requests' blocks failed; they are not stored", batch.size(), e);
      chain = new Chain(store, params, limits); // back to what the disk holds
      batch.forEach(p -> p.message().fail(Bus.INTERNAL, Bus.failure("STORAGE", e.getMessage())));
      return;
    }
    long now = System.currentTimeMillis();
    for (Pending p : batch) {
      // events before the answer: whoever the submitter tells next reads the block (the API's caches follow events)
      if (p.batch()) {
        ChainEvents.publishBatch(vertx, p.added(), p.source(), p.firstSeenMillis(), now, chain.head());
      } else {
        for (AddResult.Added a : p.added()) {
          ChainEvents.publish(vertx, a, p.source(), p.firstSeenMillis(), now);
        }
      }
      p.message().reply(p.reply().apply(chain.head()), Bus.LOCAL);
    }
  }

  /** Audits a snapshot on its own thread, one at a time: requests during it share its report, none waits queued. */
  private void onValidate(Message<Object> m) {
    Future<AuditReport> current = audit;
    if (current == null) {
      NodeMetrics.of(vertx).chainAudit();
      BlockStore.Snapshot snapshot = store.snapshot();
      audit = current = auditExecutor.executeBlocking(() -> {
        try (snapshot) {
          // the cache may answer (the very bytes verified before), but a whole chain must not push the mempool's out
          BlockValidator auditor = new BlockValidator(params, Ed25519.cache().lookupOnly());
          return ChainAudit.run(snapshot, auditor, System.currentTimeMillis(),
              n -> log.info("validating the chain: {} blocks checked", n));
        }
      });
      // it may be done already: then this clears the field at once, and the reply below still has it
      current.onComplete(ar -> audit = null).onFailure(e -> log.error("chain validation failed to run", e))
          .onSuccess(r -> log.info("chain validation: {} at height {}, {} blocks checked, {} errors",
              r.valid() ? "valid" : "INVALID", r.height(), r.checked(), r.errors().size()));
    }
    current.onSuccess(r -> m.reply(r, Bus.LOCAL))
        .onFailure(e -> m.fail(Bus.INTERNAL, Bus.failure("INTERNAL", String.valueOf(e.getMessage()))));
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
