package dev.meshledger.storage;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.Transfer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The two secondary indexes of the block store: transfers by id ({@link TxIndexKeys}) and the
 * blocks off the best chain ({@code side}: height u64 | hash 32 -> encoded size u32, so the
 * oldest come first when the stale ones are pruned). Their writes go into the block's batch.
 */
final class RocksIndexes {
  private final RocksDB db;
  private final ColumnFamilyHandle txIndex;
  private final ColumnFamilyHandle side;

  RocksIndexes(RocksDB db, ColumnFamilyHandle txIndex, ColumnFamilyHandle side) {
    this.db = db;
    this.txIndex = txIndex;
    this.side = side;
  }

  /** @param ro a snapshot's read options, or null for the latest state */
  List<TxLocation> transferLocations(Hash transferId, ReadOptions ro) {
    byte[] prefix = transferId.toBytes();
    List<TxLocation> out = new ArrayList<>(1);
    try (ReadOptions own = ro == null ? new ReadOptions() : null;
        RocksIterator it = db.newIterator(txIndex, ro == null ? own : ro)) {
      for (it.seek(prefix); it.isValid() && TxIndexKeys.isFor(it.key(), prefix); it.next()) {
        out.add(TxIndexKeys.location(it.key(), it.value()));
      }
    }
    return out;
  }

  List<SideBlock> sideBlocks(ReadOptions ro) {
    List<SideBlock> out = new ArrayList<>();
    try (ReadOptions own = ro == null ? new ReadOptions() : null;
        RocksIterator it = db.newIterator(side, ro == null ? own : ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        ByteBuffer key = ByteBuffer.wrap(it.key());
        out.add(new SideBlock(key.getLong(), BlockCodec.readHash(key), ByteBuffer.wrap(it.value()).getInt()));
      }
    }
    return out;
  }

  /** The index writes of one batch: new blocks' transfers, side-branch changes, deleted blocks' transfers. */
  void write(WriteBatch wb, StoreBatch batch) throws RocksDBException {
    for (Block b : batch.blocks()) {
      for (int t = 0; t < b.txCount(); t++) {
        wb.put(txIndex, TxIndexKeys.key(b.transactions().get(t).id(), b.hash()), TxIndexKeys.value(t));
      }
    }
    for (SideBlock b : batch.sideRemoved()) {
      wb.delete(side, sideKey(b));
    }
    for (SideBlock b : batch.sideAdded()) {
      wb.put(side, sideKey(b), ByteBuffer.allocate(4).putInt(b.bytes()).array());
    }
    for (Block b : batch.deleted()) {
      for (Transfer t : b.transactions()) {
        wb.delete(txIndex, TxIndexKeys.key(t.id(), b.hash()));
      }
    }
  }

  private static byte[] sideKey(SideBlock b) {
    ByteBuffer key = ByteBuffer.allocate(8 + Hash.SIZE).putLong(b.height());
    b.hash().writeTo(key);
    return key.array();
  }
}
