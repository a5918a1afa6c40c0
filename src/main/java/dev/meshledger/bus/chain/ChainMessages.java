package dev.meshledger.bus.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Work;
import java.util.List;

/** What the chain verticle is asked and what it announces: immutable records passed by reference. */
public final class ChainMessages {
  private ChainMessages() {}

  /** @param intrinsicChecked the sender already ran the block's own rules (signature, PoW, ...) */
  public record SubmitBlock(Block block, BlockSource source, long firstSeenMillis, boolean intrinsicChecked) {}

  /**
   * @param firstSeenMillis when this node first saw the block; addedMillis when it became durable
   * @param batchSize 1, or how many blocks of one sync batch this event stands for (this one the last)
   */
  public record BlockAdded(Block block, BlockSource source, long firstSeenMillis, long addedMillis, boolean becameTip,
      Work totalWork, int batchSize) {}

  /** Blocks in order (each the parent of the next, or a known block's child); one durable write for all. */
  public record SubmitBatch(List<Block> blocks, BlockSource source, long firstSeenMillis, boolean intrinsicChecked) {}

  /**
   * @param added how many were stored (duplicates count as stored)
   * @param rejected the first block refused, or null; nothing after it was looked at
   */
  public record BatchResult(int added, Block rejected, String reason, long headHeight, Hash headHash) {}

  public record Locator(List<Hash> hashes) {}

  /** A stored block where a peer's headers start: what their rules need of it (headers-first sync). */
  public record ForkPoint(long height, Hash hash, Work totalWork, dev.meshledger.domain.pow.Ancestry ancestry) {}

  /** A block by hash, or by height on the best chain (hash null), or the tip (both unset). */
  public record BlockLookup(Hash hash, long height) {
    public static BlockLookup latest() {
      return new BlockLookup(null, -1);
    }
  }

  public record BlockRange(long from, int limit) {}

  public record BlockList(List<Block> blocks) {}

  /** Best-chain headers with their commits, read without decoding the blocks' bodies. */
  public record HeaderList(List<dev.meshledger.domain.Header> headers) {}

  /**
   * Best-chain blocks for a peer: just past the first {@code locator} hash on our best chain, or
   * from {@code fromHeight} when the locator is empty (genesis counts as met); at most {@code count}.
   */
  public record ServeRange(List<Hash> locator, long fromHeight, int count) {}

  /**
   * @param blocks each block's canonical encoding, as stored (never decoded and encoded again)
   * @param height the height of the best chain they were read from
   */
  public record StoredBlocks(List<byte[]> blocks, long height) {}
}
