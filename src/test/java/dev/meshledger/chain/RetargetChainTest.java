package dev.meshledger.chain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.CompactBits;
import dev.meshledger.domain.pow.PowRules;
import dev.meshledger.domain.pow.Retarget;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.storage.RocksBlockStore;
import dev.meshledger.storage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * A retargeting proof-of-work chain through {@link Chain}: the bits each block must carry, the
 * timestamp rules, fork choice by most work (not most blocks) and work kept across a restart.
 * 1000 ms blocks with a half-life of one block: every block's worth ahead of schedule halves the target.
 */
class RetargetChainTest {
  private static final ChainParams PARAMS = ChainParams.of("retarget-test", 4, 1024)
      .withRetarget(new Retarget(1000, 1));
  private static final PowRules RULES = PARAMS.powRules();
  private static final BlockFactory FACTORY = new BlockFactory(TestBlocks.KEY, PARAMS);
  private static final long T0 = TestBlocks.T0;
  private static final long NOW = T0 + 1_000_000;

  @TempDir Path dir;

  /** A block on {@code parent} (whose ancestry is {@code anc}) at {@code ts}, sealed to {@code bits}. */
  private static Block mine(Block parent, long ts, int bits, String data) {
    return FACTORY.make(parent.height(), parent.hash(), ts, bits, utf8(data), BlockBody.unchanged(parent.stateRoot()),
        () -> false).orElseThrow();
  }

  /** A branch on genesis with the given timestamps, each block carrying the bits its parent requires. */
  private static List<Block> branch(Block genesis, String name, long... times) {
    List<Block> out = new ArrayList<>();
    Block parent = genesis;
    Ancestry anc = Ancestry.genesis(genesis.timestamp());
    for (long ts : times) {
      parent = mine(parent, ts, RULES.requiredBits(anc), name + (parent.height() + 1));
      anc = anc.child(ts);
      out.add(parent);
    }
    return out;
  }

