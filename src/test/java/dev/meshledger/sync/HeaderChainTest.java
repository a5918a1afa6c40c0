package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.HeaderChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checked branch a sync holds: the hash each height must have, and where the assume-valid block is. */
class HeaderChainTest {
  private static final ChainParams PARAMS = ChainParams.of("header-chain", 4, 64);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final List<Block> BLOCKS = build(6);

  private static List<Block> build(int n) {
    List<Block> out = new ArrayList<>();
    Block p = GENESIS;
    for (int i = 0; i < n; i++) {
      p = TestBlocks.child(PARAMS, p, "b" + i);
      out.add(p);
    }
    return out;
  }

  private static HeaderChecks.Tip tip(Block b, long work) {
    return new HeaderChecks.Tip(b.height(), b.hash(), Work.of(work), null, null);
  }

  @Test
  void hashesByHeightFromJustPastTheForkAndNothingOutside() {
    Block fork = BLOCKS.get(1); // height 2
    HeaderChain c = new HeaderChain(tip(fork, 2), null);
    assertEquals(0, c.size());
    assertNull(c.hashAt(3));
    c.append(BLOCKS.subList(2, 4).stream().map(Header::of).toList(), tip(BLOCKS.get(3), 4));
    c.append(BLOCKS.subList(4, 6).stream().map(Header::of).toList(), tip(BLOCKS.get(5), 6));
    assertEquals(4, c.size());
    assertNull(c.hashAt(2), "the fork point itself is ours, not the branch's");
    for (int h = 3; h <= 6; h++) {
      assertEquals(BLOCKS.get(h - 1).hash(), c.hashAt(h));
    }
    assertNull(c.hashAt(7));
    assertEquals(tip(fork, 2), c.fork());
    assertEquals(tip(BLOCKS.get(5), 6), c.tip());
    assertEquals(-1, c.assumeValidHeight(), "no assume-valid block set");
  }

  @Test
  void theAssumeValidHeightIsKnownOnceItsHeaderIsOnTheBranch() {
    HeaderChain c = new HeaderChain(tip(GENESIS, 0), new AssumeValidPath(BLOCKS.get(3).hash(), 100));
    c.append(BLOCKS.subList(0, 3).stream().map(Header::of).toList(), tip(BLOCKS.get(2), 3));
    assertEquals(-1, c.assumeValidHeight(), "not on the branch yet");
    c.append(BLOCKS.subList(3, 6).stream().map(Header::of).toList(), tip(BLOCKS.get(5), 6));
    assertEquals(4, c.assumeValidHeight());
  }
}
