package dev.meshledger.bus;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import java.util.List;

/** The node-internal event-bus messages: immutable records passed by reference (local only). */
public final class Messages {
  private Messages() {}

  /** Where a block came from: "local" for this node's miner, otherwise a peer id or "sync". */
  public static final String SOURCE_LOCAL = "local";

  /** @param intrinsicChecked the sender already ran the block's own rules (signature, PoW, ...) */
  public record SubmitBlock(Block block, String source, long firstSeenMillis, boolean intrinsicChecked) {}

  /** @param firstSeenMillis when this node first saw the block; addedMillis when it became durable */
  public record BlockAdded(Block block, String source, long firstSeenMillis, long addedMillis, boolean becameTip,
      long totalWork) {}

  /** A block by hash, or by height on the best chain (hash null), or the tip (both unset). */
  public record BlockLookup(Hash hash, long height) {
    public static BlockLookup latest() {
      return new BlockLookup(null, -1);
    }
  }

  public record BlockRange(long from, int limit) {}

  public record BlockList(List<Block> blocks) {}

  public record MineRequest(byte[] data) {}

  public record PeerSummary(int connected, boolean listening, boolean syncing) {}
}
