package dev.meshledger.sync;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.HeadFollower;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.config.SyncLimits;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.HeaderChecks;
import dev.meshledger.verify.BlockVerifier;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message.GetHeaders;
import dev.meshledger.wire.Message.Headers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocksync reactor. Requests from peers go to {@link ChainServer}, the serving side; the
 * rest is catching up: when a peer claims more work ({@link PeerClaims}), or gossip points at one,
 * find the fork point with a block locator, then fetch everything past it from every peer that
 * can serve it (a {@link SyncRun}). A heavier branch arrives this way too: the chain switches to
 * it once it has more work (reorg).
 */
public final class SyncVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SyncVerticle.class);
  /** How often late requests are asked again of others, and progress is measured. */
  private static final long TICK_MS = 500;
  /** Progress is logged and published once a second. */
  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
  /** Locate requests get ids from here up, apart from the pool's small ones. */
  private static final long LOCATE_ID_BASE = 1L << 48;

  private final NodeConfig config;
  private final SyncLimits limits;
  private final PeerClaims claims = new PeerClaims();
  private ChainClient chain;
  private NetworkClient network;
  private BlockVerifier verifier;
  private HeadFollower head;
  private ChainServer server;
  private HeaderServer headerServer;
  private final HeaderChecks headerChecks;
  private HeaderSync headers;
  /** The current headers phase already had a run of bodies (which may have ended since). */
  private boolean bodiesStarted;
  /** {@code sync.assumeValid}'s way there as look-aheads found it, kept across rounds; null without it. */
  private AssumeValidPath assumeValidPath;
  private SyncRun run;
  private SyncMeter meter;
  private long locateId = LOCATE_ID_BASE;
  private long timer = -1;

  public SyncVerticle(NodeConfig config) {
    this.config = config;
    this.limits = config.syncLimits();
    this.headerChecks = new HeaderChecks(config.chainParams(), Genesis.of(config.chainParams()).hash());
  }

  @Override
  public Future<?> start() {
    chain = new ChainClient(vertx);
    network = new NetworkClient(vertx);
    // a sync's signatures rarely come again: it uses what gossip and the mempool verified, adding nothing
    verifier = new BlockVerifier(vertx, new BlockValidator(config.chainParams(), Ed25519.cache().lookupOnly()),
        limits.verifyThreadCount());
    assumeValidPath = limits.assumeValid() == null ? null : new AssumeValidPath(limits.assumeValid(), limits.maxHeaders());
    var bus = vertx.eventBus();
    // Peers may connect while the head is being asked for: keep their claims from the start.
    bus.<PeerInfo>localConsumer(Addresses.P2P_PEER_CONNECTED, m -> onPeer(m.body()));
    bus.<PeerDisconnected>localConsumer(Addresses.P2P_PEER_DISCONNECTED, m -> onPeerGone(m.body().nodeId()));
    return HeadFollower.start(vertx).onSuccess(h -> {
      head = h;
      server = new ChainServer(chain, network, config.p2pLimits().maxFrameBytes());
      headerServer = new HeaderServer(chain, network, h, config.p2pLimits().maxFrameBytes(), limits.headersPerRequest());
      bus.<Inbound>localConsumer(Addresses.P2P_IN_BLOCKSYNC, m -> onInbound(m.body()));
      bus.<String>localConsumer(Addresses.SYNC_FROM, m -> onSyncFrom(m.body()));
      bus.localConsumer(Addresses.SYNC_STATUS, m -> m.reply(progress(run == null), Bus.LOCAL));
      timer = vertx.setPeriodic(TICK_MS, t -> tick());
      maybeStart(h.head());
    });
  }

  private void onInbound(Inbound in) {
    if (in.message() instanceof ChainRequest r) {
      server.serve(in.peerId(), r);
    } else if (in.message() instanceof ChainResponse r) {
      onResponse(in.peerId(), r);
    } else if (in.message() instanceof GetHeaders g) {
      headerServer.serve(in.peerId(), g);
    } else if (in.message() instanceof Headers h && (headers == null || !headers.onHeaders(in.peerId(), h, ++locateId))) {
      network.penalize(in.peerId(), Offence.UNSOLICITED, "HEADERS " + h.requestId() + " nobody asked for");
    }
  }

  private void onPeer(PeerInfo p) {
    claims.connected(p.nodeId(), new PeerClaim(p.height(), p.totalWork()));
    if (run != null && claims.trusted(p.nodeId())) {
      run.peer(p.nodeId(), p.height());
    }
    if (head != null) {
      maybeStart(head.head());
    }
  }

  private void onPeerGone(String id) {
    claims.remove(id);
    if (server != null) {
      server.forget(id);
      headerServer.forget(id);
    }
    if (run != null) {
      run.peerLeft(id);
    }
    if (headers != null && id.equals(headers.peerId())) {
      headers.peerLeft();
    }
  }

  /** Gossip heard of blocks we lack from this peer: fetch them now, or once the current sync ends. */
  private void onSyncFrom(String peerId) {
    if (!claims.knows(peerId)) {
      return;
    }
    if (run == null && headers == null) {
      locate(peerId);
    } else {
      claims.want(peerId);
    }
  }

  /** Starts a sync with the peer claiming the most work, if more than ours; else with one gossip pointed at. */
  private void maybeStart(Head ours) {
    if (run == null && headers == null) {
      claims.heaviestAbove(ours.totalWork()).or(claims::takeWanted).ifPresent(this::locate);
    }
  }

  /** Headers first: asks one peer for its best chain's headers past where ours parts from it. */
  private void locate(String peerId) {
    PeerClaim claim = claims.get(peerId);
    Head ours = head.head();
    HeaderSync.SyncSettings settings = new HeaderSync.SyncSettings(limits.headersPerRequest(), limits.maxHeaders(),
        limits.requestTimeoutMs(), assumeValidPath, config.chainParams().isBft());
    HeaderSync hs = new HeaderSync(vertx, chain, network, headerChecks, settings, peerId,
        claim == null ? Work.ZERO : claim.totalWork(), ours, (o, branch) -> onHeadersDone(peerId, o, branch))
        .onProgress(branch -> onHeadersProgress(peerId, branch));
    headers = hs;
    bodiesStarted = false;
    chain.locator().onSuccess(hashes -> hs.start(++locateId, hashes)).onFailure(e -> {
      log.warn("sync: no locator from the chain: {}", e.getMessage());
      headers = null;
    });
  }

  /**
   * Headers still arriving: bodies are fetched for the checked part once it beats our work (with
   * {@code sync.assumeValid} set, once the assumed block's header is in, so that what its signatures
   * are skipped for does not depend on timing).
   */
  private void onHeadersProgress(String peerId, HeaderChain branch) {
    if (run != null) {
      run.extendTo(peerId, branch.tip().height(), branch.assumeValidHeight());
    } else if (!bodiesStarted && branch.tip().totalWork().beats(head.head().totalWork())
        && (limits.assumeValid() == null || branch.assumeValidHeight() >= 0)) {
      fetchBodies(peerId, branch, true);
    }
  }

  private void onHeadersDone(String peerId, HeaderSync.Outcome o, HeaderChain branch) {
    headers = null;
    switch (o) {
      case REFUTED -> claims.refute(peerId);
      case NOTHING_BETTER -> claims.capWork(peerId, head.head().totalWork());
      case SLOW, FAILED -> claims.distrust(peerId);
      case READY -> { }
    }
    if (run != null) { // its bodies are on their way: the run goes on with what was checked
      if (o == HeaderSync.Outcome.READY) {
        run.extendTo(peerId, branch.tip().height(), branch.assumeValidHeight());
      }
      run.headersDone();
    } else if (o == HeaderSync.Outcome.READY && !bodiesStarted) {
      fetchBodies(peerId, branch, false);
    } else {
      // nothing better here, or a run of this branch's bodies already ended: start afresh from where we are
      maybeStart(head.head());
    }
  }

  /** The second phase: bodies of the checked headers, from every peer that has them, each checked against its header. */
  private void fetchBodies(String peerId, HeaderChain branch, boolean headersComing) {
    long target = branch.tip().height();
    SyncPool pool = new SyncPool(limits.batchSize(), limits.requestsPerPeer(), limits.windowBatches(), limits.windowBytes(),
        limits.requestTimeoutMs());
    pool.start(peerId, branch.fork().height(), branch.fork().hash(), target);
    pool.expect(branch::hashAt);
    claims.all().forEach((id, c) -> {
      if (claims.trusted(id)) {
        pool.peer(id, c.height());
      }
    });
    pool.peer(peerId, target);
    Head ours = head.head();
    meter = new SyncMeter(System.nanoTime(), ours.height());
    bodiesStarted = true;
    log.info("sync: our height {}, peer {} is at {}; {} headers checked, fetching from height {} with {} peers{}",
        ours.height(), NodeIds.shortId(peerId), target, branch.size(), branch.fork().height() + 1, claims.size(),
        branch.assumeValidHeight() < 0 ? "" : " (signatures assumed valid up to " + branch.assumeValidHeight() + ")");
    SyncRun started = new SyncRun(pool, verifier, chain, network, complete -> finish(complete, pool.target()))
        .assumeValidUpTo(branch.assumeValidHeight()).headersComing(headersComing);
    run = started;
    started.pump();
  }

  private void onResponse(String peerId, ChainResponse r) {
    if (run != null) { // else a late answer to a sync that has ended
      run.onResponse(peerId, r, claims.raise(peerId, r.peerHeight(), Work.ZERO));
    }
  }

  private void finish(boolean complete, long target) {
    run = null;
    SyncMeter done = meter; // another sync may start before the chain answers
    double seconds = done.seconds(System.nanoTime());
    // The chain answers a batch before it publishes the block-added event: ask it for the newest head.
    chain.head().onComplete(ar -> {
      Head followed = head.head();
      Head ours = ar.succeeded() && ar.result().totalWork().compareTo(followed.totalWork()) >= 0 ? ar.result() : followed;
      long blocks = done.blocksSince(ours.height());
      if (complete) {
        log.info("sync finished: height {}, {} blocks in {} s ({} blocks/s)", ours.height(), blocks,
            String.format("%.1f", seconds), Math.round(blocks / Math.max(seconds, 1e-3)));
      } else {
        log.info("sync stopped at height {} of {}", ours.height(), target);
      }
      vertx.eventBus().publish(Addresses.SYNC_PROGRESS, new SyncProgress(false, ours.height(), target, 0, true),
          Bus.LOCAL);
      maybeStart(ours);
    });
  }

  private void tick() {
    if (run == null) {
      return;
    }
    run.tick(System.currentTimeMillis());
    long height = head.head().height();
    if (run != null && meter.sample(System.nanoTime(), height, PROGRESS_EVERY_NANOS)) {
      log.info("sync: height {} of {} ({} blocks/s, {} requests in flight, {} blocks buffered)", height,
          run.target(), Math.round(meter.rate()), run.inFlightCount(), run.bufferedBlocks());
      vertx.eventBus().publish(Addresses.SYNC_PROGRESS, progress(false), Bus.LOCAL);
    }
  }

  private SyncProgress progress(boolean done) {
    long height = head.head().height();
    return run == null ? new SyncProgress(false, height, height, 0, done)
        : new SyncProgress(true, height, run.target(), meter.rate(), done);
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return verifier.close();
  }
}