  private static long[] every(long start, long step, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = start + i * step;
    }
    return t;
  }

  private static AddResult.Added added(AddResult r) {
    return assertInstanceOf(AddResult.Added.class, r);
  }

  private static Rejection rejection(AddResult r) {
    return assertInstanceOf(AddResult.Rejected.class, r).reason();
  }

  @Test
  void fastBlocksMustCarryHarderBitsAndAddUpTheirWork() {
    MemoryBlockStore store = new MemoryBlockStore();
    Chain chain = new Chain(store, PARAMS);
    List<Block> fast = branch(chain.genesis(), "f", every(T0, 1, 6));
    Work sum = Work.ZERO;
    for (Block b : fast) {
      added(chain.add(b, false, NOW));
      sum = sum.plus(Work.ofBits(b.bits()));
    }
    assertEquals(RULES.initialBits(), fast.get(0).bits(), "the anchor");
    assertEquals(RULES.initialBits(), fast.get(1).bits(), "the anchor's child");
    for (int i = 2; i < fast.size(); i++) {
      assertTrue(CompactBits.decode(fast.get(i).bits()).compareTo(CompactBits.decode(fast.get(i - 1).bits())) < 0,
          "block " + (i + 1) + " came early: a harder target than its parent's");
    }
    assertEquals(new Head(fast.get(5).hash(), 6, sum), chain.head());
    chain.flush();
    assertTrue(ChainAudit.run(store, chain.validator(), NOW, null).valid(), "the audit recomputes the same bits");
  }

  @Test
  void bitsOtherThanTheRequiredOnesAreRefused() {
    Chain chain = new Chain(new MemoryBlockStore(), PARAMS);
    List<Block> fast = branch(chain.genesis(), "f", every(T0, 1, 3));
    fast.forEach(b -> added(chain.add(b, false, NOW)));
    Ancestry anc = chain.meta(fast.get(2).hash()).orElseThrow().ancestry();
    int required = RULES.requiredBits(anc);
    // easier than required (the initial bits), and harder than required: both wrong
    assertEquals(Rejection.BAD_BITS, rejection(chain.add(mine(fast.get(2), T0 + 3, RULES.initialBits(), "easy"), false, NOW)));
    int harder = CompactBits.encode(CompactBits.decode(required).shiftRight(1));
    assertEquals(Rejection.BAD_BITS, rejection(chain.add(mine(fast.get(2), T0 + 3, harder, "hard"), false, NOW)));
    added(chain.add(mine(fast.get(2), T0 + 3, required, "right"), false, NOW));
  }

  @Test
  void aTimestampNotAboveTheMedianTimePastIsRefused() {
    Chain chain = new Chain(new MemoryBlockStore(), PARAMS);
    // genesis (0), T0, T0 + 5000, T0 + 10000: the median of the four is T0 + 5000
    List<Block> slow = branch(chain.genesis(), "s", T0, T0 + 5000, T0 + 10_000);
    slow.forEach(b -> added(chain.add(b, false, NOW)));
    Block tip = slow.get(2);
    int bits = RULES.requiredBits(chain.meta(tip.hash()).orElseThrow().ancestry());
    assertEquals(Rejection.TIME_TOO_OLD, rejection(chain.add(mine(tip, T0 + 5000, bits, "at"), false, NOW)));
    assertEquals(Rejection.TIME_TOO_OLD, rejection(chain.add(mine(tip, T0, bits, "before"), false, NOW)));
    // below its parent's own time but above the median: allowed, as in Bitcoin
    added(chain.add(mine(tip, T0 + 5001, bits, "after"), false, NOW));
  }

  @Test
  void aTimestampTooFarAheadOfTheClockIsRefused() {
    Chain chain = new Chain(new MemoryBlockStore(), PARAMS);
    Block genesis = chain.genesis();
    long limit = NOW + PARAMS.maxFutureMillis();
    assertEquals(Rejection.FUTURE_TIMESTAMP,
        rejection(chain.add(mine(genesis, limit + 1, RULES.initialBits(), "ahead"), false, NOW)));
    added(chain.add(mine(genesis, limit, RULES.initialBits(), "at the limit"), false, NOW));
  }

  @Test
  void aShorterBranchWithMoreWorkBeatsALongerOneWithLess() {
    Chain chain = new Chain(new MemoryBlockStore(), PARAMS);
    // eight blocks, two seconds apart: always the initial (easiest) target, 8 units of work
    List<Block> longer = branch(chain.genesis(), "long", every(T0, 2000, 8));
    longer.forEach(b -> added(chain.add(b, false, NOW)));
    assertEquals(8, chain.head().height());
    // five blocks a millisecond apart: targets halve from the third on, ~1 + 1 + 2 + 4 + 8 units
    List<Block> heavier = branch(chain.genesis(), "heavy", every(T0, 1, 5));
    for (int i = 0; i < 4; i++) {
      assertEquals(false, added(chain.add(heavier.get(i), false, NOW)).becameTip(), "block " + (i + 1));
    }
    AddResult.Added last = added(chain.add(heavier.get(4), false, NOW));
    assertTrue(last.becameTip(), "five blocks with more work than eight");
    assertEquals(5, chain.head().height());
    assertEquals(heavier.get(4).hash(), chain.head().hash());
    assertTrue(chain.head().totalWork().beats(chain.meta(longer.get(7).hash()).orElseThrow().totalWork()));
    assertEquals(heavier.get(2).hash(), chain.hashAt(3).orElseThrow(), "the height index follows the heavier branch");
  }

  @Test
  void workAndAncestrySurviveARestart() {
    Head before;
    List<Block> blocks;
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      Chain chain = new Chain(store, PARAMS);
      blocks = branch(chain.genesis(), "r", every(T0, 1, 6));
      blocks.forEach(b -> added(chain.add(b, false, NOW)));
      chain.flush();
      before = chain.head();
    }
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      Chain chain = new Chain(store, PARAMS);
      assertEquals(before, chain.head(), "hash, height and the 256-bit work");
      Block tip = blocks.get(5);
      Ancestry anc = chain.meta(tip.hash()).orElseThrow().ancestry();
      assertEquals(6, anc.height());
      assertEquals(T0, anc.anchorTime());
      assertEquals(T0 + 5, anc.timestamp());
      // the next block's bits come from the stored ancestry
      Block next = mine(tip, T0 + 6, RULES.requiredBits(anc), "after restart");
      assertTrue(added(chain.add(next, false, NOW)).becameTip());
      assertEquals(Rejection.BAD_BITS, rejection(chain.add(mine(tip, T0 + 6, RULES.initialBits(), "x"), false, NOW)));
    }
  }

  @Test
  void aDataDirectoryOfTheOlderFormatIsRefusedWithAClearMessage() throws Exception {
    RocksDB.loadLibrary();
    try (Options o = new Options().setCreateIfMissing(true); RocksDB old = RocksDB.open(o, dir.toString())) {
      old.put("head".getBytes(), new byte[48]); // a head, and no format stamp: what older versions left
    }
    StorageException e = assertThrows(StorageException.class, () -> RocksBlockStore.open(dir));
    assertTrue(e.getMessage().contains("storage format 1"), e.getMessage());
    assertTrue(e.getMessage().contains("node.dataDir"), e.getMessage());
  }
}
