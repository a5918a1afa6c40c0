package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockRunsTest {
  private static final ChainParams PARAMS = ChainParams.of("runs-test", 0, 1024);
  private static final Block B1 = TestBlocks.child(PARAMS, Genesis.of(PARAMS), "1");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "2");
  private static final Block B3 = TestBlocks.child(PARAMS, B2, "3");
  private static final Block B3_OTHER = TestBlocks.child(PARAMS, B2, "3 other");
  private static final Block B4_ON_OTHER = TestBlocks.child(PARAMS, B3_OTHER, "4");

  @Test
  void aRunIsLinkedWhenHeightsFollowFromItsStartAndEachBlockIsTheNextOnesParent() {
    assertTrue(BlockRuns.linked(List.of(B1, B2, B3), 1));
    assertTrue(BlockRuns.linked(List.of(B2), 2));
    assertTrue(BlockRuns.linked(List.of(), 7));
    assertFalse(BlockRuns.linked(List.of(B1, B2, B3), 2), "not from the height asked");
    assertFalse(BlockRuns.linked(List.of(B2), 1));
    assertFalse(BlockRuns.linked(List.of(B1, B3), 1), "a gap");
    assertFalse(BlockRuns.linked(List.of(B2, B3, B4_ON_OTHER), 2), "heights follow, but B4's parent is another B3");
    assertFalse(BlockRuns.linked(List.of(B2, B2), 2));
  }
}
