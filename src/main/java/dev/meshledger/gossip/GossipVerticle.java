package dev.meshledger.gossip;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.HeadFollower;
import dev.meshledger.bus.ledger.LedgerMessages.TransferAccepted;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.sync.SyncClient;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.gossip.GossipAction.Broadcast;
import dev.meshledger.gossip.GossipAction.Penalize;
import dev.meshledger.gossip.GossipAction.Rebuild;
import dev.meshledger.gossip.GossipAction.Submit;
import dev.meshledger.gossip.GossipAction.SyncFrom;
import dev.meshledger.gossip.GossipAction.Verify;
import dev.meshledger.verify.BlockVerifier;
import dev.meshledger.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossip reactor: the BLOCK, BLOCK_ANNOUNCE and compact-relay channel and the chain's
 * block-added events in, {@link Gossip}'s decisions out (compact blocks through {@link CompactDesk}). Signatures are checked off the event loop; a stored block
 * is passed on as soon as the chain reports it durable.
 */
public final class GossipVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GossipVerticle.class);
  /** How often expired orphans are dropped: they live for minutes ({@link Gossip#ORPHAN_TTL_MS}). */
  private static final long ORPHAN_SWEEP_MS = 30_000;

  private final NodeConfig config;
  private final Gossip gossip;
  private ChainClient chain;
  private NetworkClient network;
  private SyncClient sync;
  private HeadFollower head;
  private BlockVerifier verifier;
  private CompactDesk compact;
  private long timer = -1;

  public GossipVerticle(NodeConfig config) {
    this.config = config;
    this.gossip = new Gossip(config.relay().compact(), config.relay().compactFanout());
  }

  @Override
  public Future<?> start() {
    chain = new ChainClient(vertx);
    network = new NetworkClient(vertx);
    sync = new SyncClient(vertx);
    verifier = new BlockVerifier(vertx, new BlockValidator(config.chainParams()), config.syncLimits().verifyThreadCount());
    compact = new CompactDesk(vertx, network, chain, config.mempoolLimits().maxCount(),
        config.relay().blockTxnTimeoutMs(), this::run);
    return HeadFollower.start(vertx).onSuccess(h -> {
      head = h;
      var bus = vertx.eventBus();
      bus.<TransferAccepted>localConsumer(Addresses.LEDGER_TRANSFER_ACCEPTED, m -> compact.hold(m.body().transfer()));
      bus.<Inbound>localConsumer(Addresses.P2P_IN_GOSSIP, m -> onInbound(m.body()));
      bus.<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> run(gossip.onAdded(m.body(), now())));
      timer = vertx.setPeriodic(ORPHAN_SWEEP_MS, t -> gossip.expire(now()));
    });
  }

  private void onInbound(Inbound in) {
    if (in.message() instanceof Message.BlockMessage bm) {
      run(gossip.onBlock(in.peerId(), bm.block(), in.receivedMillis()));
    } else if (in.message() instanceof Message.BlockAnnounce a) {
      run(gossip.onAnnounce(in.peerId(), a, head.head().totalWork()));
    } else if (in.message() instanceof Message.CompactBlock c) {
      run(gossip.onCompact(in.peerId(), c, in.receivedMillis()));
    } else if (in.message() instanceof Message.GetBlockTxn g) {
      compact.onGetBlockTxn(in.peerId(), g);
    } else if (in.message() instanceof Message.BlockTxn t) {
      compact.onBlockTxn(in.peerId(), t);
    }
  }

  private void run(List<GossipAction> actions) {
    for (GossipAction a : actions) {
      if (a instanceof Verify v) {
        verifier.verify(List.of(v.block())).onSuccess(bad -> run(
            gossip.onVerified(v.peerId(), v.block(), v.receivedMillis(), bad.map(BlockVerifier.Failure::reason))));
      } else if (a instanceof Rebuild r) {
        compact.rebuild(r);
      } else if (a instanceof Submit s) {
        chain.submit(s.block(), s.source(), s.firstSeenMillis(), true).onSuccess(r -> run(gossip.onSubmitted(s, r, now())));
      } else if (a instanceof Broadcast b) {
        network.broadcast(b.message(), b.except(), b.fanout(), b.rest());
      } else if (a instanceof Penalize p) {
        network.penalize(p.peerId(), p.offence(), p.detail());
      } else if (a instanceof SyncFrom f) {
        log.debug("{}: syncing from {}", f.why(), NodeIds.shortId(f.peerId()));
        sync.syncFrom(f.peerId());
      }
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return verifier.close();
  }
}
