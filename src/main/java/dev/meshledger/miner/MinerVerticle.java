package dev.meshledger.miner;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.bus.ledger.LedgerMessages.Templates;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.ledger.AccountId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes blocks on request: builds, signs and seals (proof of work) on a worker thread, one
 * block at a time, each on top of the last one it made, so requests pipeline with the chain's
 * group commit. Sealing is cancelled when another node's block takes the tip; a block that
 * did not end on the best chain is made again on the new tip (up to {@link #MAX_ATTEMPTS}). The
 * chain chooses each block's transfers and computes its state root ({@code ledger.query.template});
 * the next block's is asked as soon as the last is stored ({@link NextTemplate}).
 */
public final class MinerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MinerVerticle.class);
  /** Retries when a concurrent block from a peer wins the height we built on. */
  private static final int MAX_ATTEMPTS = 5;
  /** Requests sealed in one worker task at most: bounds the latency of the first of them. */
  private static final int MAX_BATCH = 64;
  /** How long a template asked ahead may wait for its block (transfers accepted or a new tip drop it sooner). */
  private static final long TEMPLATE_AGE_MS = 1_000;

  private final BlockFactory factory;
  private final int maxDataBytes;
  private final boolean autoMine;
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private WorkerExecutor sealer;
  private ChainClient chain;
  private LedgerClient ledger;
  private Seal seal;
  private NextTemplate next;
  /**
   * The block the next one is built on: not a copy of the chain's head but ahead of it, since our
   * own blocks are built on each other before the chain has stored them. Moves to the chain's
   * head when another node's block takes the tip.
   */
  private Hash tipHash;
  private boolean stopping;
  private AtomicBoolean currentCancel;
  private boolean busy;

  /** @param message null for a block the miner makes on its own ({@code miner.enabled}) */
  private record Job(Message<MineRequest> message, byte[] data, int attempt) {}

  /**
   * @param autoMine {@code miner.enabled}: also mine, without being asked, whenever transfers wait
   */
  public MinerVerticle(BlockFactory factory, int maxDataBytes, boolean autoMine) {
    this.factory = factory;
    this.maxDataBytes = maxDataBytes;
    this.autoMine = autoMine;
  }

  @Override
  public Future<?> start() {
    sealer = vertx.createSharedWorkerExecutor("miner-seal", 1);
    seal = new Seal(factory);
    chain = new ChainClient(vertx);
    ledger = new LedgerClient(vertx);
    next = new NextTemplate((parent, n) -> ledger.templates(parent, AccountId.of(factory.producer()), n),
        System::currentTimeMillis, TEMPLATE_AGE_MS);
    vertx.eventBus().<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> onBlockAdded(m.body()));
    vertx.eventBus().<AddResult.Reorg>localConsumer(Addresses.CHAIN_REORG, m -> moveTip(m.body().newHead()));
    vertx.eventBus().<MineRequest>localConsumer(Addresses.MINER_MINE, this::onMine);
    vertx.eventBus().localConsumer(Addresses.LEDGER_TRANSFER_ACCEPTED, m -> onTransferAccepted());
    return chain.head().onSuccess(this::moveTip).onSuccess(h -> keepMining());
  }

  private void onMine(Message<MineRequest> m) {
    if (m.body().data().length > maxDataBytes) {
      m.fail(Bus.TOO_LARGE, Bus.failure("DATA_TOO_LARGE",
          "block data is " + m.body().data().length + " bytes, the limit (chain.maxBlockDataBytes) is " + maxDataBytes));
      return;
    }
    queue.add(new Job(m, m.body().data(), 1));
    drain();
  }

  /**
   * Seals every waiting request in one worker task, each block on top of the one before, so
   * that concurrent clients share thread hand-offs the way they share the chain's fsyncs.
   */
  private void drain() {
    if (busy || queue.isEmpty()) {
      return;
    }
    busy = true;
    List<Job> jobs = new ArrayList<>();
    while (!queue.isEmpty() && jobs.size() < MAX_BATCH) {
      jobs.add(queue.poll());
    }
    AtomicBoolean cancel = new AtomicBoolean();
    currentCancel = cancel;
    Hash parentHash = tipHash;
    // The chain picks the transfers and computes the state roots; it already holds the blocks we
    // built before, in its pending overlay, since our submits reach it ahead of this request.
    next.take(parentHash, jobs.size())
        .compose(t -> sealer.executeBlocking(() -> sealAndSubmit(jobs, t, parentHash, cancel), false))
        .onComplete(ar -> {
          busy = false;
          currentCancel = null;
          if (ar.failed() && ar.cause() instanceof ReplyException re && re.failureCode() == Bus.NOT_FOUND) {
            // the block we meant to build on is not stored (refused, or gone in a reorg): start from the head
            chain.head().onComplete(head -> {
              if (head.succeeded()) {
                moveTip(head.result());
              }
              for (int i = jobs.size() - 1; i >= 0; i--) {
                retry(jobs.get(i), "the chain has no block to build on");
              }
              drain();
            });
            return;
          }
          if (ar.failed()) {
            log.error("making a block failed", ar.cause());
            retargetPause();
            jobs.forEach(j -> fail(j, Bus.INTERNAL, Bus.failure("INTERNAL", String.valueOf(ar.cause().getMessage()))));
          } else if (ar.result() == null) {
            // cancelled: the tip moved; build them all again on the new one, in the same order
            for (int i = jobs.size() - 1; i >= 0; i--) {
              queue.addFirst(jobs.get(i));
            }
          } else {
            List<Block> made = ar.result().blocks();
            tipHash = made.get(made.size() - 1).hash();
            for (int i = 0; i < made.size(); i++) {
              onStored(made.get(i), jobs.get(i), ar.result().stored().get(i));
            }
          }
          drain();
          keepMining();
        });
  }

  /**
   * {@code miner.enabled} on a retargeting chain: mine without pause, empty blocks too, as a
   * proof-of-work miner does; the target keeps the rate near {@code targetBlockMillis}. (At a
   * fixed difficulty that would be thousands of blocks a second: there, only mempool contents.)
   */
  private void keepMining() {
    if (autoMine && factory.powRules().retargets() && !busy && queue.isEmpty() && !stopping) {
      queue.add(new Job(null, new byte[0], 1));
      drain();
    }
  }

  /** After a failure, continuous mining waits a moment rather than failing in a tight loop. */
  private void retargetPause() {
    if (autoMine && factory.powRules().retargets()) {
      busy = true;
      vertx.setTimer(1000, id -> {
        busy = false;
        drain();
        keepMining();
      });
    }
  }

  /**
   * Seals the blocks (null when cancelled) and hands them to the chain from the sealing thread, one
   * hand-off fewer before the write; the answers come back on this verticle's event loop.
   */
  private Sealed sealAndSubmit(List<Job> jobs, Templates t, Hash parentHash, AtomicBoolean cancel) {
    List<Block> made = seal.all(jobs.stream().map(Job::data).toList(), t.bodies(), t.parent(), parentHash, cancel);
    if (made == null) {
      return null;
    }
    long now = System.currentTimeMillis();
    return new Sealed(made, made.stream().map(b -> chain.submit(b, BlockSource.LOCAL, now, true)).toList());
  }

  private record Sealed(List<Block> blocks, List<Future<AddResult>> stored) {}

  private void onStored(Block block, Job job, Future<AddResult> stored) {
    stored.onComplete(ar -> {
      if (ar.failed()) {
        fail(job, Bus.INTERNAL, Bus.failure("STORAGE", String.valueOf(ar.cause().getMessage())));
        return;
      }
      AddResult result = ar.result();
      if (result instanceof AddResult.Added added && added.becameTip()) {
        if (block.hash().equals(tipHash) && queue.isEmpty() && !busy) {
          next.prefetch(tipHash); // the chain has flushed: it builds the next template while the client reads
        }
        if (job.message() != null) {
          job.message().reply(block, Bus.LOCAL);
        } else if (block.txCount() > 0) {
          log.info("mined block {} with {} transfers", block.height(), block.txCount());
          mineMoreIfPending();
        }
        return;
      }
      // Lost a race with a peer's block, or built on a block that lost one: start again from the chain's tip.
      chain.head().onComplete(head -> {
        if (head.succeeded()) {
          moveTip(head.result());
        }
        retry(job, "the block lost " + MAX_ATTEMPTS + " races with blocks from peers; try again");
        drain();
      });
    });
  }

  /** Queues the job again at the front, or fails it once it has had {@link #MAX_ATTEMPTS}. */
  private void retry(Job job, String why) {
    if (job.attempt() >= MAX_ATTEMPTS) {
      fail(job, Bus.CONFLICT, Bus.failure("CONFLICT", why));
      return;
    }
    queue.addFirst(new Job(job.message(), job.data(), job.attempt() + 1));
  }

  private static void fail(Job job, int code, String message) {
    if (job.message() != null) {
      job.message().fail(code, message);
    }
  }

  /** {@code miner.enabled}: a block for the mempool whenever it holds transfers and nothing else is being mined. */
  private void onTransferAccepted() {
    next.drop();
    if (autoMine && !busy && queue.isEmpty()) {
      queue.add(new Job(null, new byte[0], 1));
      drain();
    }
  }

  /** After a mined block, the transfers that did not fit get the next one. */
  private void mineMoreIfPending() {
    if (!autoMine) {
      return;
    }
    ledger.mempool().onSuccess(info -> {
      if (info.count() > 0) {
        onTransferAccepted();
      }
    });
  }

  private void onBlockAdded(BlockAdded e) {
    if (e.becameTip() && !(e.source() instanceof BlockSource.Local)) {
      moveTip(new Head(e.block().hash(), e.block().height(), e.totalWork()));
    }
  }

  private void moveTip(Head head) {
    if (head.hash().equals(tipHash)) {
      return;
    }
    tipHash = head.hash();
    next.drop();
    AtomicBoolean cancel = currentCancel;
    if (cancel != null) {
      cancel.set(true);
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    AtomicBoolean cancel = currentCancel;
    if (cancel != null) {
      cancel.set(true);
    }
    queue.forEach(j -> fail(j, Bus.UNAVAILABLE, Bus.failure("SHUTTING_DOWN", "the node is stopping")));
    queue.clear();
    return sealer == null ? Future.succeededFuture() : sealer.close();
  }
}
