package dev.meshledger.chain;

import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks.Field;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.storage.StoreBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChainAuditTest {
  private static final ChainParams PARAMS = ChainParams.of("audit-test", 4, 1024);
  private static final long NOW = TestBlocks.T0;

  private MemoryBlockStore store;
  private Chain chain;
  private final List<Block> blocks = new ArrayList<>();

  @BeforeEach
  void fiveBlocks() {
    store = new MemoryBlockStore();
    chain = new Chain(store, PARAMS);
    Block p = chain.genesis();
    blocks.add(p);
    for (int i = 1; i <= 5; i++) {
      p = TestBlocks.child(PARAMS, p, "block " + i);
      chain.add(p, false, NOW);
      blocks.add(p);
    }
    chain.flush();
  }

  private AuditReport audit() {
    return ChainAudit.run(store, chain.validator(), NOW, null);
  }

  /** Writes {@code bad} straight into the store at its height, as a disk fault or a bug would. */
  private void corrupt(Block bad) {
    StoreBatch batch = new StoreBatch();
    batch.addBlock(bad, store.meta(blocks.get((int) bad.height()).hash()).orElseThrow());
    batch.setHeight(bad.height(), bad.hash());
    store.write(batch);
  }

  @Test
  void validChainReportsValid() {
    AuditReport r = audit();
    assertTrue(r.valid());
    assertEquals(5, r.height());
    assertEquals(6, r.checked());
    assertEquals(blocks.get(5).hash(), r.tip());
    assertEquals(List.of(), r.errors());
  }

  @Test
  void aTimestampAtTheMedianTimePastIsReported() {
    // properly signed and sealed, but no later than the median of genesis, block 1 and block 2
    Block early = new BlockFactory(TestBlocks.KEY, PARAMS).make(2, blocks.get(2).hash(), blocks.get(1).timestamp(),
        TestBlocks.utf8("early"), BlockBody.unchanged(blocks.get(2).stateRoot()), () -> false).orElseThrow();
    corrupt(early);
    AuditReport r = audit();
    assertFalse(r.valid());
    assertEquals(List.of(new AuditReport.Error(3, "TIME_TOO_OLD"), new AuditReport.Error(4, "BROKEN_LINK")), r.errors());
  }

  @Test
  void corruptedDataIsReportedAtItsHeight() {
    // Same header and hash, other data: only the data hash check can see it.
    Block good = blocks.get(3);
    byte[] data = good.data().clone();
    data[0] ^= 1;
    corrupt(TestBlocks.with(good, Field.DATA, data));
    AuditReport r = audit();
    assertFalse(r.valid());
    assertEquals(List.of(new AuditReport.Error(3, "BAD_DATA_HASH")), r.errors());
    assertEquals(6, r.checked());
  }

  @Test
  void aBlockWithAForgedHashIsReported() {
    corrupt(TestBlocks.with(blocks.get(2), Field.HASH, Hash.ZERO));
    AuditReport r = audit();
    assertFalse(r.valid());
    // Height 2 no longer recomputes; height 3's parent link points at the real block 2, not at the stored one.
    assertEquals(List.of(new AuditReport.Error(2, "BAD_HASH"), new AuditReport.Error(3, "BROKEN_LINK")), r.errors());
  }

  @Test
  void aMissingBlockIsReported() {
    StoreBatch batch = new StoreBatch();
    batch.setHeight(4, Hash.fromHex("11".repeat(32)));
    store.write(batch);
    AuditReport r = audit();
    assertFalse(r.valid());
    assertEquals(new AuditReport.Error(4, "MISSING_BLOCK"), r.errors().get(0));
  }

  @Test
  void aCorruptGenesisIsReported() {
    Block g = blocks.get(0);
    corrupt(TestBlocks.with(g, Field.DATA, TestBlocks.utf8("not the genesis")));
    AuditReport r = audit();
    assertFalse(r.valid());
    assertEquals(new AuditReport.Error(0, "BAD_GENESIS"), r.errors().get(0));
  }

  @Test
  void theAuditReadsASnapshotAsOfWhenItWasTaken() {
    try (var snapshot = store.snapshot()) {
      Block six = TestBlocks.child(PARAMS, blocks.get(5), "block 6");
      chain.add(six, false, NOW);
      chain.flush();
      AuditReport r = ChainAudit.run(snapshot, chain.validator(), NOW, null);
      assertTrue(r.valid());
      assertEquals(5, r.height());
    }
    assertEquals(6, audit().height());
  }
}
