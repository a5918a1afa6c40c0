package dev.meshledger.sync;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.verify.BlockVerifier;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync, from the fork point to the target: asks the ranges {@link SyncPool} hands out,
 * verifies up to {@link #MAX_VERIFYING} batches at once on all cores and stores them in order,
 * one write each, while the next are already on their way. It ends when the pool is done or
 * stalls, the peer it follows changes branch, or the chain refuses a batch. Runs on the sync
 * verticle's context.
 */
final class SyncRun {
  private static final Logger log = LoggerFactory.getLogger(SyncRun.class);
  /** Batches verified at once: enough that every verify thread always has work. */
  static final int MAX_VERIFYING = 3;
  /** Batches being written at once: one in the chain's write while the next waits behind it. */
  static final int MAX_STORING = 2;

  private final SyncPool pool;
  private final BlockVerifier verifier;
  private final ChainClient chain;
  private final NetworkClient network;
  private final Consumer<Boolean> onEnd;
  private final BatchChecks checks = new BatchChecks();
  /** Blocks at or below it skip their signature checks (assume-valid); -1: none do. */
  private long assumeValidHeight = -1;
  /** True while the headers of the branch are still arriving: reaching the target is not the end yet. */
  private boolean headersComing;
  private int storing;
  private boolean ended;

  /** @param onEnd told once, when the run ends: true when it reached its target */
  SyncRun(SyncPool pool, BlockVerifier verifier, ChainClient chain, NetworkClient network, Consumer<Boolean> onEnd) {
    this.pool = pool;
    this.verifier = verifier;
    this.chain = chain;
    this.network = network;
    this.onEnd = onEnd;
  }

  /** Blocks up to {@code height} are on the branch leading to the assume-valid block: their signatures are not checked. */
  SyncRun assumeValidUpTo(long height) {
    assumeValidHeight = height;
    return this;
  }

  /** Bodies are fetched while the headers still arrive: the run does not end at its target until {@link #headersDone}. */
  SyncRun headersComing(boolean coming) {
    headersComing = coming;
    return this;
  }

  /** More headers of the branch were checked, served by {@code peerId}. */
  void extendTo(String peerId, long height, long newAssumeValidHeight) {
    pool.extendTarget(peerId, height);
    assumeValidHeight = Math.max(assumeValidHeight, newAssumeValidHeight);
    pump();
  }

  void headersDone() {
    headersComing = false;
    pump();
  }

  void peer(String peerId, long height) {
    pool.peer(peerId, height);
  }

  void peerLeft(String peerId) {
    pool.removePeer(peerId);
    pump();
  }

  /** A CHAIN_RESPONSE; {@code claim} is what its peer claims now (null once it left). */
  void onResponse(String peerId, ChainResponse r, PeerClaim claim) {
    SyncPool.Verdict v = pool.onResponse(peerId, r.requestId(), r.blocks());
    if (claim != null) {
      pool.peer(peerId, claim.height());
    }
    if (v == SyncPool.Verdict.BAD) {
      network.penalize(peerId, Offence.INVALID_CHAIN_DATA, "blocks out of sequence or unlinked");
      pool.removePeer(peerId);
    } else if (v == SyncPool.Verdict.OFF_BRANCH) {
      log.debug("sync: peer {} served blocks off the branch being synced; not asked again in this sync", peerId);
    } else if (v == SyncPool.Verdict.UNSOLICITED) {
      network.penalize(peerId, Offence.UNSOLICITED, "CHAIN_RESPONSE " + r.requestId() + " nobody asked for");
    }
    pump();
  }

  /** Requests past their deadline go to others; their peers were too slow. */
  void tick(long nowMillis) {
    for (String slow : pool.expire(nowMillis)) {
      network.penalize(slow, Offence.SLOW_RESPONSE, "a CHAIN_REQUEST went unanswered");
    }
    pump();
  }

  /** Sends what the pool wants asked, and moves the next ready batches through verify and store. */
  void pump() {
    if (ended) {
      return;
    }
    for (SyncPool.Request q : pool.nextRequests(System.currentTimeMillis())) {
      network.send(q.peerId(), new ChainRequest(q.requestId(), List.of(), q.from(), q.count()));
    }
    while (checks.size() < MAX_VERIFYING && storing < MAX_STORING) {
      SyncPool.Batch batch = pool.poll();
      if (batch == null) {
        break;
      }
      checks.add(batch, verifier.verify(batch.blocks(), assumeValidHeight), () -> {
        storeChecked();
        pump();
      });
    }
    boolean idle = checks.isEmpty() && storing == 0;
    if (pool.anchorDiverged()) {
      // A batch still being checked may be what broke the link (a forged block changes its
      // hash): let the checks finish first, so that a liar is caught and punished, not obeyed.
      if (idle) {
        log.info("sync: the peer we followed changed branch; starting over");
        end(false);
      }
    } else if (idle && ((pool.done() && !headersComing) || pool.stalled())) {
      end(pool.done());
    }
  }

  /** Stores the checked batches at the front of the queue, in order; rewinds at a bad one. */
  private void storeChecked() {
    BatchChecks.Checked c;
    while (!ended && (c = checks.poll()) != null) {
      SyncPool.Batch batch = c.batch();
      if (c.failure() == null) {
        store(batch);
        continue;
      }
      log.info("sync: peer {} served an invalid block: {}", NodeIds.shortId(batch.peerId()), c.failure());
      network.penalize(batch.peerId(), Offence.INVALID_CHAIN_DATA, c.failure());
      // The batches after it go back to the pool unchecked; their checks are ignored.
      pool.rewind(batch, batch.blocks().get(0).prevHash(), checks.clear());
    }
  }

  private void store(SyncPool.Batch batch) {
    storing++;
    chain.submitBatch(batch.blocks(), new BlockSource.Sync(batch.peerId()), System.currentTimeMillis(), true)
        .onComplete(ar -> {
          storing--;
          if (ended) {
            return;
          }
          if (ar.failed()) {
            log.warn("sync: storing a batch failed: {}", ar.cause().getMessage());
            end(false);
          } else if (ar.result().rejected() != null) {
            log.info("sync: block {} refused ({}); starting over", ar.result().rejected(), ar.result().reason());
            end(false);
          }
          pump();
        });
  }

  private void end(boolean complete) {
    ended = true;
    checks.clear();
    onEnd.accept(complete);
  }

  long target() {
    return pool.target();
  }

  int inFlightCount() {
    return pool.inFlightCount();
  }

  int bufferedBlocks() {
    return pool.bufferedBlocks();
  }
}
