package dev.meshledger.gossip;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.bus.ledger.LedgerMessages.TransferAccepted;
import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.gossip.TxGossipAction.LookUp;
import dev.meshledger.gossip.TxGossipAction.Penalize;
import dev.meshledger.gossip.TxGossipAction.Send;
import dev.meshledger.gossip.TxGossipAction.Submit;
import dev.meshledger.gossip.TxGossipAction.Verify;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction gossip reactor: the TRANSACTIONS channel, the ledger's transfer-accepted events
 * and peers coming and going in, {@link TxGossip}'s decisions out. Signatures are checked on a
 * worker pool (an Ed25519 check is ~80 µs: never on the event loop); the ledger is asked through
 * {@link LedgerClient}, peers are reached and reported through {@link NetworkClient}.
 */
public final class TxGossipVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(TxGossipVerticle.class);

  private final TxGossipLimits limits;
  private final TxGossip core;
  private NetworkClient network;
  private LedgerClient ledger;
  private WorkerExecutor verifyPool;
  private long timer = -1;

  public TxGossipVerticle(NodeConfig config) {
    this(config, TxGossipLimits.defaults());
  }

  public TxGossipVerticle(NodeConfig config, TxGossipLimits limits) {
    this.limits = limits.fittingFrames(config.p2pLimits().maxFrameBytes());
    this.core = new TxGossip(this.limits);
  }

  @Override
  public Future<?> start() {
    network = new NetworkClient(vertx);
    ledger = new LedgerClient(vertx);
    verifyPool = vertx.createSharedWorkerExecutor("meshledger-tx-verify", limits.verifyThreads());
    var bus = vertx.eventBus();
    bus.<Inbound>localConsumer(Channel.TRANSACTIONS.address(),
        m -> run(core.onMessage(m.body().peerId(), m.body().message(), now())));
    bus.<TransferAccepted>localConsumer(Addresses.LEDGER_TRANSFER_ACCEPTED,
        m -> run(core.onAccepted(m.body().transfer(), m.body().fromPeer(), now())));
    bus.<PeerInfo>localConsumer(Addresses.P2P_PEER_CONNECTED, m -> core.onPeerConnected(m.body().nodeId(), now()));
    bus.<PeerDisconnected>localConsumer(Addresses.P2P_PEER_DISCONNECTED,
        m -> run(core.onPeerGone(m.body().nodeId(), now())));
    timer = vertx.setPeriodic(limits.announceIntervalMs(), t -> run(core.onTick(now())));
    // Peers that were ready before we were: their connected events went by unheard.
    network.peers()
        .onSuccess(list -> list.forEach(p -> core.onPeerConnected(p.nodeId(), now())))
        .onFailure(e -> log.debug("no peer list at start: {}", e.getMessage()));
    return Future.succeededFuture();
  }

  private void run(List<TxGossipAction> actions) {
    for (TxGossipAction a : actions) {
      if (a instanceof Send s) {
        network.send(s.peerId(), s.message());
      } else if (a instanceof LookUp l) {
        ledger.pending(l.ids()).onComplete(r -> {
          if (r.succeeded()) {
            run(core.onPending(l.peerId(), r.result()));
          } else {
            log.debug("{}: pending lookup of {} ids failed: {}", NodeIds.shortId(l.peerId()), l.ids().size(),
                r.cause().getMessage());
          }
        });
      } else if (a instanceof Verify v) {
        verify(v);
      } else if (a instanceof Submit s) {
        ledger.submit(s.transfer(), s.peerId(), true).onComplete(r -> {
          if (r.succeeded()) {
            run(core.onSubmitted(s.peerId(), s.transfer(), r.result()));
          } else {
            log.debug("{}: submitting {} failed: {}", NodeIds.shortId(s.peerId()), s.transfer().id().shortHex(),
                r.cause().getMessage());
          }
        });
      } else if (a instanceof Penalize p) {
        log.debug("{}: {} ({})", NodeIds.shortId(p.peerId()), p.offence(), p.detail());
        network.penalize(p.peerId(), p.offence(), p.detail());
      }
    }
  }

  private void verify(Verify v) {
    List<Transfer> ts = v.transfers();
    // unordered: batches from different peers need not wait for each other
    verifyPool.executeBlocking(() -> {
      List<Boolean> ok = new ArrayList<>(ts.size());
      for (Transfer t : ts) {
        ok.add(Transfers.verify(t));
      }
      return ok;
    }, false).onSuccess(ok -> {
      for (int i = 0; i < ts.size(); i++) {
        run(core.onVerified(v.peerId(), ts.get(i), ok.get(i)));
      }
    }).onFailure(e -> log.warn("{}: signature checks failed to run: {}", NodeIds.shortId(v.peerId()), e.toString()));
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return verifyPool == null ? Future.succeededFuture() : verifyPool.close();
  }
}
