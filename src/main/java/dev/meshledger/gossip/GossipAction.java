package dev.meshledger.gossip;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.wire.Message;
import java.util.Set;

/**
 * What the gossip core decides and its verticle carries out: a check off the event loop, or a
 * command to the chain, the network or sync. The core never acts itself, so each decision is a
 * value a test can compare.
 */
public sealed interface GossipAction {
  /** Check the block's own rules off the event loop; the verdict goes to {@link Gossip#onVerified}. */
  record Verify(String peerId, Block block, long receivedMillis) implements GossipAction {}

  /** Submit to the chain as coming from {@code source}; the answer goes to {@link Gossip#onSubmitted}. */
  record Submit(Block block, BlockSource.Peer source, long firstSeenMillis) implements GossipAction {}

  /**
   * Send to every ready peer but {@code except} (those known to have it); with a {@code fanout}
   * above 0, {@code message} to that many of them at random and {@code rest} to the others.
   */
  record Broadcast(Message message, Set<String> except, int fanout, Message rest) implements GossipAction {
    public Broadcast(Message message, Set<String> except) {
      this(message, except, 0, null);
    }
  }

  /** Fill a compact block from the transfers this node holds, off the event loop; then verify, fetch or fall back. */
  record Rebuild(String peerId, Message.CompactBlock compact, Hash hash, long receivedMillis) implements GossipAction {}

  record Penalize(String peerId, Offence offence, String detail) implements GossipAction {}

  /** That peer has blocks we lack (an orphan's ancestors, a heavier tip it announced): sync from it. */
  record SyncFrom(String peerId, String why) implements GossipAction {}
}
