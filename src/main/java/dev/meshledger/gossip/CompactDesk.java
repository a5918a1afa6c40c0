package dev.meshledger.gossip;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.gossip.CompactRelay.Collision;
import dev.meshledger.gossip.CompactRelay.Fill;
import dev.meshledger.gossip.CompactRelay.Partial;
import dev.meshledger.gossip.GossipAction.Penalize;
import dev.meshledger.gossip.GossipAction.Rebuild;
import dev.meshledger.gossip.GossipAction.SyncFrom;
import dev.meshledger.gossip.GossipAction.Verify;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.wire.Message.BlockTxn;
import dev.meshledger.wire.Message.GetBlockTxn;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The gossip verticle's compact-relay desk: the transfers this node accepted lately (what a
 * compact block is filled from; they may outlive their stay in the mempool a little, which only
 * helps), the blocks waiting for a BLOCKTXN, and the GETBLOCKTXN a peer asks of us. Decisions are
 * {@link CompactRelay}'s; matching short ids hashes every held transfer, so it runs off the event
 * loop. Event-loop confined otherwise.
 */
final class CompactDesk {
  /** Blocks waiting for missing transfers at once: one or two per peer in practice. */
  static final int MAX_PENDING = 256;

  private final Vertx vertx;
  private final NetworkClient network;
  private final ChainClient chain;
  private final NodeMetrics metrics;
  private final Consumer<List<GossipAction>> run;
  private final Map<Hash, Transfer> held;
  private final Map<Hash, Waiting> pending = Gossip.bounded(MAX_PENDING);
  private final long timeoutMs;

  private record Waiting(Rebuild r, Partial partial) {}

  CompactDesk(Vertx vertx, NetworkClient network, ChainClient chain, int heldCapacity, long timeoutMs,
      Consumer<List<GossipAction>> run) {
    this.timeoutMs = timeoutMs;
    this.vertx = vertx;
    this.network = network;
    this.chain = chain;
    this.metrics = NodeMetrics.of(vertx);
    this.run = run;
    this.held = Gossip.bounded(heldCapacity);
  }

  /** A transfer the mempool accepted: a compact block may name it. */
  void hold(Transfer t) {
    held.put(t.id(), t);
  }

  /** Fills the block from the held transfers (off the event loop), then verifies it, asks for what is missing, or falls back. */
  void rebuild(Rebuild r) {
    List<Transfer> snapshot = List.copyOf(held.values());
    vertx.<Fill>executeBlocking(() -> CompactRelay.fill(r.compact(), r.hash(), snapshot), false)
        .onSuccess(fill -> {
          if (fill instanceof Collision c) {
            fallBack(r, c.why());
          } else if (fill instanceof Partial p && p.complete()) {
            metrics.compactRelay("rebuilt");
            finish(r, p.slots());
          } else if (fill instanceof Partial p) {
            metrics.compactRelay("fetched");
            Waiting w = new Waiting(r, p);
            pending.put(r.hash(), w);
            network.send(r.peerId(), new GetBlockTxn(r.hash(), p.missing()));
            vertx.setTimer(timeoutMs, t -> {
              if (pending.remove(r.hash(), w)) {
                fallBack(r, "no BLOCKTXN in " + timeoutMs + " ms");
              }
            });
          }
        });
  }

  /** A peer's BLOCKTXN: only the peer asked, for a block still waiting, and exactly the transfers asked. */
  void onBlockTxn(String peerId, BlockTxn t) {
    Waiting w = pending.get(t.block());
    if (w == null || !w.r().peerId().equals(peerId)) {
      return; // unasked, or answered late after a fallback: nothing to do
    }
    pending.remove(t.block());
    Optional<List<Transfer>> all = CompactRelay.complete(w.partial(), t.transfers());
    if (all.isEmpty()) {
      run.accept(List.of(new Penalize(peerId, Offence.BAD_COMPACT_RELAY,
          "BLOCKTXN with " + t.transfers().size() + " transfers for " + w.partial().missing().size() + " asked")));
      fallBack(w.r(), "wrong BLOCKTXN");
      return;
    }
    finish(w.r(), all.get());
  }

  /** A peer's GETBLOCKTXN: the transfers at those positions of a block we have; an index past its end is an offence. */
  void onGetBlockTxn(String peerId, GetBlockTxn g) {
    chain.block(new BlockLookup(g.block(), -1)).onSuccess(b -> {
      Optional<List<Transfer>> ts = CompactRelay.select(b, g.indexes());
      if (ts.isPresent()) {
        network.send(peerId, new BlockTxn(g.block(), ts.get()));
      } else {
        network.penalize(peerId, Offence.BAD_COMPACT_RELAY, "GETBLOCKTXN past the end of " + b);
      }
    }); // a block we do not have (any more): the peer falls back on its own
  }

  private void finish(Rebuild r, List<Transfer> transfers) {
    Optional<Block> b = CompactRelay.assemble(r.compact(), transfers);
    if (b.isEmpty()) {
      fallBack(r, "transfers do not make the header's count and root");
      return;
    }
    run.accept(List.of(new Verify(r.peerId(), b.get(), r.receivedMillis())));
  }

  /** The whole block, by sync from the peer that sent the compact one (it stored the block before relaying it). */
  private void fallBack(Rebuild r, String why) {
    metrics.compactRelay("fallback");
    run.accept(List.of(new SyncFrom(r.peerId(), "compact block " + r.hash().shortHex() + ": " + why)));
  }

  int pendingCount() {
    return pending.size();
  }
}
