package dev.meshledger.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.state.Account;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.Work;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksBlockStoreTest {
  private static final ChainParams PARAMS = ChainParams.of("rocks-test", 4, 1024);
  private static final Block G = Genesis.of(PARAMS);
  private static final Block B1 = TestBlocks.child(PARAMS, G, "one");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "two");

  @TempDir Path dir;

  private static BlockMeta metaOf(Block b) {
    Ancestry a = Ancestry.genesis(0);
    for (long h = 1; h <= b.height(); h++) {
      a = a.child(h);
    }
    return new BlockMeta(b.height(), b.prevHash(), Work.of(b.height() + 1), b.stateRoot(), a);
  }

  private static StoreBatch batchOf(Block... blocks) {
    StoreBatch batch = new StoreBatch();
    for (Block b : blocks) {
      batch.addBlock(b, metaOf(b));
      batch.setHeight(b.height(), b.hash());
    }
    Block tip = blocks[blocks.length - 1];
    batch.setHead(new Head(tip.hash(), tip.height(), tip.height() + 1));
    return batch;
  }

  @Test
  void anEmptyStoreHasNothing() {
    try (RocksBlockStore store = RocksBlockStore.open(dir.resolve("chain"))) {
      assertEquals(Optional.empty(), store.head());
      assertEquals(Optional.empty(), store.hashAt(0));
      assertEquals(Optional.empty(), store.block(G.hash()));
      assertEquals(Optional.empty(), store.meta(G.hash()));
    }
  }

  @Test
  void whatIsWrittenIsReadBackAfterReopening() {
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      store.write(batchOf(G));
      store.write(batchOf(B1, B2));
      assertEquals(Optional.of(B2), store.block(B2.hash()));
    }
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      for (Block b : new Block[] {G, B1, B2}) {
        assertEquals(Optional.of(b), store.block(b.hash()));
        assertEquals(Optional.of(metaOf(b)), store.meta(b.hash()));
        assertEquals(Optional.of(b.hash()), store.hashAt(b.height()));
      }
      assertEquals(Optional.of(new Head(B2.hash(), 2, 3)), store.head());
      assertEquals(Optional.empty(), store.hashAt(3));
    }
  }

  @Test
  void aRangeIsTheBestChainInOrderAndStopsWhereItEnds() {
    Block[] chain = new Block[40];
    chain[0] = G;
    for (int i = 1; i < chain.length; i++) {
      chain[i] = TestBlocks.child(PARAMS, chain[i - 1], "block " + i);
    }
    try (RocksBlockStore store = RocksBlockStore.open(dir);
        MemoryBlockStore memory = new MemoryBlockStore()) {
      store.write(batchOf(chain));
      memory.write(batchOf(chain));
      assertEquals(java.util.Arrays.asList(chain).subList(5, 15), store.range(5, 10));
      assertEquals(java.util.Arrays.asList(chain).subList(30, 40), store.range(30, 100), "stops at the tip");
      assertEquals(java.util.List.of(), store.range(40, 10));
      assertEquals(java.util.List.of(), store.range(3, 0));
      for (int[] q : new int[][] {{0, 40}, {0, 1}, {39, 5}, {12, 7}}) {
        assertEquals(memory.range(q[0], q[1]), store.range(q[0], q[1]), "the same as reading one block at a time");
      }
      StoreBatch shorten = new StoreBatch();
      shorten.setHeight(20, null);
      store.write(shorten);
      assertEquals(java.util.Arrays.asList(chain).subList(15, 20), store.range(15, 10), "stops at a missing height");
    }
  }

  @Test
  void aNullHashDeletesTheHeight() {
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      store.write(batchOf(G, B1, B2));
      StoreBatch shorten = new StoreBatch();
      shorten.setHeight(2, null);
      shorten.setHead(new Head(B1.hash(), 1, 2));
      store.write(shorten);
      assertEquals(Optional.empty(), store.hashAt(2));
      assertEquals(Optional.of(B2), store.block(B2.hash()), "the block itself stays");
    }
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      assertEquals(Optional.empty(), store.hashAt(2));
      assertEquals(Optional.of(B1.hash()), store.hashAt(1));
      assertEquals(Optional.of(new Head(B1.hash(), 1, 2)), store.head());
    }
  }

  @Test
  void aBatchWithoutHeadKeepsTheHead() {
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      store.write(batchOf(G));
      StoreBatch side = new StoreBatch();
      side.addBlock(B1, metaOf(B1));
      store.write(side);
      assertEquals(Optional.of(new Head(G.hash(), 0, 1)), store.head());
      assertEquals(Optional.of(B1), store.block(B1.hash()));
      assertEquals(Optional.empty(), store.hashAt(1));
    }
  }

  @Test
  void aSnapshotIsUnaffectedByLaterWrites() {
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      store.write(batchOf(G, B1));
      try (BlockStore.Snapshot snap = store.snapshot()) {
        store.write(batchOf(B2));
        StoreBatch drop = new StoreBatch();
        drop.setHeight(1, null);
        store.write(drop);

        assertEquals(Optional.of(new Head(B1.hash(), 1, 2)), snap.head());
        assertEquals(Optional.empty(), snap.block(B2.hash()));
        assertEquals(Optional.empty(), snap.meta(B2.hash()));
        assertEquals(Optional.empty(), snap.hashAt(2));
        assertEquals(Optional.of(B1.hash()), snap.hashAt(1));
        assertEquals(Optional.of(B1), snap.block(B1.hash()));

        assertEquals(Optional.of(new Head(B2.hash(), 2, 3)), store.head());
        assertEquals(Optional.empty(), store.hashAt(1));
      }
    }
  }

  @Test
  void aStoreThatCannotBeOpenedSaysWhere() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    StorageException e = assertThrows(StorageException.class, () -> RocksBlockStore.open(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void aSecondOpenOfTheSameDirectoryFailsWhileTheFirstIsOpen() {
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      StorageException e = assertThrows(StorageException.class, () -> RocksBlockStore.open(dir));
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
  }

  @Test
  void hashesAreKeysNotPrefixes() {
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      store.write(batchOf(G));
      assertEquals(Optional.empty(), store.block(Hash.ZERO));
    }
  }

  @Test
  void theTransferIndexFindsATransferInEveryBlockHoldingItAndOnlyThere() {
    WalletKey alice = WalletKey.generate();
    Transfer t1 = alice.transfer("rocks-test", alice.account(), 1, 1, 0);
    Transfer t2 = alice.transfer("rocks-test", alice.account(), 2, 1, 0);
    Block withT1 = blockWith(G, List.of(t1), "a");
    Block alsoT1 = blockWith(G, List.of(t2, t1), "b");
    Block withT2 = blockWith(B1, List.of(t2), "c");
    Hash leaf = Sha256.of(new byte[] {9});
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      StoreBatch batch = batchOf(G, withT1);
      batch.addBlock(alsoT1, metaOf(alsoT1));
      batch.addBlock(withT2, metaOf(withT2));
      batch.putStateNode(leaf, new NodeStore.Leaf(leaf, new Account(7, 1)));
      store.write(batch);
    }
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      assertEquals(Set.of(new TxLocation(withT1.hash(), 0), new TxLocation(alsoT1.hash(), 1)),
          Set.copyOf(store.transferLocations(t1.id())));
      assertEquals(Set.of(new TxLocation(alsoT1.hash(), 0), new TxLocation(withT2.hash(), 0)),
          Set.copyOf(store.transferLocations(t2.id())));
      assertEquals(List.of(), store.transferLocations(Sha256.of(new byte[] {1})));
      assertEquals(Optional.of(new NodeStore.Leaf(leaf, new Account(7, 1))), store.stateNode(leaf));
      try (BlockStore.Snapshot snap = store.snapshot()) {
        assertEquals(2, snap.transferLocations(t1.id()).size());
        assertEquals(Optional.of(new NodeStore.Leaf(leaf, new Account(7, 1))), snap.stateNode(leaf));
      }
    }
  }

  private static Block blockWith(Block parent, List<Transfer> transfers, String data) {
    return new BlockFactory(TestBlocks.KEY, PARAMS).make(parent.height(), parent.hash(), TestBlocks.T0,
        TestBlocks.utf8(data), new BlockBody(transfers, parent.stateRoot()), () -> false).orElseThrow();
  }
}
