package dev.meshledger.storage;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.ledger.smt.NodeStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * Blocks in RocksDB, one column family per kind of record: {@code blocks} (hash -> encoded
 * block), {@code meta} (hash -> header index entry), {@code heights} (height -> hash on the best
 * chain), {@code state} (hash -> account state tree node, see {@link StateNodeCodec}),
 * {@code txindex} (transfer id | block hash -> index in the block, one key per block holding it,
 * so a transfer on two branches is found on both), {@code side} (height | hash -> encoded size:
 * the blocks off the best chain) and the head in the default family. Every
 * write is one synced WriteBatch.
 */
public final class RocksBlockStore implements BlockStore {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] HEAD_KEY = "head".getBytes(StandardCharsets.US_ASCII);
  /**
   * One memory budget for RocksDB, whatever the chain length: a 64 MB block cache that also holds
   * the index and filter blocks (high priority, so data blocks do not push them out) and is
   * charged with the memtables (32 MB of it at most). Without that charge each column family's
   * memtables would sit beside the cache; without the cached index and filters their memory
   * would grow with the chain.
   */
  private static final long BLOCK_CACHE_BYTES = 64L << 20;
  private static final double HIGH_PRIORITY_SHARE = 0.5;
  private static final long WRITE_BUFFER_BYTES = 16L << 20;
  private static final long ALL_MEMTABLES_BYTES = 32L << 20;

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache cache;
  private final BloomFilter filter;
  private final WriteBufferManager writeBuffers;
  private final WriteOptions syncWrite;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final ColumnFamilyHandle defaultCf;
  private final ColumnFamilyHandle blocksCf;
  private final ColumnFamilyHandle metaCf;
  private final ColumnFamilyHandle heightsCf;
  private final ColumnFamilyHandle stateCf;
  private final RocksIndexes indexes;
  private final RocksReads reads;

  private RocksBlockStore(Path dir) throws RocksDBException {
    cache = new LRUCache(BLOCK_CACHE_BYTES, -1, false, HIGH_PRIORITY_SHARE);
    filter = new BloomFilter(10);
    cfOptions = new ColumnFamilyOptions()
        .setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setMaxWriteBufferNumber(2)
        // Bloom filters spare point reads (hash -> block) a look into every file; index and filter
        // blocks live in the bounded block cache, not beside it, so memory stays flat as the chain grows
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
            .setFilterPolicy(filter)
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true));
    writeBuffers = new WriteBufferManager(ALL_MEMTABLES_BYTES, cache);
    dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true).setMaxOpenFiles(256)
        .setWriteBufferManager(writeBuffers);
    List<ColumnFamilyDescriptor> descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
        new ColumnFamilyDescriptor(bytes("blocks"), cfOptions),
        new ColumnFamilyDescriptor(bytes("meta"), cfOptions),
        new ColumnFamilyDescriptor(bytes("heights"), cfOptions),
        new ColumnFamilyDescriptor(bytes("state"), cfOptions),
        new ColumnFamilyDescriptor(bytes("txindex"), cfOptions),
        new ColumnFamilyDescriptor(bytes("side"), cfOptions));
    db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    defaultCf = handles.get(0);
    blocksCf = handles.get(1);
    metaCf = handles.get(2);
    heightsCf = handles.get(3);
    stateCf = handles.get(4);
    indexes = new RocksIndexes(db, handles.get(5), handles.get(6));
    reads = new RocksReads(db, heightsCf, blocksCf);
    syncWrite = new WriteOptions().setSync(true);
    String refusal = StoreFormat.check(db, defaultCf, syncWrite, db.get(defaultCf, HEAD_KEY) != null, dir);
    if (refusal != null) {
      close();
      throw new StorageException(refusal);
    }
  }

  /** Opens (or creates) the store in {@code dir}. */
  public static RocksBlockStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      return new RocksBlockStore(dir);
    } catch (java.io.IOException | RocksDBException e) {
      throw new StorageException("cannot open the block store in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Block> block(Hash hash) {
    return Optional.ofNullable(get(blocksCf, hash.toBytes(), null)).map(v -> BlockCodec.decodeStored(v, hash));
  }

  @Override
  public Optional<BlockMeta> meta(Hash hash) {
    return Optional.ofNullable(get(metaCf, hash.toBytes(), null)).map(BlockMeta::decode);
  }

  @Override
  public Optional<Hash> hashAt(long height) {
    return Optional.ofNullable(get(heightsCf, heightKey(height), null)).map(Hash::wrap);
  }

  @Override
  public Optional<Head> head() {
    return readHead(null);
  }

  @Override
  public Optional<NodeStore.Node> stateNode(Hash hash) {
    return Optional.ofNullable(get(stateCf, hash.toBytes(), null)).map(StateNodeCodec::decode);
  }

  @Override
  public List<TxLocation> transferLocations(Hash transferId) {
    return indexes.transferLocations(transferId, null);
  }

  @Override
  public List<SideBlock> sideBlocks() {
    return indexes.sideBlocks(null);
  }

  @Override
  public List<Block> range(long from, int count) {
    return reads.range(from, count, null);
  }

  @Override
  public List<Hash> hashesFrom(long from, int count) {
    return reads.hashesFrom(from, count, null);
  }

  @Override
  public List<byte[]> encoded(List<Hash> hashes) {
    return reads.encoded(hashes, null);
  }

  private Optional<Head> readHead(ReadOptions ro) {
    byte[] v = get(defaultCf, HEAD_KEY, ro);
    if (v == null) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    Hash hash = BlockCodec.readHash(b);
    return Optional.of(new Head(hash, b.getLong(), BlockCodec.readWork(b)));
  }

  @Override
  public void write(StoreBatch batch) {
    try (WriteBatch wb = new WriteBatch()) {
      for (int i = 0; i < batch.blocks().size(); i++) {
        Block b = batch.blocks().get(i);
        byte[] key = b.hash().toBytes();
        wb.put(blocksCf, key, BlockCodec.encode(b));
        wb.put(metaCf, key, batch.metas().get(i).encode());
      }
      for (Block b : batch.deleted()) {
        wb.delete(blocksCf, b.hash().toBytes());
        wb.delete(metaCf, b.hash().toBytes());
      }
      indexes.write(wb, batch);
      for (Map.Entry<Hash, NodeStore.Node> e : batch.stateNodes().entrySet()) {
        wb.put(stateCf, e.getKey().toBytes(), StateNodeCodec.encode(e.getValue()));
      }
      for (Map.Entry<Long, Hash> e : batch.heights().entrySet()) {
        if (e.getValue() == null) {
          wb.delete(heightsCf, heightKey(e.getKey()));
        } else {
          wb.put(heightsCf, heightKey(e.getKey()), e.getValue().toBytes());
        }
      }
      Head head = batch.head();
      if (head != null) {
        ByteBuffer v = ByteBuffer.allocate(Hash.SIZE + 8 + BlockCodec.workSize(head.totalWork()));
        head.hash().writeTo(v);
        v.putLong(head.height());
        BlockCodec.writeWork(v, head.totalWork());
        wb.put(defaultCf, HEAD_KEY, v.array());
      }
      db.write(syncWrite, wb);
    } catch (RocksDBException e) {
      throw new StorageException("block store write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Snapshot snapshot() {
    org.rocksdb.Snapshot snap = db.getSnapshot();
    ReadOptions ro = new ReadOptions().setSnapshot(snap);
    return new Snapshot() {
      @Override public Optional<Block> block(Hash hash) {
        return Optional.ofNullable(get(blocksCf, hash.toBytes(), ro)).map(v -> BlockCodec.decodeStored(v, hash));
      }
      @Override public Optional<BlockMeta> meta(Hash hash) {
        return Optional.ofNullable(get(metaCf, hash.toBytes(), ro)).map(BlockMeta::decode);
      }
      @Override public Optional<Hash> hashAt(long height) {
        return Optional.ofNullable(get(heightsCf, heightKey(height), ro)).map(Hash::wrap);
      }
      @Override public Optional<Head> head() {
        return readHead(ro);
      }
      @Override public Optional<NodeStore.Node> stateNode(Hash hash) {
        return Optional.ofNullable(get(stateCf, hash.toBytes(), ro)).map(StateNodeCodec::decode);
      }
      @Override public List<TxLocation> transferLocations(Hash transferId) {
        return indexes.transferLocations(transferId, ro);
      }
      @Override public List<SideBlock> sideBlocks() {
        return indexes.sideBlocks(ro);
      }
      @Override public List<Hash> hashesFrom(long from, int count) {
        return reads.hashesFrom(from, count, ro);
      }
      @Override public List<byte[]> encoded(List<Hash> hashes) {
        return reads.encoded(hashes, ro);
      }
      @Override public void close() {
        ro.close();
        db.releaseSnapshot(snap);
      }
    };
  }

  private byte[] get(ColumnFamilyHandle cf, byte[] key, ReadOptions ro) {
    try {
      return ro == null ? db.get(cf, key) : db.get(cf, ro, key);
    } catch (RocksDBException e) {
      throw new StorageException("block store read failed: " + e.getMessage(), e);
    }
  }

  private static byte[] heightKey(long height) {
    return RocksReads.heightKey(height);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    syncWrite.close();
    dbOptions.close();
    cfOptions.close();
    filter.close();
    writeBuffers.close();
    cache.close();
  }
}
