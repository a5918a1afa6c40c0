package dev.meshledger.sync;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.verify.BlockVerifier;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BatchResult;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.ChainMessages.BlockList;
import dev.meshledger.bus.chain.ChainMessages.BlockRange;
import dev.meshledger.bus.chain.ChainMessages.Locator;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.chain.ChainMessages.SubmitBatch;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.config.SyncLimits;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.bus.p2p.PeerMessages.SendTo;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.WireCodec;
import dev.meshledger.domain.Head;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chain sync, both ways. Serves CHAIN_REQUESTs from our store; and when a peer has more work,
 * finds the fork point with a block locator, then fetches height ranges from every peer that
 * can serve them ({@link SyncPool} decides who gets what), verifies each batch on all cores and
 * stores it in one write, while the next batches are already on their way. A heavier branch
 * arrives this way too: the chain switches to it once it has more work (reorg).
 */
public final class SyncVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SyncVerticle.class);
  private static final long TICK_MS = 500;
  /** Locate requests get ids from here up, apart from the pool's small ones. */
  private static final long LOCATE_ID_BASE = 1L << 48;
  /** CHAIN_REQUESTs a peer may have us serve at once; more is a flood. */
  private static final int MAX_SERVING_PER_PEER = 8;
  /** Batches verified at once: enough that every verify thread always has work. */
  private static final int MAX_VERIFYING = 3;

  private final NodeConfig config;
  private final SyncLimits limits;
  private final Map<String, long[]> peers = new HashMap<>(); // id -> {height, totalWork}
  private final Map<String, Integer> serving = new HashMap<>();
  private BlockVerifier verifier;
  private Head head;
  private SyncPool pool;
  private String locatingPeer;
  private long locateId = LOCATE_ID_BASE;
  private long locateTimer = -1;
  /**
   * Batches being verified, in height order. Several at once, so that no core idles while one
   * batch's last chunk finishes; they are stored strictly in order as their checks complete.
   */
  private final ArrayDeque<Verifying> verifying = new ArrayDeque<>();
  /** Bumped when verification results must be ignored (a rewind or the end of a sync). */
  private int generation;
  private int submitting;

  private record Verifying(SyncPool.Batch batch, Future<Optional<BlockVerifier.Failure>> check) {}
  private long startedNanos;
  private long startHeight;
  private long lastProgressNanos;
  private long lastProgressHeight;
  private double rate;
  private long timer = -1;

  public SyncVerticle(NodeConfig config) {
    this.config = config;
    this.limits = config.syncLimits();
  }

  @Override
  public Future<?> start() {
    verifier = new BlockVerifier(vertx, new BlockValidator(config.chainParams()), limits.verifyThreadCount());
    var bus = vertx.eventBus();
    bus.<Inbound>localConsumer(Addresses.P2P_IN_BLOCKSYNC, m -> onInbound(m.body()));
    bus.<PeerInfo>localConsumer(Addresses.P2P_PEER_CONNECTED, m -> {
      PeerInfo p = m.body();
      peers.put(p.nodeId(), new long[] {p.height(), p.totalWork()});
      if (pool != null) {
        pool.peer(p.nodeId(), p.height());
      }
      maybeStart();
    });
    bus.<PeerDisconnected>localConsumer(Addresses.P2P_PEER_DISCONNECTED, m -> onPeerGone(m.body().nodeId()));
    bus.<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> {
      if (m.body().becameTip()) {
        head = new Head(m.body().block().hash(), m.body().block().height(), m.body().totalWork());
      }
    });
    bus.<AddResult.Reorg>localConsumer(Addresses.CHAIN_REORG, m -> head = m.body().newHead());
    bus.<String>localConsumer(Addresses.SYNC_FROM, m -> {
      long[] p = peers.get(m.body());
      if (p != null && pool == null && locatingPeer == null) {
        locate(m.body());
      }
    });
    bus.localConsumer(Addresses.SYNC_STATUS, m -> m.reply(progress(pool == null), Bus.LOCAL));
    return bus.<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL).onSuccess(m -> {
      head = m.body();
      timer = vertx.setPeriodic(TICK_MS, t -> tick());
    });
  }

  private void onInbound(Inbound in) {
    switch (in.message().type()) {
      case CHAIN_REQUEST -> serve(in.peerId(), (ChainRequest) in.message());
      case CHAIN_RESPONSE -> onResponse(in.peerId(), (ChainResponse) in.message());
      case BLOCK_ANNOUNCE -> {
        Message.BlockAnnounce a = (Message.BlockAnnounce) in.message();
        notePeer(in.peerId(), a.height(), a.totalWork());
        maybeStart();
      }
      case BLOCK -> notePeer(in.peerId(), ((Message.BlockMessage) in.message()).block().height(), 0);
      default -> { }
    }
  }

  private void notePeer(String id, long height, long work) {
    long[] p = peers.get(id);
    if (p != null) {
      p[0] = Math.max(p[0], height);
      p[1] = Math.max(p[1], work);
      if (pool != null) {
        pool.peer(id, p[0]);
      }
    }
  }

  private void onPeerGone(String id) {
    peers.remove(id);
    serving.remove(id);
    if (pool != null) {
      pool.removePeer(id);
      pump();
    }
    if (id.equals(locatingPeer)) {
      vertx.cancelTimer(locateTimer);
      locatingPeer = null;
      maybeStart();
    }
  }

  // ---- fetching ----

  /** Starts a sync with the peer claiming the most work, if it claims more than we have. */
  private void maybeStart() {
    if (pool != null || locatingPeer != null) {
      return;
    }
    String best = null;
    long bestWork = head.totalWork();
    for (Map.Entry<String, long[]> e : peers.entrySet()) {
      if (e.getValue()[1] > bestWork) {
        best = e.getKey();
        bestWork = e.getValue()[1];
      }
    }
    if (best != null) {
      locate(best);
    }
  }

  /** Asks one peer for the blocks after the first locator hash it has: that finds the fork point. */
  private void locate(String peerId) {
    locatingPeer = peerId;
    long id = ++locateId;
    vertx.eventBus().<Locator>request(Addresses.CHAIN_LOCATOR, null, Bus.LOCAL).onSuccess(m -> {
      send(peerId, new ChainRequest(id, m.body().hashes(), 0, limits.batchSize()));
      locateTimer = vertx.setTimer(limits.requestTimeoutMs(), t -> {
        if (peerId.equals(locatingPeer) && pool == null) {
          penalize(peerId, Offence.SLOW_RESPONSE, "no answer to a locator request");
          long[] p = peers.get(peerId);
          if (p != null) {
            p[1] = 0; // stop picking it until it tells us more
          }
          locatingPeer = null;
          maybeStart();
        }
      });
    });
  }

  private void onResponse(String peerId, ChainResponse r) {
    if (peerId.equals(locatingPeer) && r.requestId() == locateId) {
      vertx.cancelTimer(locateTimer);
      locatingPeer = null;
      onLocated(peerId, r);
      return;
    }
    if (pool == null) {
      return; // a late answer to a sync that has ended
    }
    SyncPool.Verdict v = pool.onResponse(peerId, r.requestId(), r.blocks());
    notePeer(peerId, r.peerHeight(), 0);
    if (v == SyncPool.Verdict.BAD) {
      penalize(peerId, Offence.INVALID_CHAIN_DATA, "blocks out of sequence or unlinked");
      pool.removePeer(peerId);
    } else if (v == SyncPool.Verdict.UNSOLICITED) {
      penalize(peerId, Offence.UNSOLICITED, "CHAIN_RESPONSE " + r.requestId() + " nobody asked for");
    }
    pump();
  }

  private void onLocated(String peerId, ChainResponse r) {
    long[] p = peers.get(peerId);
    if (r.blocks().isEmpty()) {
      if (p != null) {
        p[1] = Math.min(p[1], head.totalWork()); // it has nothing past our locator
      }
      maybeStart();
      return;
    }
    List<Block> blocks = r.blocks();
    for (int i = 1; i < blocks.size(); i++) {
      if (blocks.get(i).height() != blocks.get(i - 1).height() + 1 || !blocks.get(i).prevHash().equals(blocks.get(i - 1).hash())) {
        penalize(peerId, Offence.INVALID_CHAIN_DATA, "locator answer out of sequence");
        return;
      }
    }
    Block first = blocks.get(0);
    long target = Math.max(r.peerHeight(), blocks.get(blocks.size() - 1).height());
    pool = new SyncPool(limits.batchSize(), limits.requestsPerPeer(), limits.windowBatches(), limits.requestTimeoutMs());
    pool.start(peerId, first.height() - 1, first.prevHash(), target);
    peers.forEach((id, hw) -> pool.peer(id, hw[0]));
    pool.peer(peerId, target);
    pool.offerFirst(blocks);
    startedNanos = System.nanoTime();
    startHeight = head.height();
    lastProgressNanos = startedNanos;
    lastProgressHeight = head.height();
    log.info("sync: our height {}, peer {} is at {}; fetching from height {} with {} peers", head.height(),
        shortId(peerId), target, first.height(), peers.size());
    pump();
  }

  /** Sends what the pool wants asked, and moves the next ready batch through verify and store. */
  private void pump() {
    if (pool == null) {
      return;
    }
    for (SyncPool.Request q : pool.nextRequests(System.currentTimeMillis())) {
      send(q.peerId(), new ChainRequest(q.requestId(), List.of(), q.from(), q.count()));
    }
    while (verifying.size() < MAX_VERIFYING && submitting < 2) {
      SyncPool.Batch batch = pool.poll();
      if (batch == null) {
        break;
      }
      int gen = generation;
      Verifying v = new Verifying(batch, verifier.verify(batch.blocks()));
      verifying.add(v);
      v.check().onComplete(ar -> {
        if (gen == generation) {
          storeVerified();
          pump();
        }
      });
    }
    if (pool.anchorDiverged()) {
      // A batch still being checked may be what broke the link (a forged block changes its
      // hash): let the checks finish first, so that a liar is caught and punished, not obeyed.
      if (verifying.isEmpty() && submitting == 0) {
        log.info("sync: the peer we followed changed branch; starting over");
        finish(false);
      }
    } else if (verifying.isEmpty() && submitting == 0 && (pool.done() || pool.stalled())) {
      finish(pool.done());
    }
  }

  /** Stores the verified batches at the front of the queue, in order; rewinds at a bad one. */
  private void storeVerified() {
    while (pool != null && !verifying.isEmpty() && verifying.peekFirst().check().isComplete()) {
      Verifying v = verifying.pollFirst();
      SyncPool.Batch batch = v.batch();
      if (v.check().succeeded() && v.check().result().isEmpty()) {
        store(batch);
        continue;
      }
      String why = v.check().failed() ? String.valueOf(v.check().cause().getMessage())
          : v.check().result().get().reason() + " at height " + v.check().result().get().block().height();
      log.info("sync: peer {} served an invalid block: {}", shortId(batch.peerId()), why);
      penalize(batch.peerId(), Offence.INVALID_CHAIN_DATA, why);
      // The batches after it go back to the pool unchecked; their checks are ignored.
      List<SyncPool.Batch> later = verifying.stream().map(Verifying::batch).toList();
      verifying.clear();
      generation++;
      pool.rewind(batch, batch.blocks().get(0).prevHash(), later);
    }
  }

  private void store(SyncPool.Batch batch) {
    submitting++;
    SubmitBatch submit = new SubmitBatch(batch.blocks(), new BlockSource.Sync(batch.peerId()), System.currentTimeMillis(), true);
    vertx.eventBus().<BatchResult>request(Addresses.CHAIN_SUBMIT_BATCH, submit, Bus.LOCAL).onComplete(ar -> {
      submitting--;
      if (pool == null) {
        return;
      }
      if (ar.failed()) {
        log.warn("sync: storing a batch failed: {}", ar.cause().getMessage());
        finish(false);
      } else if (ar.result().body().rejected() != null) {
        BatchResult r = ar.result().body();
        log.info("sync: block {} refused ({}); starting over", r.rejected(), r.reason());
        finish(false);
      }
      pump();
    });
  }

  private void finish(boolean complete) {
    SyncPool done = pool;
    pool = null;
    verifying.clear();
    generation++;
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    // Ask the chain: our copy of the head moves only when the last batch's event arrives.
    vertx.eventBus().<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL).onComplete(ar -> {
      if (ar.succeeded() && ar.result().body().totalWork() >= head.totalWork()) {
        head = ar.result().body();
      }
      long blocks = head.height() - startHeight;
      if (complete) {
        log.info("sync finished: height {}, {} blocks in {} s ({} blocks/s)", head.height(), blocks,
            String.format("%.1f", seconds), Math.round(blocks / Math.max(seconds, 1e-3)));
      } else {
        log.info("sync stopped at height {} of {}", head.height(), done.target());
      }
      vertx.eventBus().publish(Addresses.SYNC_PROGRESS, new SyncProgress(false, head.height(), done.target(), 0, true),
          Bus.LOCAL);
      maybeStart();
    });
  }

  private void tick() {
    if (pool == null) {
      return;
    }
    for (String slow : pool.expire(System.currentTimeMillis())) {
      penalize(slow, Offence.SLOW_RESPONSE, "a CHAIN_REQUEST went unanswered");
    }
    pump();
    long now = System.nanoTime();
    if (pool != null && now - lastProgressNanos >= 1_000_000_000L) {
      rate = (head.height() - lastProgressHeight) / ((now - lastProgressNanos) / 1e9);
      lastProgressNanos = now;
      lastProgressHeight = head.height();
      log.info("sync: height {} of {} ({} blocks/s, {} requests in flight, {} blocks buffered)", head.height(),
          pool.target(), Math.round(rate), pool.inFlightCount(), pool.bufferedBlocks());
      vertx.eventBus().publish(Addresses.SYNC_PROGRESS, progress(false), Bus.LOCAL);
    }
  }

  private SyncProgress progress(boolean done) {
    long target = pool != null ? pool.target() : head.height();
    return new SyncProgress(pool != null, head.height(), target, pool != null ? rate : 0, done);
  }

  // ---- serving ----

  /** Answers a peer's CHAIN_REQUEST from our best chain, never more than fits one frame. */
  private void serve(String peerId, ChainRequest r) {
    int now = serving.getOrDefault(peerId, 0);
    if (now >= MAX_SERVING_PER_PEER) {
      penalize(peerId, Offence.FLOOD, "over " + MAX_SERVING_PER_PEER + " chain requests at once");
      return;
    }
    serving.put(peerId, now + 1);
    Future<Long> from = r.locator().isEmpty() ? Future.succeededFuture(r.fromHeight())
        : vertx.eventBus().<Long>request(Addresses.CHAIN_LOCATE, new Locator(r.locator()), Bus.LOCAL).map(m -> m.body() + 1);
    int count = Math.min(r.maxCount(), WireCodec.MAX_BLOCKS_PER_RESPONSE);
    from.compose(h -> vertx.eventBus().<BlockList>request(Addresses.CHAIN_BLOCKS, new BlockRange(h, count), Bus.LOCAL))
        .onComplete(ar -> {
          serving.computeIfPresent(peerId, (k, v) -> v > 1 ? v - 1 : null);
          if (ar.failed()) {
            return;
          }
          List<Block> out = new ArrayList<>();
          long budget = config.p2pLimits().maxFrameBytes() - 1024L;
          for (Block b : ar.result().body().blocks()) {
            budget -= BlockCodec.encodedSize(b);
            if (budget < 0) {
              break;
            }
            out.add(b);
          }
          send(peerId, new ChainResponse(r.requestId(), out, head.height()));
        });
  }

  private void send(String peerId, Message m) {
    vertx.eventBus().send(Addresses.P2P_SEND, new SendTo(peerId, m), Bus.LOCAL);
  }

  private void penalize(String peerId, Offence o, String detail) {
    vertx.eventBus().send(Addresses.P2P_PENALIZE, new Penalize(peerId, o, detail), Bus.LOCAL);
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return verifier.close();
  }
}
