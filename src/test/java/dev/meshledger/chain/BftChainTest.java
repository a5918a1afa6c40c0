package dev.meshledger.chain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.MemoryBlockStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A BFT chain stores only final blocks, each on the head: there is no fork to choose. */
class BftChainTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final NodeKey OUTSIDER = TestBlocks.keyFrom(99);
  private static final ChainParams PARAMS =
      ChainParams.of("bft-chain-test", 0, 1024).withBft(TestCommits.params(KEYS));
  private static final long NOW = TestBlocks.T0;

  private MemoryBlockStore store;
  private Chain chain;

  @BeforeEach
  void setUp() {
    store = new MemoryBlockStore();
    chain = new Chain(store, PARAMS);
  }

  private Block proposed(NodeKey producer, Block parent, String data) {
    return new BlockFactory(producer, PARAMS).make(parent, NOW + parent.height() + 1, utf8(data));
  }

  private Commit commitOf(Block b, List<NodeKey> signers) {
    return TestCommits.commit(chain.genesis().hash(), b.height(), 0, b.hash(), signers);
  }

  private Block finalBlock(Block parent, String data) {
    Block b = proposed(KEYS.get((int) (parent.height() % 4)), parent, data);
    return b.withCommit(commitOf(b, KEYS.subList(0, 3)));
  }

  private Rejection rejected(Block b) {
    return assertInstanceOf(AddResult.Rejected.class, chain.add(b, false, NOW)).reason();
  }

  @Test
  void aBlockWithAGoodCommitIsAddedAndBecomesHead() {
    Block b1 = finalBlock(chain.genesis(), "one");
    AddResult.Added added = assertInstanceOf(AddResult.Added.class, chain.add(b1, false, NOW));
    assertTrue(added.becameTip());
    assertEquals(b1.hash(), chain.head().hash());
    assertEquals(1, chain.head().height());
    Block b2 = finalBlock(b1, "two");
    assertInstanceOf(AddResult.Added.class, chain.add(b2, false, NOW));
    assertEquals(b2.hash(), chain.head().hash());
    chain.flush();
    // the commit is stored with its block
    assertEquals(b2.commit(), store.block(b2.hash()).orElseThrow().commit());
    assertEquals(b2.hash(), new Chain(store, PARAMS).head().hash());
  }

  @Test
  void aBlockWithoutCommitIsRefused() {
    assertEquals(Rejection.MISSING_COMMIT, rejected(proposed(KEYS.get(0), chain.genesis(), "one")));
    assertEquals(chain.genesis().hash(), chain.head().hash());
  }

  @Test
  void aBlockWithAForgedCommitIsRefused() {
    Block b = proposed(KEYS.get(0), chain.genesis(), "one");
    // signed by strangers under the validators' ids: the signatures are the outsider's
    Commit forged = new Commit(0, KEYS.subList(0, 3).stream().map(k -> new dev.meshledger.domain.finality.CommitSig(
        k.publicKey(), TestCommits.precommit(OUTSIDER, chain.genesis().hash(), 1, 0, b.hash()).signature())).toList());
    assertEquals(Rejection.BAD_COMMIT, rejected(b.withCommit(forged)));
    assertEquals(Rejection.BAD_COMMIT, rejected(b.withCommit(commitOf(b, KEYS.subList(0, 2)))));
    assertEquals(chain.genesis().hash(), chain.head().hash());
  }

  @Test
  void aBlockFromANonValidatorIsRefused() {
    Block b = proposed(OUTSIDER, chain.genesis(), "one");
    assertEquals(Rejection.NOT_A_VALIDATOR, rejected(b.withCommit(commitOf(b, KEYS))));
  }

  @Test
  void aSecondFinalBlockAtAFinalHeightConflicts() {
    Block b1 = finalBlock(chain.genesis(), "one");
    assertInstanceOf(AddResult.Added.class, chain.add(b1, false, NOW));
    Block rival = proposed(KEYS.get(1), chain.genesis(), "rival one");
    rival = rival.withCommit(commitOf(rival, KEYS.subList(1, 4)));
    assertEquals(Rejection.CONFLICTS_WITH_FINAL, rejected(rival));
    assertEquals(b1.hash(), chain.head().hash());
    chain.flush();
    assertEquals(Rejection.CONFLICTS_WITH_FINAL, rejected(rival));
    // nor is a block on top of the refused one taken
    Block onRival = finalBlock(rival, "two on rival");
    assertEquals(Rejection.UNKNOWN_PARENT, rejected(onRival));
  }

  @Test
  void aBlockBelowTheHeadConflictsEvenWhenItsParentIsKnown() {
    Block b1 = finalBlock(chain.genesis(), "one");
    Block b2 = finalBlock(b1, "two");
    chain.add(b1, false, NOW);
    chain.add(b2, false, NOW);
    Block rival2 = proposed(KEYS.get(2), b1, "rival two");
    rival2 = rival2.withCommit(commitOf(rival2, KEYS.subList(1, 4)));
    assertEquals(Rejection.CONFLICTS_WITH_FINAL, rejected(rival2));
    assertEquals(b2.hash(), chain.head().hash());
  }

  @Test
  void theSameBlockTwiceIsADuplicate() {
    Block b1 = finalBlock(chain.genesis(), "one");
    chain.add(b1, false, NOW);
    assertInstanceOf(AddResult.Duplicate.class, chain.add(b1, false, NOW));
  }

  @Test
  void aProposalOnTheHeadPassesWithoutItsCommit() {
    Block p = proposed(KEYS.get(0), chain.genesis(), "proposal");
    assertEquals(Optional.empty(), Proposals.check(chain, p, NOW));
    // checked, not stored
    assertEquals(chain.genesis().hash(), chain.head().hash());
    assertEquals(0, chain.pendingCount());
    assertTrue(chain.block(p.hash()).isEmpty());
  }

  @Test
  void aProposalNotOnTheHeadIsRefused() {
    Block b1 = finalBlock(chain.genesis(), "one");
    chain.add(b1, false, NOW);
    Block onGenesis = proposed(KEYS.get(1), chain.genesis(), "late proposal");
    assertEquals(Optional.of(Rejection.CONFLICTS_WITH_FINAL), Proposals.check(chain, onGenesis, NOW));
    Block unknownParent = proposed(KEYS.get(1), proposed(KEYS.get(0), b1, "never final"), "orphan proposal");
    assertEquals(Optional.of(Rejection.UNKNOWN_PARENT), Proposals.check(chain, unknownParent, NOW));
    assertEquals(Optional.empty(), Proposals.check(chain, proposed(KEYS.get(1), b1, "two"), NOW));
  }

  @Test
  void aProposalIsHeldToTheOtherRules() {
    assertEquals(Optional.of(Rejection.NOT_A_VALIDATOR),
        Proposals.check(chain, proposed(OUTSIDER, chain.genesis(), "outsider"), NOW));
    Block big = new BlockFactory(KEYS.get(0), PARAMS).make(chain.genesis(), NOW, new byte[1025]);
    assertEquals(Optional.of(Rejection.TOO_LARGE), Proposals.check(chain, big, NOW));
  }
}
