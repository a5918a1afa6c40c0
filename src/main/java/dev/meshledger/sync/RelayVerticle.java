package dev.meshledger.sync;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.chain.ChainMessages.SubmitBlock;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.Broadcast;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block propagation. A new block from a peer is verified (off the event loop), stored, and once
 * durable passed on to every peer not known to have it; ours go to every peer. A bounded seen
 * cache remembers who has which block, so nothing loops and duplicates cost nothing. A block
 * whose parent is missing waits in the orphan pool while its ancestors are fetched from the peer
 * that sent it. Blocks up to {@link #PUSH_MAX_BYTES} are pushed whole (one hop, no round trip);
 * larger ones are announced, and peers fetch them through sync.
 */
public final class RelayVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RelayVerticle.class);
  /** Blocks remembered in the seen cache: minutes of traffic at hundreds of blocks a second. */
  private static final int SEEN_CAPACITY = 16_384;
  /** Pushing a block this small costs less than the round trip an announce adds. */
  static final int PUSH_MAX_BYTES = 16 * 1024;
  private static final int ORPHAN_CAPACITY = 1_024;
  private static final long ORPHAN_TTL_MS = 10 * 60_000;

  private final NodeConfig config;
  private final Map<Hash, Set<String>> seen = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Hash, Set<String>> eldest) {
      return size() > SEEN_CAPACITY;
    }
  };
  private final Set<Hash> invalid = new HashSet<>();
  private final OrphanPool orphans = new OrphanPool(ORPHAN_CAPACITY, ORPHAN_TTL_MS);
  private BlockVerifier verifier;
  private long timer = -1;

  public RelayVerticle(NodeConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    verifier = new BlockVerifier(vertx, new BlockValidator(config.chainParams()), config.syncLimits().verifyThreadCount());
    vertx.eventBus().<Inbound>localConsumer(Addresses.P2P_IN_GOSSIP, m -> onInbound(m.body()));
    vertx.eventBus().<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> onAdded(m.body()));
    timer = vertx.setPeriodic(30_000, t -> orphans.expire(System.currentTimeMillis()));
    return Future.succeededFuture();
  }

  private void onInbound(Inbound in) {
    if (in.message() instanceof Message.BlockMessage bm) {
      onBlock(in.peerId(), bm.block(), in.receivedMillis());
    } else if (in.message() instanceof Message.BlockAnnounce a) {
      Set<String> holders = seen.get(a.hash());
      if (holders != null) {
        holders.add(in.peerId());
      }
    }
  }

  private void onBlock(String peerId, Block block, long receivedMillis) {
    Set<String> holders = seen.get(block.hash());
    if (holders != null) {
      holders.add(peerId);
      return;
    }
    if (invalid.contains(block.hash())) {
      penalize(peerId, Offence.INVALID_BLOCK, "resent invalid block " + block.hash().shortHex());
      return;
    }
    holders = new HashSet<>();
    holders.add(peerId);
    seen.put(block.hash(), holders);
    verifier.verify(List.of(block)).onSuccess(bad -> {
      if (bad.isPresent()) {
        markInvalid(block.hash());
        penalize(peerId, Offence.INVALID_BLOCK, block + ": " + bad.get().reason());
        return;
      }
      submit(peerId, block, receivedMillis);
    });
  }

  private void submit(String peerId, Block block, long firstSeen) {
    vertx.eventBus().<AddResult>request(Addresses.CHAIN_SUBMIT_BLOCK, new SubmitBlock(block, new BlockSource.Peer(peerId), firstSeen, true),
        Bus.LOCAL).onSuccess(m -> {
          if (m.body() instanceof AddResult.Rejected r) {
            if (r.reason() == Rejection.UNKNOWN_PARENT) {
              if (orphans.add(block, peerId, System.currentTimeMillis())) {
                log.debug("orphan {} from {}: fetching its ancestors", block, peerId);
                vertx.eventBus().send(Addresses.SYNC_FROM, peerId, Bus.LOCAL);
              }
            } else {
              markInvalid(block.hash());
              penalize(peerId, Offence.INVALID_BLOCK, block + ": " + r.reason());
            }
          }
        });
  }

  /** Passes a stored block on, and connects orphans waiting for it. */
  private void onAdded(BlockAdded e) {
    Block b = e.block();
    Set<String> holders = seen.computeIfAbsent(b.hash(), k -> new HashSet<>());
    if (e.batchSize() > 1 || e.source() instanceof BlockSource.Sync) {
      // Old blocks from a sync are not news; a new tip from one is, as an announce.
      if (e.becameTip()) {
        broadcast(new Message.BlockAnnounce(b.hash(), b.height(), e.totalWork()), holders);
      }
    } else if (b.data().length <= PUSH_MAX_BYTES) {
      broadcast(new Message.BlockMessage(b), holders);
    } else {
      broadcast(new Message.BlockAnnounce(b.hash(), b.height(), e.totalWork()), holders);
    }
    if (e.source().peerId() != null) {
      holders.add(e.source().peerId());
    }
    // Each child as coming from the peer that sent it: if it is invalid, that peer answers for it.
    for (OrphanPool.Orphan child : orphans.takeChildren(b.hash())) {
      submit(child.peerId(), child.block(), System.currentTimeMillis());
    }
  }

  private void broadcast(Message m, Set<String> except) {
    vertx.eventBus().send(Addresses.P2P_BROADCAST, new Broadcast(m, Set.copyOf(except)), Bus.LOCAL);
  }

  private void markInvalid(Hash h) {
    if (invalid.size() > SEEN_CAPACITY) {
      invalid.clear();
    }
    invalid.add(h);
  }

  private void penalize(String peerId, Offence o, String detail) {
    vertx.eventBus().send(Addresses.P2P_PENALIZE, new Penalize(peerId, o, detail), Bus.LOCAL);
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return verifier.close();
  }
}
