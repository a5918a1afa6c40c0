package dev.meshledger.consensus;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.miner.MineRequest;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.wire.Message.DataMessage;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/blocks} on a BFT chain: the data goes to every peer (whichever validator proposes
 * next includes it) and the request is answered with the block holding it once that block is final
 * here, or, after {@code http.commitWaitMs}, with 202 and the data's hash.
 */
final class DataDesk {
  /** Data items and bytes waiting at most: past them new data is refused with 503. */
  static final int MAX_ITEMS = 10_000;
  static final long MAX_BYTES = 64L << 20;
  /** Waiting data is sent again this often, the oldest {@link #RESEND_ITEMS} of it. */
  static final long RESEND_MS = 2_000;
  static final int RESEND_ITEMS = 64;

  private final Vertx vertx;
  private final NetworkClient network;
  private final int maxData;
  private final long commitWaitMs;
  private final Runnable onNewData;
  private final DataPool pool = new DataPool(MAX_ITEMS, MAX_BYTES);
  private final Recent included = new Recent(MAX_ITEMS);
  private final Map<Hash, List<Message<MineRequest>>> waiters = new HashMap<>();
  private long timer = -1;

  DataDesk(Vertx vertx, NetworkClient network, int maxData, long commitWaitMs, Runnable onNewData) {
    this.vertx = vertx;
    this.network = network;
    this.maxData = maxData;
    this.commitWaitMs = commitWaitMs;
    this.onNewData = onNewData;
  }

  void register() {
    vertx.eventBus().<MineRequest>localConsumer(Addresses.MINER_MINE, this::onPost);
    timer = vertx.setPeriodic(RESEND_MS, t -> pool.oldest(RESEND_ITEMS)
        .forEach(d -> network.broadcast(new DataMessage(d), Set.of())));
  }

  /**
   * A peer that just connected gets what waits here: data posted before the node had peers, or while
   * the proposers were away, reaches them this way (and again every {@link #RESEND_MS} until included).
   */
  void onPeerConnected(String peerId) {
    pool.oldest(RESEND_ITEMS).forEach(d -> network.send(peerId, new DataMessage(d)));
  }

  private void onPost(Message<MineRequest> m) {
    byte[] data = m.body().data();
    if (data.length > maxData) {
      m.fail(Bus.TOO_LARGE, Bus.failure("DATA_TOO_LARGE",
          "block data is " + data.length + " bytes, the limit (chain.maxBlockDataBytes) is " + maxData));
      return;
    }
    Hash id = Sha256.of(data);
    DataPool.Added added = pool.add(id, data);
    if (added == DataPool.Added.FULL) {
      m.fail(Bus.UNAVAILABLE, Bus.failure("DATA_POOL_FULL", pool.size() + " data items (" + pool.bytes()
          + " bytes) already wait for blocks; try again later"));
      return;
    }
    waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(m);
    network.broadcast(new DataMessage(data), Set.of());
    vertx.setTimer(commitWaitMs, t -> {
      List<Message<MineRequest>> list = waiters.get(id);
      if (list != null && list.remove(m)) {
        if (list.isEmpty()) {
          waiters.remove(id);
        }
        m.fail(Bus.ACCEPTED, Bus.failure("PENDING", id.toHex()));
      }
    });
    onNewData.run();
  }

  void fromPeer(String peerId, byte[] data) {
    if (data.length > maxData) {
      network.penalize(peerId, Offence.INVALID_CONSENSUS_MESSAGE, "data over chain.maxBlockDataBytes");
      return;
    }
    Hash id = Sha256.of(data);
    if (included.contains(id)) {
      return;
    }
    if (pool.add(id, data) == DataPool.Added.NEW) {
      network.broadcast(new DataMessage(data), Set.of(peerId));
      onNewData.run();
    }
  }

  /** A block is final here: its data waits no more, and whoever posted it gets it. */
  void onFinal(Block b) {
    pool.included(b.dataHash());
    included.add(b.dataHash());
    List<Message<MineRequest>> list = waiters.remove(b.dataHash());
    if (list != null) {
      list.forEach(m -> m.reply(b, Bus.LOCAL));
    }
  }

  Optional<byte[]> next() {
    return pool.oldest();
  }

  boolean hasData() {
    return !pool.isEmpty();
  }

  int pending() {
    return pool.size();
  }

  void stop() {
    vertx.cancelTimer(timer);
    waiters.values().forEach(l -> l.forEach(m -> m.fail(Bus.UNAVAILABLE, Bus.failure("SHUTTING_DOWN",
        "the node is stopping"))));
    waiters.clear();
  }
}
