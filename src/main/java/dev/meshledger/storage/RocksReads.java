package dev.meshledger.storage;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The block store's bulk reads: multi-gets over the height index and the blocks, ~4x fewer calls
 * into RocksDB than a get a key. One multi-get reads every key at one sequence number, so the
 * hashes of a range are one consistent cut of the best chain even while the writer commits.
 */
final class RocksReads {
  private final RocksDB db;
  private final ColumnFamilyHandle heights;
  private final ColumnFamilyHandle blocks;

  RocksReads(RocksDB db, ColumnFamilyHandle heights, ColumnFamilyHandle blocks) {
    this.db = db;
    this.heights = heights;
    this.blocks = blocks;
  }

  /** @param ro a snapshot's read options, or null for the latest committed state */
  List<Hash> hashesFrom(long from, int count, ReadOptions ro) {
    if (count <= 0 || from < 0) {
      return List.of(); // (RocksJava asserts its key lists are not empty)
    }
    List<byte[]> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(heightKey(from + i));
    }
    List<byte[]> values = multiGet(heights, keys, ro);
    List<Hash> out = new ArrayList<>(count);
    for (int i = 0; i < count && values.get(i) != null; i++) {
      out.add(Hash.wrap(values.get(i)));
    }
    return out;
  }

  /** The blocks' stored bytes in the order asked, up to the first one missing. */
  List<byte[]> encoded(List<Hash> hashes, ReadOptions ro) {
    if (hashes.isEmpty()) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(hashes.size());
    hashes.forEach(h -> keys.add(h.toBytes()));
    List<byte[]> values = multiGet(blocks, keys, ro);
    int found = 0;
    while (found < values.size() && values.get(found) != null) {
      found++;
    }
    return values.subList(0, found);
  }

  List<Block> range(long from, int count, ReadOptions ro) {
    List<Hash> hashes = hashesFrom(from, count, ro);
    List<byte[]> values = encoded(hashes, ro);
    List<Block> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      out.add(BlockCodec.decodeStored(values.get(i), hashes.get(i)));
    }
    return out;
  }

  private List<byte[]> multiGet(ColumnFamilyHandle cf, List<byte[]> keys, ReadOptions ro) {
    try {
      List<ColumnFamilyHandle> cfs = Collections.nCopies(keys.size(), cf);
      return ro == null ? db.multiGetAsList(cfs, keys) : db.multiGetAsList(ro, cfs, keys);
    } catch (RocksDBException e) {
      throw new StorageException("block store read failed: " + e.getMessage(), e);
    }
  }

  static byte[] heightKey(long height) {
    return ByteBuffer.allocate(8).putLong(height).array();
  }
}
