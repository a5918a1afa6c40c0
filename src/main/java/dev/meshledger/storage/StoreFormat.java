package dev.meshledger.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The storage format a data directory was written in, kept under {@code format} in the default
 * column family. 2: headers carry compact targets (bits u32), metas and the head 256-bit work and
 * ancestry. Format 1 (no key) was 1-byte difficulty and 64-bit work: refused, not migrated (its
 * block hashes differ, so its chain is another chain; a node syncs again from its peers).
 */
final class StoreFormat {
  static final int CURRENT = 2;
  private static final byte[] KEY = "format".getBytes(StandardCharsets.US_ASCII);

  private StoreFormat() {}

  /**
   * Stamps an empty store with {@link #CURRENT}; for one written in another format, the reason to refuse it.
   *
   * @param hasHead whether the store already holds a chain
   * @return null when the store may be used
   */
  static String check(RocksDB db, ColumnFamilyHandle cf, WriteOptions write, boolean hasHead, Path dir)
      throws RocksDBException {
    byte[] format = db.get(cf, KEY);
    if (format == null && !hasHead) {
      db.put(cf, write, KEY, ByteBuffer.allocate(4).putInt(CURRENT).array());
      return null;
    }
    int found = format == null ? 1 : ByteBuffer.wrap(format).getInt();
    return found == CURRENT ? null : "the data directory " + dir + " holds storage format " + found
        + " (an older version of the node: 1-byte difficulty, 64-bit chain work); this version reads format "
        + CURRENT + " (compact targets, 256-bit work) and does not migrate it: remove the directory (the node"
        + " syncs the chain again from its peers) or set another node.dataDir";
  }
}
