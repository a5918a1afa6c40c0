package dev.meshledger.sync;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.HeaderChecks;
import dev.meshledger.wire.Message.GetHeaders;
import dev.meshledger.wire.Message.Headers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first phase of a sync (headers-first, as Bitcoin Core since 0.10): asks one peer, the one claiming
 * the most work, for the headers of its best chain past where ours parts from it, checks them
 * ({@link HeaderChecks}, on a worker) and holds them in memory ({@link HeaderChain}, at most
 * {@code sync.maxHeaders}). A peer whose headers do not link or break a rule, or end with less work than
 * it claimed, is penalised and its claim refuted; only a branch with more work than ours goes on to have
 * its bodies fetched. Runs on the sync verticle's context.
 */
final class HeaderSync {
  private static final Logger log = LoggerFactory.getLogger(HeaderSync.class);

  /** How the headers phase ended: READY hands on a branch heavier than ours. */
  enum Outcome { READY, NOTHING_BETTER, REFUTED, SLOW, FAILED }

  private final Vertx vertx;
  private final ChainClient chain;
  private final NetworkClient network;
  private final HeaderChecks checks;
  private final SyncSettings settings;
  private final String peerId;
  private final Work claimed;
  private final Head ours;
  private final BiConsumer<Outcome, HeaderChain> onEnd;
  private java.util.function.Consumer<HeaderChain> onProgress = b -> { };
  private List<Hash> locator;
  private HeaderChain branch;
  /** Where a look-ahead past the window has got to (null: none running), and how many headers it may still read. */
  private HeaderChecks.Tip lookAhead;
  private long lookAheadLeft;
  /** A look-ahead reads at most this many windows of headers past the window. */
  static final int LOOK_AHEAD_WINDOWS = 100;
  private long requestId;
  private long timer = -1;
  private boolean ended;

  /** What a headers phase needs of the node's settings. */
  record SyncSettings(int perRequest, int maxHeaders, long timeoutMs, AssumeValidPath assumeValid, boolean bft) {}

  HeaderSync(Vertx vertx, ChainClient chain, NetworkClient network, HeaderChecks checks, SyncSettings settings,
      String peerId, Work claimed, Head ours, BiConsumer<Outcome, HeaderChain> onEnd) {
    this.vertx = vertx;
    this.chain = chain;
    this.network = network;
    this.checks = checks;
    this.settings = settings;
    this.peerId = peerId;
    this.claimed = claimed;
    this.ours = ours;
    this.onEnd = onEnd;
  }

  String peerId() {
    return peerId;
  }

  /**
   * Told after each checked answer when more headers are coming: bodies may be fetched for what is
   * checked already, once its work beats ours (Bitcoin fetches blocks while headers still arrive).
   */
  HeaderSync onProgress(java.util.function.Consumer<HeaderChain> listener) {
    onProgress = listener;
    return this;
  }

  /** Asks for the headers after the first hash of {@code ourLocator} the peer has on its best chain. */
  void start(long id, List<Hash> ourLocator) {
    locator = ourLocator;
    ask(id, ourLocator);
  }

  private void ask(long id, List<Hash> hashes) {
    requestId = id;
    network.send(peerId, new GetHeaders(id, hashes, settings.perRequest()));
    timer = vertx.setTimer(settings.timeoutMs(), t -> {
      if (!ended && requestId == id) {
        network.penalize(peerId, Offence.SLOW_RESPONSE, "no answer to a GETHEADERS");
        end(Outcome.SLOW);
      }
    });
  }

  /** False when the message is not the answer awaited (the caller decides what that costs). */
  boolean onHeaders(String from, Headers h, long nextId) {
    if (ended || !from.equals(peerId) || h.requestId() != requestId) {
      return false;
    }
    vertx.cancelTimer(timer);
    requestId = -1;
    List<Header> headers = h.headers();
    if (headers.size() > settings.perRequest()) {
      refute("more headers than asked for");
      return true;
    }
    if (lookAhead != null) {
      lookAhead(headers, h.peerHeight(), nextId);
    } else if (branch == null) {
      first(headers, h.peerHeight(), nextId);
    } else if (!headers.isEmpty() && !headers.get(0).prevHash().equals(branch.tip().hash())) {
      // It moved to another branch since (or lies): go on with what was checked if that beats ours.
      log.info("sync: peer {} moved off the branch its headers showed", NodeIds.shortId(peerId));
      finish(false);
    } else {
      extend(headers, h.peerHeight(), nextId);
    }
    return true;
  }

