package dev.meshledger.storage;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.ledger.smt.NodeStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A BlockStore in memory, for tests: same contract as RocksDB, nothing survives the JVM. */
public final class MemoryBlockStore implements BlockStore {
  private final Map<Hash, Block> blocks;
  private final Map<Hash, BlockMeta> metas;
  private final Map<Long, Hash> heights;
  private final Map<Hash, NodeStore.Node> stateNodes;
  private final Map<Hash, SideBlock> side = new HashMap<>();
  private volatile Head head;

  public MemoryBlockStore() {
    this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), null);
  }

  private MemoryBlockStore(Map<Hash, Block> blocks, Map<Hash, BlockMeta> metas, Map<Long, Hash> heights,
      Map<Hash, NodeStore.Node> stateNodes, Head head) {
    this.blocks = blocks;
    this.metas = metas;
    this.heights = heights;
    this.stateNodes = stateNodes;
    this.head = head;
  }

  @Override
  public synchronized Optional<NodeStore.Node> stateNode(Hash hash) {
    return Optional.ofNullable(stateNodes.get(hash));
  }

  @Override
  public synchronized List<SideBlock> sideBlocks() {
    List<SideBlock> out = new ArrayList<>(side.values());
    out.sort(java.util.Comparator.comparingLong(SideBlock::height));
    return out;
  }

  /** A scan of every block: fine for the small chains of tests. */
  @Override
  public synchronized List<TxLocation> transferLocations(Hash transferId) {
    List<TxLocation> out = new ArrayList<>();
    for (Block b : blocks.values()) {
      for (int i = 0; i < b.txCount(); i++) {
        if (b.transactions().get(i).id().equals(transferId)) {
          out.add(new TxLocation(b.hash(), i));
        }
      }
    }
    return out;
  }

  @Override
  public synchronized Optional<Block> block(Hash hash) {
    return Optional.ofNullable(blocks.get(hash));
  }

  @Override
  public synchronized Optional<BlockMeta> meta(Hash hash) {
    return Optional.ofNullable(metas.get(hash));
  }

  @Override
  public synchronized Optional<Hash> hashAt(long height) {
    return Optional.ofNullable(heights.get(height));
  }

  /** One cut of the height index, as RocksDB's multi-get reads it. */
  @Override
  public synchronized List<Hash> hashesFrom(long from, int count) {
    return BlockStore.super.hashesFrom(from, count);
  }

  @Override
  public Optional<Head> head() {
    return Optional.ofNullable(head);
  }

  @Override
  public synchronized void write(StoreBatch batch) {
    for (int i = 0; i < batch.blocks().size(); i++) {
      Block b = batch.blocks().get(i);
      blocks.put(b.hash(), b);
      metas.put(b.hash(), batch.metas().get(i));
    }
    batch.heights().forEach((h, hash) -> {
      if (hash == null) {
        heights.remove(h);
      } else {
        heights.put(h, hash);
      }
    });
    stateNodes.putAll(batch.stateNodes());
    batch.sideRemoved().forEach(b -> side.remove(b.hash()));
    batch.sideAdded().forEach(b -> side.put(b.hash(), b));
    for (Block b : batch.deleted()) {
      blocks.remove(b.hash());
      metas.remove(b.hash());
    }
    if (batch.head() != null) {
      head = batch.head();
    }
  }

  @Override
  public synchronized Snapshot snapshot() {
    MemoryBlockStore copy = new MemoryBlockStore(new HashMap<>(blocks), new HashMap<>(metas), new HashMap<>(heights),
        new HashMap<>(stateNodes), head);
    return new Snapshot() {
      @Override public Optional<Block> block(Hash hash) { return copy.block(hash); }
      @Override public Optional<BlockMeta> meta(Hash hash) { return copy.meta(hash); }
      @Override public Optional<Hash> hashAt(long height) { return copy.hashAt(height); }
      @Override public Optional<Head> head() { return copy.head(); }
      @Override public Optional<NodeStore.Node> stateNode(Hash hash) { return copy.stateNode(hash); }
      @Override public List<TxLocation> transferLocations(Hash id) { return copy.transferLocations(id); }
      @Override public List<SideBlock> sideBlocks() { return copy.sideBlocks(); }
      @Override public void close() {}
    };
  }

  @Override
  public void close() {}
}
