package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * A look-ahead past the headers window to the assume-valid block: the hashes it keeps (the start and every
 * stride), which count only once it reached the block, and the heights of a later window they vouch for.
 */
class AssumeValidPathTest {
  private static final ChainParams PARAMS = ChainParams.of("assume-valid-path", 4, 64);
  private static final Block GENESIS = Genesis.of(PARAMS);
  /** Index = height; 0 is genesis. */
  private static final List<Block> MAIN = build(GENESIS, "main", 60);
  /** Forks off MAIN at 20. */
  private static final List<Block> SIDE = build(MAIN.get(20), "side", 40);

  private static List<Block> build(Block from, String name, int n) {
    List<Block> out = new ArrayList<>();
    for (long h = 0; h < from.height(); h++) {
      out.add(MAIN.get((int) h));
    }
    out.add(from);
    out.addAll(TestBlocks.branch(PARAMS, from, name, n));
    return out;
  }

  private static List<Header> headers(List<Block> chain, int from, int to) {
    return chain.subList(from, to + 1).stream().map(Header::of).toList();
  }

  /** A branch of {@code chain} from just past {@code fork} to {@code to}. */
  private static HeaderChain branch(List<Block> chain, int fork, int to) {
    HeaderChain b = new HeaderChain(new HeaderChecks.Tip(fork, chain.get(fork).hash(), Work.of(fork), null, null),
        null);
    b.append(headers(chain, fork + 1, to), new HeaderChecks.Tip(to, chain.get(to).hash(), Work.of(to), null, null));
    return b;
  }

  /** A path to MAIN's block 50 with a stride of 10 (windows of 1,000), looked ahead from 15. */
  private static AssumeValidPath foundFrom15() {
    AssumeValidPath p = new AssumeValidPath(MAIN.get(50).hash(), 1_000);
    p.start(15, MAIN.get(15).hash());
    assertFalse(p.read(headers(MAIN, 16, 35)));
    assertTrue(p.read(headers(MAIN, 36, 55)), "the target is among them");
    return p;
  }

  @Test
  void nothingCountsBeforeTheTargetIsReached() {
    AssumeValidPath p = new AssumeValidPath(MAIN.get(50).hash(), 1_000);
    p.start(15, MAIN.get(15).hash());
    assertFalse(p.read(headers(MAIN, 16, 45)));
    assertFalse(p.found());
    assertEquals(-1, p.ancestorHeight(branch(MAIN, 0, 45)), "marks of a look-ahead that has not arrived vouch for nothing");
  }

  @Test
  void theHighestMarkAWindowPassesThroughIsWhereItIsAssumedValid() {
    AssumeValidPath p = foundFrom15();
    assertTrue(p.found());
    assertEquals(15, p.ancestorHeight(branch(MAIN, 0, 15)), "the window the look-ahead started from: up to its end");
    assertEquals(15, p.ancestorHeight(branch(MAIN, 0, 19)), "no stride mark yet past the start");
    assertEquals(20, p.ancestorHeight(branch(MAIN, 15, 29)));
    assertEquals(40, p.ancestorHeight(branch(MAIN, 30, 45)));
    assertEquals(50, p.ancestorHeight(branch(MAIN, 45, 60)), "the target itself");
    assertEquals(-1, p.ancestorHeight(branch(MAIN, 0, 9)), "below every mark: nothing vouched for");
  }

  @Test
  void aBranchThatLeftTheWayIsNotVouchedForPastWhereItLeft() {
    AssumeValidPath p = foundFrom15();
    assertEquals(20, p.ancestorHeight(branch(SIDE, 15, 45)), "the side branch shares MAIN up to 20 only");
    assertEquals(-1, p.ancestorHeight(branch(SIDE, 21, 45)));
  }

  @Test
  void aLookAheadStartedAgainForgetsTheMarksOfOneThatBroke() {
    AssumeValidPath p = new AssumeValidPath(MAIN.get(50).hash(), 1_000);
    p.start(15, MAIN.get(15).hash());
    assertFalse(p.read(headers(SIDE, 21, 60))); // a peer's other branch, abandoned
    p.start(15, MAIN.get(15).hash());
    assertTrue(p.read(headers(MAIN, 16, 50)));
    assertEquals(20, p.ancestorHeight(branch(SIDE, 15, 45)), "the side branch's own marks were not kept");
    assertEquals(-1, p.ancestorHeight(branch(SIDE, 51, 60)), "not even past the target");
  }

  @Test
  void theStrideIsAHundredthOfTheWindowAndAtLeastOne() {
    AssumeValidPath every = new AssumeValidPath(MAIN.get(30).hash(), 50);
    every.start(5, MAIN.get(5).hash());
    assertTrue(every.read(headers(MAIN, 6, 30)));
    assertEquals(7, every.ancestorHeight(branch(MAIN, 6, 7)), "a window of 50: every height is kept");
    AssumeValidPath tenth = new AssumeValidPath(MAIN.get(30).hash(), 1_000);
    tenth.start(5, MAIN.get(5).hash());
    assertTrue(tenth.read(headers(MAIN, 6, 30)));
    assertEquals(-1, tenth.ancestorHeight(branch(MAIN, 6, 9)), "a window of 1,000: every tenth");
    assertEquals(10, tenth.ancestorHeight(branch(MAIN, 6, 12)));
  }
}