  private void first(List<Header> headers, long peerHeight, long nextId) {
    if (headers.isEmpty()) {
      // Nothing past our locator: its best chain is one we have, so it has no more work than ours.
      // Ours as the chain has it now: the head we started from may lag a block just added.
      chain.head().onComplete(ar -> {
        Work now = ar.succeeded() ? ar.result().totalWork().max(ours.totalWork()) : ours.totalWork();
        if (claimed.beats(now)) {
          network.penalize(peerId, Offence.FALSE_WORK_CLAIM, "claimed " + claimed + " but has nothing past our chain");
          end(Outcome.REFUTED);
        } else {
          end(Outcome.NOTHING_BETTER);
        }
      });
      return;
    }
    Hash forkHash = headers.get(0).prevHash();
    if (!locator.contains(forkHash)) {
      refute("headers that start from none of our locator hashes");
      return;
    }
    // the locator starts at our head when it was made, which may be past the head this sync started from
    if (settings.bft() && !forkHash.equals(locator.get(0))) {
      refute("BFT headers that do not extend our final chain");
      return;
    }
    Future<HeaderChecks.Tip> fork = chain.forkPoint(forkHash).compose(fp -> settings.bft()
        ? chain.membership().map(m -> new HeaderChecks.Tip(fp.height(), fp.hash(), fp.totalWork(), null, m))
        : Future.succeededFuture(new HeaderChecks.Tip(fp.height(), fp.hash(), fp.totalWork(), fp.ancestry(), null)));
    fork.onSuccess(tip -> {
      branch = new HeaderChain(tip, settings.assumeValid());
      extend(headers, peerHeight, nextId);
    }).onFailure(e -> {
      log.warn("sync: no fork point {} from the chain: {}", forkHash.shortHex(), e.getMessage());
      end(Outcome.FAILED);
    });
  }

  /**
   * Checks the headers and asks for more while the peer says it has more ({@code peerHeight} above them:
   * a frame may hold fewer than asked), up to {@code sync.maxHeaders}.
   */
  private void extend(List<Header> headers, long peerHeight, long nextId) {
    checked(branch.tip(), headers, "a header", r -> {
      branch.append(headers, r.tip());
      boolean more = !headers.isEmpty() && r.tip().height() < peerHeight;
      if (more && branch.size() < settings.maxHeaders()) {
        ask(nextId, List.of(branch.tip().hash()));
        onProgress.accept(branch);
      } else if (more && lookAheadWanted()) {
        // the window is full and the assume-valid block lies beyond it: read on to it, keeping only marks
        lookAhead = branch.tip();
        lookAheadLeft = (long) LOOK_AHEAD_WINDOWS * settings.maxHeaders();
        settings.assumeValid().start(lookAhead.height(), lookAhead.hash());
        ask(nextId, List.of(lookAhead.hash()));
      } else {
        finish(!more);
      }
    });
  }

  /**
   * Checks {@code headers} from {@code from} on a worker; {@code then} gets the result when they pass.
   * A peer whose headers break a rule is refuted; a check that failed on our side ends the phase.
   */
  private void checked(HeaderChecks.Tip from, List<Header> headers, String what,
      java.util.function.Consumer<HeaderChecks.Result> then) {
    vertx.executeBlocking(() -> checks.extend(from, headers, System.currentTimeMillis()), true).onComplete(ar -> {
      if (ended) {
        return;
      }
      if (ar.failed()) {
        log.warn("sync: checking headers failed", ar.cause());
        end(Outcome.FAILED);
      } else if (ar.result().rejection().isPresent()) {
        refute(what + " that breaks the rules at height " + (ar.result().tip().height() + 1) + ": "
            + ar.result().rejection().get());
      } else {
        then.accept(ar.result());
      }
    });
  }

  /** Proof of work only: BFT headers carry commits, whose checks are what assume-valid would skip. */
  private boolean lookAheadWanted() {
    AssumeValidPath p = settings.assumeValid();
    return p != null && !settings.bft() && branch.assumeValidHeight() < 0 && !p.found();
  }

  /** Headers past the window, checked by the same rules and linked, read only for {@link AssumeValidPath}. */
  private void lookAhead(List<Header> headers, long peerHeight, long nextId) {
    if (!headers.isEmpty() && !headers.get(0).prevHash().equals(lookAhead.hash())) {
      finish(false); // the peer moved to another branch: the window stands as checked
      return;
    }
    checked(lookAhead, headers, "a header past the window", r -> {
      lookAhead = r.tip();
      lookAheadLeft -= headers.size();
      boolean found = settings.assumeValid().read(headers);
      if (!found && !headers.isEmpty() && lookAhead.height() < peerHeight && lookAheadLeft > 0) {
        ask(nextId, List.of(lookAhead.hash()));
      } else {
        finish(false);
      }
    });
  }

  /** The headers ended ({@code complete}: the peer has none after them) or filled the window. */
  private void finish(boolean complete) {
    Work work = branch.tip().totalWork();
    if (complete && claimed.beats(work)) {
      network.penalize(peerId, Offence.FALSE_WORK_CLAIM, "claimed " + claimed + ", its headers carry " + work);
      end(Outcome.REFUTED);
    } else {
      end(work.beats(ours.totalWork()) ? Outcome.READY : Outcome.NOTHING_BETTER);
    }
  }

  private void refute(String why) {
    log.info("sync: peer {} served {}", NodeIds.shortId(peerId), why);
    network.penalize(peerId, Offence.INVALID_CHAIN_DATA, why);
    end(Outcome.REFUTED);
  }

  /** The peer left: the phase ends without a verdict on it. */
  void peerLeft() {
    end(Outcome.FAILED);
  }

  /** Once: a verdict arriving after the peer left (or after a timeout) is dropped. */
  private void end(Outcome o) {
    if (ended) {
      return;
    }
    ended = true;
    vertx.cancelTimer(timer);
    onEnd.accept(o, branch);
  }
}
