package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.storage.MemoryBlockStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The block locator and finding the fork point from one: what start-up sync and fork resolution rely on. */
class ChainLocatorTest {
  private static final ChainParams PARAMS = ChainParams.of("locator-test", 0, 1024);

  private static Chain chain() {
    return new Chain(new MemoryBlockStore(), PARAMS);
  }

  /** Adds {@code n} blocks on {@code parent}; returns them. */
  private static List<Block> extend(Chain chain, Block parent, String name, int n) {
    List<Block> out = new ArrayList<>();
    Block p = parent;
    for (int i = 0; i < n; i++) {
      p = TestBlocks.child(PARAMS, p, name + (p.height() + 1));
      assertInstanceOf(AddResult.Added.class, chain.add(p, false, TestBlocks.T0));
      out.add(p);
    }
    chain.flush();
    return out;
  }

  private static List<Long> heights(Chain chain, List<Hash> locator) {
    return locator.stream().map(h -> chain.meta(h).orElseThrow().height()).toList();
  }

  @Test
  void locatorIsDenseForTenThenDoublesAndEndsWithGenesis() {
    Chain chain = chain();
    extend(chain, chain.genesis(), "m", 100);
    List<Hash> locator = Locators.of(chain);
    assertEquals(List.of(100L, 99L, 98L, 97L, 96L, 95L, 94L, 93L, 92L, 91L, 89L, 85L, 77L, 61L, 29L, 0L),
        heights(chain, locator));
    assertEquals(chain.head().hash(), locator.get(0));
    assertEquals(chain.genesis().hash(), locator.get(locator.size() - 1));
    locator.forEach(h -> assertTrue(chain.isOnBestChain(h)));
  }

  @Test
  void locatorStaysShortOnALongChain() {
    Chain chain = chain();
    extend(chain, chain.genesis(), "m", 3_000);
    List<Long> hs = heights(chain, Locators.of(chain));
    assertEquals(3_000L, hs.get(0));
    assertEquals(0L, hs.get(hs.size() - 1));
    assertTrue(hs.size() <= 10 + 12 + 1, "about log2(3000) entries past the first ten: " + hs);
    for (int i = 10; i < hs.size() - 2; i++) {
      assertEquals(2 * (hs.get(i - 1) - hs.get(i)), hs.get(i) - hs.get(i + 1), "the step doubles: " + hs);
    }
  }

  @Test
  void locatorOfAFreshChainIsJustGenesis() {
    Chain chain = chain();
    assertEquals(List.of(chain.genesis().hash()), Locators.of(chain));
    assertEquals(0, Locators.locate(chain, Locators.of(chain)));
  }

  @Test
  void locateFindsTheForkPointOfASideBranch() {
    // Ours: 50 blocks, plus a 5-block side branch from height 30 that we stored but do not follow.
    Chain ours = chain();
    List<Block> main = extend(ours, ours.genesis(), "m", 50);
    List<Block> ourSide = extend(ours, main.get(29), "s", 5);
    assertFalse(ours.isOnBestChain(ourSide.get(4).hash()));
    // Theirs: the same 30 blocks, then 15 on that side branch (so their best chain is the side one).
    Chain theirs = chain();
    for (Block b : main.subList(0, 30)) {
      theirs.add(b, false, TestBlocks.T0);
    }
    for (Block b : ourSide) {
      theirs.add(b, false, TestBlocks.T0);
    }
    extend(theirs, ourSide.get(4), "s", 10);
    assertEquals(45, theirs.head().height());
    // Their locator's side-branch hashes we know are not on our best chain: the fork is at 30.
    assertEquals(30, Locators.locate(ours, Locators.of(theirs)));
    // The other way round the locator is sparse that far back: its first entry they share is 27,
    // just below the fork (a few blocks sent again, never a block off their best chain).
    assertEquals(27, Locators.locate(theirs, Locators.of(ours)));
  }

  @Test
  void locateOnTheSameChainFindsTheShorterTip() {
    Chain ours = chain();
    List<Block> main = extend(ours, ours.genesis(), "m", 40);
    Chain behind = chain();
    for (Block b : main.subList(0, 25)) {
      behind.add(b, false, TestBlocks.T0);
    }
    assertEquals(25, Locators.locate(ours, Locators.of(behind)), "a peer behind us: we serve from 26");
    assertEquals(25, Locators.locate(behind, Locators.of(ours)), "we are ahead: it knows up to 25");
    assertEquals(0, Locators.locate(ours, List.of(Hash.ZERO)), "nothing known: from genesis");
  }
}
