package dev.meshledger.metrics;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.HeadFollower;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.PeerBanned;
import dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.sync.SyncProgress;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.HashMap;
import java.util.Map;

/** Keeps {@link NodeMetrics} in step with the node's published events. */
public final class MetricsVerticle extends VerticleBase {
  private final Map<String, String> peerDirections = new HashMap<>();
  private final String nodeId;
  private NodeMetrics metrics;

  /** @param nodeId this node's id: a block it stores that another node made has propagated to it */
  public MetricsVerticle(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    metrics = NodeMetrics.of(vertx);
    EventBus bus = vertx.eventBus();
    bus.<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> onBlockAdded(m.body()));
    bus.<AddResult.Reorg>localConsumer(Addresses.CHAIN_REORG, m -> metrics.reorg(m.body().depth()));
    bus.<PeerInfo>localConsumer(Addresses.P2P_PEER_CONNECTED, m -> {
      peerDirections.put(m.body().nodeId(), m.body().direction());
      countPeers();
    });
    bus.<PeerDisconnected>localConsumer(Addresses.P2P_PEER_DISCONNECTED, m -> {
      peerDirections.remove(m.body().nodeId());
      countPeers();
    });
    bus.<PeerBanned>localConsumer(Addresses.P2P_PEER_BANNED, m -> metrics.peerBanned(m.body().reason()));
    bus.<SyncProgress>localConsumer(Addresses.SYNC_PROGRESS, m -> metrics.syncProgress(m.body()));
    // Peers connected before this verticle started (the P2P layer may be deployed first).
    new NetworkClient(vertx).peers().onSuccess(peers -> {
      peers.forEach(p -> peerDirections.put(p.nodeId(), p.direction()));
      countPeers();
    });
    return HeadFollower.start(vertx).onSuccess(head -> {
      metrics.chainHead(head.head().height(), head.head().totalWork());
      head.onChange(h -> metrics.chainHead(h.height(), h.totalWork()));
    });
  }

  private void onBlockAdded(BlockAdded e) {
    // A sync batch is one event for many blocks.
    metrics.blockAdded(e.source(), e.addedMillis() - e.block().timestamp(), e.batchSize(),
        !e.block().producerHex().equals(nodeId));
  }

  private void countPeers() {
    long in = peerDirections.values().stream().filter("inbound"::equals).count();
    metrics.peers(in, peerDirections.size() - in);
  }
}
