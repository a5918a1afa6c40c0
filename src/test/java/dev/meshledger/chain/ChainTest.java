package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockMeta;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.storage.SideBlock;
import dev.meshledger.storage.StoreBatch;
import dev.meshledger.storage.TxLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChainTest {
  private static final ChainParams PARAMS = ChainParams.of("chain-test", 4, 1024);
  private static final long WORK = PARAMS.blockWork(PARAMS.powRules().initialBits()).value().longValueExact();
  private static final long NOW = TestBlocks.T0;

  private RecordingStore store;
  private Chain chain;
  private Block genesis;

  @BeforeEach
  void setUp() {
    store = new RecordingStore();
    chain = new Chain(store, PARAMS);
    genesis = chain.genesis();
    store.batches.clear(); // the genesis write
  }

  private static List<Block> branch(Block parent, String name, int n) {
    return TestBlocks.branch(PARAMS, parent, name, n);
  }

  private AddResult.Added addOk(Block b) {
    return assertInstanceOf(AddResult.Added.class, chain.add(b, false, NOW));
  }

  private void addAll(List<Block> blocks) {
    blocks.forEach(this::addOk);
  }

  private void assertBestChain(Block... fromHeight1) {
    assertEquals(Optional.of(genesis.hash()), chain.hashAt(0));
    for (Block b : fromHeight1) {
      assertEquals(Optional.of(b.hash()), chain.hashAt(b.height()), "height " + b.height());
      assertTrue(chain.isOnBestChain(b.hash()));
    }
    Block tip = fromHeight1[fromHeight1.length - 1];
    assertEquals(tip.hash(), chain.head().hash());
    assertEquals(tip.height(), chain.head().height());
    assertEquals(Optional.empty(), chain.hashAt(tip.height() + 1));
  }

  @Test
  void newChainStartsAtGenesis() {
    assertEquals(Genesis.of(PARAMS), genesis);
    assertEquals(new Head(genesis.hash(), 0, 0), chain.head());
    assertEquals(Optional.of(genesis), store.block(genesis.hash()));
    assertEquals(Optional.of(chain.head()), store.head());
  }

  @Test
  void blocksOnTheTipExtendIt() {
    List<Block> a = branch(genesis, "a", 3);
    for (Block b : a) {
      AddResult.Added added = addOk(b);
      assertTrue(added.becameTip());
      assertNull(added.reorg());
      assertEquals(Work.of(b.height() * WORK), added.totalWork());
    }
    assertBestChain(a.toArray(Block[]::new));
    assertEquals(Work.of(3 * WORK), chain.head().totalWork());
    assertEquals(a, chain.range(1, 10));
    assertEquals(List.of(genesis, a.get(0)), chain.range(0, 2));
  }

  @Test
  void aBlockSeenTwiceIsADuplicate() {
    Block b = branch(genesis, "a", 1).get(0);
    addOk(b);
    assertInstanceOf(AddResult.Duplicate.class, chain.add(b, false, NOW));
    chain.flush();
    assertInstanceOf(AddResult.Duplicate.class, chain.add(b, false, NOW));
    assertInstanceOf(AddResult.Duplicate.class, chain.add(genesis, false, NOW));
    assertEquals(1, chain.head().height());
  }

  @Test
  void everyStoredBlockIsADuplicateAfterReorgsWhicheverBranchItIsOn() {
    List<Block> a = branch(genesis, "a", 2);
    List<Block> b = branch(genesis, "b", 3);
    addAll(a);
    chain.flush();
    addAll(b); // heavier: b becomes the best chain, a a side branch
    chain.flush();
    assertEquals(b.get(2).hash(), chain.head().hash());
    Chain reopened = new Chain(store, PARAMS);
    for (Chain c : List.of(chain, reopened)) {
      for (Block x : a) {
        assertInstanceOf(AddResult.Duplicate.class, c.add(x, false, NOW), "side branch " + x);
      }
      for (Block x : b) {
        assertInstanceOf(AddResult.Duplicate.class, c.add(x, false, NOW), "best chain " + x);
      }
    }
    List<Block> a3 = branch(a.get(1), "a", 1);
    addOk(a3.get(0)); // as much work as the head: stored on its side branch
    assertInstanceOf(AddResult.Duplicate.class, chain.add(a3.get(0), false, NOW), "pending, not yet stored");
  }

  @Test
  void extendingTheHeadDoesNotLookInTheStoreForTheNewBlock() {
    List<Block> a = branch(genesis, "a", 5);
    addOk(a.get(0));
    chain.flush();
    store.metaReads.clear();
    for (Block x : a.subList(1, 5)) {
      addOk(x);
    }
    chain.flush();
    for (Block x : a.subList(1, 5)) {
      assertFalse(store.metaReads.contains(x.hash()), "a child of the head cannot be stored yet: " + x);
    }
  }

  @Test
  void invalidBlocksAreRejectedWithTheirReasonAndNotStored() {
    List<Block> a = branch(genesis, "a", 2);
    AddResult.Rejected orphan = assertInstanceOf(AddResult.Rejected.class, chain.add(a.get(1), false, NOW));
    assertEquals(Rejection.UNKNOWN_PARENT, orphan.reason());
    Block forged = TestBlocks.with(a.get(0), TestBlocks.Field.HASH, Hash.ZERO);
    assertEquals(Rejection.BAD_HASH, assertInstanceOf(AddResult.Rejected.class, chain.add(forged, false, NOW)).reason());
    assertEquals(0, chain.pendingCount());
    assertEquals(Optional.empty(), chain.block(a.get(1).hash()));
    assertEquals(genesis.hash(), chain.head().hash());
  }

  @Test
  void lighterSideBranchIsStoredButDoesNotBecomeTip() {
    List<Block> a = branch(genesis, "a", 2);
    addAll(a);
    Block side = branch(genesis, "b", 1).get(0);
    AddResult.Added added = addOk(side);
    assertFalse(added.becameTip());
    assertNull(added.reorg());
    assertEquals(Optional.of(side), chain.block(side.hash()));
    assertFalse(chain.isOnBestChain(side.hash()));
    assertBestChain(a.toArray(Block[]::new));
  }

  @Test
  void equalWorkBranchKeepsTheFirstSeen() {
    List<Block> a = branch(genesis, "a", 2);
    addAll(a);
    List<Block> b = branch(genesis, "b", 2);
    addAll(b);
    assertFalse(chain.isOnBestChain(b.get(1).hash()));
    assertEquals(chain.head().totalWork(), chain.meta(b.get(1).hash()).orElseThrow().totalWork());
    assertBestChain(a.toArray(Block[]::new));
  }

  @Test
  void heavierBranchFromGenesisReorgs() {
    List<Block> a = branch(genesis, "a", 2);
    addAll(a);
    Head oldHead = chain.head();
    List<Block> b = branch(genesis, "b", 3);
    assertFalse(addOk(b.get(0)).becameTip());
    assertFalse(addOk(b.get(1)).becameTip());
    AddResult.Added added = addOk(b.get(2));
    assertTrue(added.becameTip());
    AddResult.Reorg reorg = added.reorg();
    assertEquals(oldHead, reorg.oldHead());
    assertEquals(chain.head(), reorg.newHead());
    assertEquals(0, reorg.forkHeight());
    assertEquals(2, reorg.depth());
    assertBestChain(b.toArray(Block[]::new));
    assertFalse(chain.isOnBestChain(a.get(0).hash()));
    assertEquals(Optional.of(a.get(0)), chain.block(a.get(0).hash()), "the old branch stays stored");
  }

  @Test
  void heavierBranchReorgsFromAFlushedChainAndTheStoreFollows() {
    List<Block> a = branch(genesis, "a", 4);
    addAll(a);
    chain.flush();
    // b forks after a2: b3, b4, b5 outweigh a3, a4.
    List<Block> b = branch(a.get(1), "b", 3);
    addOk(b.get(0));
    addOk(b.get(1));
    AddResult.Reorg reorg = addOk(b.get(2)).reorg();
    assertEquals(2, reorg.forkHeight());
    assertEquals(2, reorg.depth());
    assertEquals(a.get(3).hash(), reorg.oldHead().hash());
    assertEquals(b.get(2).hash(), reorg.newHead().hash());
    Block[] best = {a.get(0), a.get(1), b.get(0), b.get(1), b.get(2)};
    assertBestChain(best);

    chain.flush();
    for (Block x : best) {
      assertEquals(Optional.of(x.hash()), store.hashAt(x.height()), "stored height " + x.height());
    }
    assertEquals(Optional.of(chain.head()), store.head());
    Chain reopened = new Chain(store, PARAMS);
    assertEquals(chain.head(), reopened.head());
    for (Block x : best) {
      assertEquals(Optional.of(x.hash()), reopened.hashAt(x.height()));
    }
  }

  @Test
  void reorgBackAndForthKeepsTheIndexRight() {
    List<Block> a = branch(genesis, "a", 2);
    addAll(a);
    List<Block> b = branch(genesis, "b", 3);
    addAll(b);
    chain.flush();
    // a grows past b again: a3 ties b3 (b stays), a4 takes over with a reorg back to a.
    List<Block> more = branch(a.get(1), "a", 2);
    assertFalse(addOk(more.get(0)).becameTip());
    AddResult.Reorg back = addOk(more.get(1)).reorg();
    assertEquals(0, back.forkHeight());
    assertEquals(3, back.depth());
    assertBestChain(a.get(0), a.get(1), more.get(0), more.get(1));
    chain.flush();
    assertBestChain(a.get(0), a.get(1), more.get(0), more.get(1));
  }

  @Test
  void pendingBlocksAreVisibleBeforeFlushAndWrittenInOneBatch() {
    List<Block> a = branch(genesis, "a", 3);
    addAll(a);
    assertEquals(3, chain.pendingCount());
    assertTrue(store.batches.isEmpty(), "nothing written before flush");
    assertEquals(Optional.of(a.get(2)), chain.block(a.get(2).hash()));
    assertEquals(Optional.of(a.get(1)), chain.blockAt(2));
    assertEquals(Optional.empty(), store.block(a.get(0).hash()));
    assertEquals(genesis.hash(), store.head().orElseThrow().hash());

    assertEquals(a, chain.flush());
    assertEquals(1, store.batches.size(), "one durable write for all pending blocks");
    StoreBatch batch = store.batches.get(0);
    assertEquals(a, batch.blocks());
    assertEquals(List.of(1L, 2L, 3L), List.copyOf(batch.heights().keySet()));
    assertEquals(chain.head(), batch.head());
    assertEquals(0, chain.pendingCount());
    for (Block b : a) {
      assertEquals(Optional.of(b), store.block(b.hash()));
      assertEquals(Optional.of(b.hash()), store.hashAt(b.height()));
      BlockMeta meta = store.meta(b.hash()).orElseThrow();
      assertEquals(Work.of(b.height() * WORK), meta.totalWork());
      assertEquals(b.timestamp(), meta.ancestry().timestamp());
      assertEquals(new BlockMeta(b.height(), b.prevHash(), meta.totalWork(), b.stateRoot(), meta.ancestry()), meta);
    }
    assertEquals(List.of(), chain.flush(), "nothing left to write");
    assertEquals(1, store.batches.size());
  }

  @Test
  void aChainReopenedAfterFlushHasTheSameHead() {
    List<Block> a = branch(genesis, "a", 3);
    addAll(a);
    chain.flush();
    Chain reopened = new Chain(store, PARAMS);
    assertEquals(chain.head(), reopened.head());
    assertEquals(a, reopened.range(1, 10));
    assertInstanceOf(AddResult.Duplicate.class, reopened.add(a.get(2), false, NOW));
  }

  @Test
  void unflushedBlocksAreNotInAReopenedChain() {
    List<Block> a = branch(genesis, "a", 2);
    addOk(a.get(0));
    chain.flush();
    addOk(a.get(1));
    Chain reopened = new Chain(store, PARAMS);
    assertEquals(a.get(0).hash(), reopened.head().hash());
  }

  @Test
  void aStoreHoldingAnotherNetworksChainIsRefused() {
    ChainParams other = ChainParams.of("another-net", 4, 1024);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Chain(store, other));
    assertTrue(e.getMessage().contains("another network's chain"), e.getMessage());
    assertTrue(e.getMessage().contains("chain.id"), e.getMessage());
    assertTrue(e.getMessage().contains(genesis.hash().shortHex()), e.getMessage());
    assertTrue(e.getMessage().contains(Genesis.of(other).hash().shortHex()), e.getMessage());

    ChainParams otherBits = ChainParams.of(PARAMS.chainId(), 5, 1024);
    assertThrows(IllegalStateException.class, () -> new Chain(store, otherBits));
  }

  /** A MemoryBlockStore that remembers every batch written to it. */
  static final class RecordingStore implements BlockStore {
    final MemoryBlockStore inner = new MemoryBlockStore();
    final List<StoreBatch> batches = new ArrayList<>();
    final List<Hash> metaReads = new ArrayList<>();

    @Override public void write(StoreBatch batch) {
      batches.add(batch);
      inner.write(batch);
    }
    @Override public Snapshot snapshot() { return inner.snapshot(); }
    @Override public void close() { inner.close(); }
    @Override public Optional<Block> block(Hash hash) { return inner.block(hash); }
    @Override public Optional<BlockMeta> meta(Hash hash) {
      metaReads.add(hash);
      return inner.meta(hash);
    }
    @Override public Optional<Hash> hashAt(long height) { return inner.hashAt(height); }
    @Override public Optional<Head> head() { return inner.head(); }
    @Override public Optional<NodeStore.Node> stateNode(Hash hash) { return inner.stateNode(hash); }
    @Override public List<TxLocation> transferLocations(Hash id) { return inner.transferLocations(id); }
    @Override public List<SideBlock> sideBlocks() { return inner.sideBlocks(); }
  }
}
