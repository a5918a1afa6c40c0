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

  /**
   * @param firstSeenMillis when this node first saw the block; addedMillis when it became durable
   * @param batchSize 1, or how many blocks of one sync batch this event stands for (this one the last)
   */
  public record BlockAdded(Block block, String source, long firstSeenMillis, long addedMillis, boolean becameTip,
      long totalWork, int batchSize) {}

  /** Blocks in order (each the parent of the next, or a known block's child); one durable write for all. */
  public record SubmitBatch(List<Block> blocks, String source, long firstSeenMillis, boolean intrinsicChecked) {}

  /**
   * @param added how many were stored (duplicates count as stored)
   * @param rejected the first block refused, or null; nothing after it was looked at
   */
  public record BatchResult(int added, Block rejected, String reason, long headHeight, Hash headHash) {}

  public record Locator(List<Hash> hashes) {}

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

  /**
   * A connected peer as the API and dashboard show it.
   *
   * @param address the peer's reachable {@code host:port} (its advertised listen address)
   * @param direction "inbound" or "outbound"
   */
  public record PeerInfo(String nodeId, String address, String direction, long height, long totalWork,
      long connectedSince, int score) {}

  public record PeerList(List<PeerInfo> peers) {}

  /** @param source who asked: "api", "seed", "cluster", "pex" (peer exchange) */
  public record Dial(String address, String source) {}

  public record Forget(String address, String source) {}

  /** @param reason a DisconnectReason name, e.g. "TIMEOUT", "BANNED", "DUPLICATE" */
  public record PeerDisconnected(String nodeId, String address, String direction, String reason) {}

  public record PeerBanned(String nodeId, String ip, String reason, long untilMillis) {}

  /** @param done true once the node has caught up (then syncing is false) */
  public record SyncProgress(boolean syncing, long height, long targetHeight, double blocksPerSecond, boolean done) {}
}
