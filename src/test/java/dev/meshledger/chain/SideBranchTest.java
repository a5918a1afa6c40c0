package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.config.ChainLimits;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.storage.RocksBlockStore;
import dev.meshledger.storage.SideBlock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node keeps of branches off its best chain: the depth rule, the byte cap, pruning and reorgs. */
class SideBranchTest {
  private static final ChainParams PARAMS = ChainParams.of("side-test", 0, 4096);
  private static final long NOW = TestBlocks.T0;

  private static List<Block> branch(Block parent, String name, int n) {
    return TestBlocks.branch(PARAMS, parent, name, n);
  }

  private static AddResult add(Chain chain, Block b) {
    return chain.add(b, false, NOW);
  }

  private static Set<Long> sideHeights(MemoryBlockStore store) {
    return store.sideBlocks().stream().map(SideBlock::height).collect(Collectors.toSet());
  }

  @Test
  void aSideBlockTooFarBelowTheTipIsRefusedAndAShallowOneKept() {
    MemoryBlockStore store = new MemoryBlockStore();
    Chain chain = new Chain(store, PARAMS, new ChainLimits(5, 1 << 20));
    List<Block> main = branch(chain.genesis(), "main", 10);
    main.forEach(b -> add(chain, b));
    Block deep = TestBlocks.child(PARAMS, main.get(3), "deep"); // height 5: the tip (10) is 5 past it
    assertEquals(Rejection.STALE_FORK, assertInstanceOf(AddResult.Rejected.class, add(chain, deep)).reason());
    Block shallow = TestBlocks.child(PARAMS, main.get(4), "shallow"); // height 6
    AddResult.Added kept = assertInstanceOf(AddResult.Added.class, add(chain, shallow));
    assertFalse(kept.becameTip());
    assertEquals(BlockCodec.encodedSize(shallow), chain.sideBranchBytes());
    assertEquals(1, chain.sideBranchBlocks());
  }

  @Test
  void sideBranchesStopAtTheirByteCapWhileTheBestChainGrows() {
    MemoryBlockStore store = new MemoryBlockStore();
    Block one = TestBlocks.child(PARAMS, new Chain(new MemoryBlockStore(), PARAMS).genesis(), "spam1");
    int size = BlockCodec.encodedSize(one);
    Chain chain = new Chain(store, PARAMS, new ChainLimits(1_000, 3L * size));
    List<Block> main = branch(chain.genesis(), "main", 3);
    main.forEach(b -> add(chain, b));
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      AddResult r = add(chain, TestBlocks.child(PARAMS, chain.genesis(), "spam" + i));
      if (r instanceof AddResult.Rejected rej) {
        assertEquals(Rejection.SIDE_BRANCHES_FULL, rej.reason());
        refused++;
      }
    }
    assertEquals(17, refused, "three fit");
    assertTrue(chain.sideBranchBytes() <= 3L * size);
    Block next = TestBlocks.child(PARAMS, main.get(2), "main4");
    assertTrue(assertInstanceOf(AddResult.Added.class, add(chain, next)).becameTip(), "the best chain is never capped");
  }

  @Test
  void staleSideBlocksAreDroppedAtTheFlushThatLeavesThemBehind() {
    MemoryBlockStore store = new MemoryBlockStore();
    Chain chain = new Chain(store, PARAMS, new ChainLimits(3, 1 << 20));
    List<Block> main = branch(chain.genesis(), "main", 2);
    main.forEach(b -> add(chain, b));
    Block side = TestBlocks.child(PARAMS, main.get(0), "side"); // height 2, beside main2
    add(chain, side);
    chain.flush();
    assertEquals(Set.of(2L), sideHeights(store));
    branch(main.get(1), "more", 2).forEach(b -> add(chain, b)); // tip 4: 2 below, still kept
    chain.flush();
    assertTrue(store.block(side.hash()).isPresent());
    add(chain, TestBlocks.child(PARAMS, chain.blockAt(4).orElseThrow(), "main5")); // tip 5: 3 below, stale
    chain.flush();
    assertEquals(Optional.empty(), store.block(side.hash()), "dropped");
    assertEquals(Optional.empty(), store.meta(side.hash()));
    assertEquals(Set.of(), sideHeights(store));
    assertEquals(0, chain.sideBranchBytes());
  }

  @Test
  void aReorgSwapsWhichBranchIsCountedAsSide(@TempDir Path dir) {
    RocksBlockStore store = RocksBlockStore.open(dir);
    try {
      Chain chain = new Chain(store, PARAMS, ChainLimits.DEFAULTS);
      List<Block> a = branch(chain.genesis(), "a", 2);
      a.forEach(b -> add(chain, b));
      List<Block> b = branch(chain.genesis(), "b", 3);
      add(chain, b.get(0));
      add(chain, b.get(1));
      chain.flush();
      assertEquals(Set.of(b.get(0).hash(), b.get(1).hash()), hashes(store.sideBlocks()));
      AddResult.Added switched = assertInstanceOf(AddResult.Added.class, add(chain, b.get(2)));
      assertEquals(2, switched.reorg().depth());
      chain.flush();
      assertEquals(Set.of(a.get(0).hash(), a.get(1).hash()), hashes(store.sideBlocks()), "a is the side branch now");
      long aBytes = BlockCodec.encodedSize(a.get(0)) + BlockCodec.encodedSize(a.get(1));
      assertEquals(aBytes, chain.sideBranchBytes());
      assertEquals(aBytes, new Chain(store, PARAMS, ChainLimits.DEFAULTS).sideBranchBytes(), "and so after a restart");
    } finally {
      store.close();
    }
  }

  @Test
  void theIndexWritesOnlyItsNetChangesOnceAndCountsBytes() {
    SideBranches side = new SideBranches(new ChainLimits(10, 100), List.of());
    dev.meshledger.domain.Hash a = dev.meshledger.domain.Sha256.of(new byte[] {1});
    dev.meshledger.domain.Hash b = dev.meshledger.domain.Sha256.of(new byte[] {2});
    side.add(new SideBlock(5, a, 60));
    side.add(new SideBlock(5, a, 60));
    assertEquals(60, side.bytes(), "added once");
    assertTrue(side.fits(40));
    assertFalse(side.fits(41));
    side.add(new SideBlock(7, b, 30));
    side.remove(a);
    side.remove(a);
    var batch = new dev.meshledger.storage.StoreBatch();
    side.drainTo(batch);
    assertEquals(List.of(new SideBlock(7, b, 30)), batch.sideAdded());
    assertEquals(List.of(new SideBlock(5, a, 60)), batch.sideRemoved());
    var again = new dev.meshledger.storage.StoreBatch();
    side.drainTo(again);
    assertTrue(again.isEmpty(), "drained changes are not written twice");
    assertEquals(List.of(), side.stale(16));
    assertEquals(List.of(new SideBlock(7, b, 30)), side.stale(17));
    assertEquals(1, side.count());
  }

  private static Set<dev.meshledger.domain.Hash> hashes(List<SideBlock> blocks) {
    return blocks.stream().map(SideBlock::hash).collect(Collectors.toSet());
  }
}
