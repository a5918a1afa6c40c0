package dev.meshledger.consensus;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.consensus.bft.Action;
import dev.meshledger.consensus.bft.Event;
import dev.meshledger.consensus.bft.Proposal;
import dev.meshledger.consensus.bft.TendermintCore;
import dev.meshledger.consensus.bft.TimeoutConfig;
import dev.meshledger.consensus.bft.Vote;
import dev.meshledger.consensus.bft.VoteType;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.wire.Message.DataMessage;
import dev.meshledger.wire.Message.ProposalMessage;
import dev.meshledger.wire.Message.VoteMessage;
import dev.meshledger.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BFT reactor: the thin shell around {@link TendermintCore}. It checks every proposal and vote at the
 * edge (signature off the event loop, the block by the chain), feeds the core, and carries out what the
 * core asks, in order: guard to disk then sign then send, timers, blocks to propose ({@link Proposer}),
 * and decided blocks, with their commit, to the chain. The next height starts when the chain holds the
 * last one, whichever way it came (decided here, relayed, or synced).
 */
public final class ConsensusVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ConsensusVerticle.class);
  /** Messages for the next height held until it starts: bounds what a peer can park here. */
  private static final int MAX_EARLY = 4096;

  private final NodeKey key;
  private final ChainParams params;
  final BftParams bft;
  private final Path dataDir;
  private final long commitWaitMs;
  private final Hash genesis;
  final Validators validators;
  private final Map<Hash, Block> blocks = new HashMap<>();
  private final List<Message> own = new ArrayList<>();
  private final List<Inbound> early = new ArrayList<>();
  TendermintCore core;
  private Signer signing;
  private WorkerExecutor signer;
  private WorkerExecutor verifier;
  private ChainClient chain;
  private NetworkClient network;
  private Proposer proposer;
  DataDesk desk;
  private Inbox inbox;
  private NodeMetrics metrics;
  Misbehaviour misbehaviour;
  Block head;
  private long ticksAtHeight;
  private String lastAheadPeer;
  Block lastDecided;
  Membership membership; // the chain's validator set after head
  VoteDesk votes;

  public ConsensusVerticle(NodeKey key, ChainParams params, Path dataDir, long commitWaitMs) {
    this.key = key;
    this.params = params;
    this.bft = params.bft();
    this.dataDir = dataDir;
    this.commitWaitMs = commitWaitMs;
    this.genesis = Genesis.of(params).hash();
    this.validators = new Validators(bft);
  }

  @Override
  public Future<?> start() {
    signer = vertx.createSharedWorkerExecutor("consensus-sign", 1);
    verifier = vertx.createSharedWorkerExecutor("consensus-verify", 1);
    chain = new ChainClient(vertx);
    metrics = NodeMetrics.of(vertx);
    misbehaviour = new Misbehaviour(metrics, params);
    network = new NetworkClient(vertx);
    signing = new Signer(key, genesis, new SignerFile(dataDir.resolve("signer-state.json")), signer);
    desk = new DataDesk(vertx, network, params.maxBlockDataBytes(), commitWaitMs, () -> proposer.wake());
    votes = new VoteDesk(vertx, dataDir.resolve("votes.json"), key.id());
    proposer = new Proposer(vertx, key, params, bft, this::built, () -> votes.next(membership), misbehaviour::proposable);
    inbox = new Inbox(genesis, network, verifier, () -> core.state(), validators, this::accept);
    var bus = vertx.eventBus();
    bus.<Inbound>localConsumer(Addresses.P2P_IN_CONSENSUS, m -> onInbound(m.body()));
    bus.<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> onBlockAdded(m.body()));
    bus.<PeerInfo>localConsumer(Addresses.P2P_PEER_CONNECTED, m -> {
      own.forEach(x -> network.send(m.body().nodeId(), x));
      desk.onPeerConnected(m.body().nodeId());
    });
    bus.localConsumer(Addresses.LEDGER_TRANSFER_ACCEPTED, m -> proposer.wake());
    bus.localConsumer(Addresses.CONSENSUS_STATUS, m -> m.reply(ConsensusStatus.json(this), Bus.LOCAL));
    desk.register();
    votes.register(() -> membership);
    misbehaviour.register(vertx, genesis, () -> head == null ? 0 : head.height(), () -> membership);
    long tick = Math.max(250, bft.timeoutPrevoteMs());
    vertx.setPeriodic(tick, t -> rebroadcast());
    return votes.load().compose(v -> signing.load())
        .compose(state -> {
          core = new TendermintCore(key.id(), timeouts(bft), state);
          log.info("BFT {}: {} validators, this node {}; last signed height {} round {} step {}",
              bft.validators().size() == 1 ? "alone" : "on", bft.validators().size(),
              bft.isValidator(key.id()) ? "is one" : "observes", state.height(), state.round(), state.step());
          return chain.block(BlockLookup.latest());
        })
        .onSuccess(this::onHead);
  }

  /** The propose timeout includes the block period: the proposer waits that long for something to include. */
  static TimeoutConfig timeouts(BftParams b) {
    return new TimeoutConfig(b.blockPeriodMs() + b.timeoutProposeMs(), b.timeoutProposeMs() / 2,
        b.timeoutPrevoteMs(), b.timeoutPrevoteMs() / 2, b.timeoutPrecommitMs(), b.timeoutPrecommitMs() / 2);
  }

  private void onBlockAdded(BlockAdded e) {
    if (e.batchSize() > 1 && desk.hasData()) {
      // a sync batch is announced by its last block: the data of the others waits no more either
      chain.blocks(e.block().height() - e.batchSize() + 1, e.batchSize() - 1)
          .onSuccess(list -> list.forEach(desk::onFinal));
    }
    desk.onFinal(e.block());
    misbehaviour.onFinal(e.block().height(), e.block().evidence());
    if (e.becameTip()) {
      onHead(e.block());
    }
  }

  /** The chain holds a new final block: vote on the next height, with the set its votes leave. */
  private void onHead(Block b) {
    if (head == null || b.height() > head.height()) {
      chain.membership().onSuccess(m -> enter(b, m)).onFailure(e -> log.error("no validator set from the chain", e));
    }
  }

  private void enter(Block b, Membership m) {
    if (head != null && b.height() <= head.height()) {
      return;
    }
    head = b;
    membership = m;
    validators.update(m);
    votes.prune(m);
    proposer.onHead(b, desk);
    long next = b.height() + 1;
    if (next <= core.state().height()) {
      return;
    }
    blocks.clear();
    own.clear();
    ticksAtHeight = 0;
    feed(new Event.Start(next, validators.at(next)));
    List<Inbound> waiting = new ArrayList<>(early);
    early.clear();
    for (Inbound in : waiting) {
      long h = Inbox.heightOf(in.message());
      if (h >= next) {
        accept(in, h); // checked already when it came
      }
    }
  }

  private void feed(Event e) {
    for (Action a : core.handle(e)) {
      act(a);
    }
    metrics.consensusRound(core.state().round());
  }

  private void act(Action a) {
    if (a instanceof Action.BroadcastProposal p) {
      send(signing.proposal(p.signer(), p.proposal(), blocks.get(p.proposal().block())));
    } else if (a instanceof Action.BroadcastVote v) {
      send(signing.vote(v.signer(), v.vote()));
    } else if (a instanceof Action.ScheduleTimeout t) {
      vertx.setTimer(Math.max(1, t.delayMs()), id -> feed(new Event.Timeout(t.kind(), t.height(), t.round())));
    } else if (a instanceof Action.ProposeBlock p) {
      proposer.propose(p.height(), p.round());
    } else if (a instanceof Action.Decide d) {
      decide(d);
    } else if (a instanceof Action.CatchUp c) {
      log.info("validators with over 1/3 of the power are at height {}: catching up", c.height());
      if (lastAheadPeer != null) {
        vertx.eventBus().send(Addresses.SYNC_FROM, lastAheadPeer, Bus.LOCAL);
      }
    } else {
      misbehaviour.report(a, head == null ? 0 : head.height());
    }
  }

  private void send(Future<? extends Message> signed) {
    signed.onSuccess(m -> {
      own.add(m);
      inbox.sent(m);
      network.broadcast(m, Set.of());
    }).onFailure(e -> log.error("could not record the signer state in {}; not signing", signing.where(), e));
  }

  /** The block is decided: with its commit (our own signature taken after it is made) it goes to the chain. */
  private void decide(Action.Decide d) {
    Block block = blocks.get(d.block());
    if (block == null) {
      log.error("decided block {} at height {} is not known here; waiting for it from peers", d.block(), d.height());
      return;
    }
    signing.commit(d.commit()).onSuccess(commit -> {
      Block finalBlock = block.withCommit(commit);
      metrics.decided(commit.round());
      lastDecided = finalBlock;
      // checked already: the block by the chain as a proposal (or built here), every precommit's signature at
      // the edge; the chain still links and executes it
      chain.submit(finalBlock, BlockSource.LOCAL, System.currentTimeMillis(), true).onSuccess(r -> {
        if (r instanceof AddResult.Rejected rej) {
          log.error("the chain refused decided block {}: {}", finalBlock, rej.reason());
        }
      });
    });
  }

  private void built(long height, int round, Block block) {
    if (core.state().height() == height && core.state().round() == round) {
      blocks.put(block.hash(), block);
      feed(new Event.BlockBuilt(height, round, block.hash()));
    }
  }

  private void onInbound(Inbound in) {
    if (in.message() instanceof DataMessage d) {
      desk.fromPeer(in.peerId(), d.data());
    } else {
      inbox.receive(in);
    }
  }

  /** A message with a good signature: now, held for the next height, or noted as a sign we are behind. */
  private void accept(Inbound in, long h) {
    long current = core.state().height();
    if (h > current) {
      lastAheadPeer = in.peerId();
      if (h == current + 1 && early.size() < MAX_EARLY) {
        early.add(in);
      }
    }
    if (in.message() instanceof VoteMessage v) {
      feed(new Event.VoteReceived(new Vote(v.voteType() == 1 ? VoteType.PREVOTE : VoteType.PRECOMMIT, v.height(),
          v.round(), v.block(), v.validator(), v.signature())));
      return;
    }
    ProposalMessage p = (ProposalMessage) in.message();
    Proposal proposal = new Proposal(p.height(), p.round(), p.block().hash(), p.polRound(), p.proposer());
    if (h != current) {
      feed(new Event.ProposalReceived(proposal));
      return;
    }
    blocks.put(p.block().hash(), p.block());
    chain.checkProposal(p.block()).onSuccess(bad -> {
      bad.ifPresent(r -> log.info("proposal {} at height {} round {} is invalid: {}", p.block(), p.height(), p.round(), r));
      if (core.state().height() == h) {
        feed(new Event.ProposalBlockValidity(p.block().hash(), bad.isEmpty()));
        feed(new Event.ProposalReceived(proposal));
      }
    });
  }

  /** Our messages of this height again, while it does not end: a peer that was away hears them. */
  private void rebroadcast() {
    if (core != null && !own.isEmpty() && ++ticksAtHeight >= 2) {
      own.forEach(m -> network.broadcast(m, Set.of()));
    }
  }

  @Override
  public Future<?> stop() {
    desk.stop();
    return signer == null ? Future.succeededFuture() : signer.close().compose(v -> verifier.close());
  }
}
