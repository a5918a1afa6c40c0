package dev.meshledger.storage;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.ledger.smt.NodeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/** Read access to stored blocks, the header index and the best chain. */
public interface BlockReader {
  Optional<Block> block(Hash hash);

  Optional<BlockMeta> meta(Hash hash);

  /** The hash at {@code height} on the best chain. */
  Optional<Hash> hashAt(long height);

  /** Empty only before genesis is written. */
  Optional<Head> head();

  /** A node of the account state tree, by its hash. */
  Optional<NodeStore.Node> stateNode(Hash hash);

  /** Every stored block off the best chain (the side-branch index), in height order. */
  List<SideBlock> sideBlocks();

  /** Every block (on any branch) holding the transfer, with its index there. */
  List<TxLocation> transferLocations(Hash transferId);

  /**
   * Up to {@code count} best-chain hashes from {@code from} up, stopping at the first height it
   * lacks. Stores that can read them in one go (RocksDB's multi-get) do, so the hashes are one
   * consistent cut of the best chain even while it is being written.
   */
  default List<Hash> hashesFrom(long from, int count) {
    List<Hash> out = new ArrayList<>(Math.max(0, Math.min(count, 1024)));
    for (long h = from; h >= 0 && out.size() < count; h++) {
      Optional<Hash> hash = hashAt(h);
      if (hash.isEmpty()) {
        break;
      }
      out.add(hash.get());
    }
    return out;
  }

  /**
   * The stored blocks' canonical encodings ({@link BlockCodec#encode}), as stored, in the order
   * asked; stops at the first hash it lacks.
   */
  default List<byte[]> encoded(List<Hash> hashes) {
    List<byte[]> out = new ArrayList<>(hashes.size());
    for (Hash h : hashes) {
      Optional<Block> b = block(h);
      if (b.isEmpty()) {
        break;
      }
      out.add(BlockCodec.encode(b.get()));
    }
    return out;
  }

  /** Up to {@code count} best-chain blocks from {@code from} up; stops at the first height it lacks. */
  default List<Block> range(long from, int count) {
    return range(from, count, h -> hashAt(h).flatMap(this::block));
  }

  /** Up to {@code count} blocks from {@code from} up, one height at a time, until {@code blockAt} has none. */
  static List<Block> range(long from, int count, LongFunction<Optional<Block>> blockAt) {
    List<Block> out = new ArrayList<>(Math.max(0, Math.min(count, 1024)));
    for (long h = from; out.size() < count; h++) {
      Optional<Block> b = blockAt.apply(h);
      if (b.isEmpty()) {
        break;
      }
      out.add(b.get());
    }
    return out;
  }
}
