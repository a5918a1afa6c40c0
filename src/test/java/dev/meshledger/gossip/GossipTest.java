package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.gossip.GossipAction.Broadcast;
import dev.meshledger.gossip.GossipAction.Penalize;
import dev.meshledger.gossip.GossipAction.Submit;
import dev.meshledger.gossip.GossipAction.SyncFrom;
import dev.meshledger.gossip.GossipAction.Verify;
import dev.meshledger.wire.Message;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gossip core without Vert.x: each event in, exactly these actions out. */
class GossipTest {
  private static final ChainParams PARAMS = ChainParams.of("gossip-test", 0, 64 * 1024);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block B1 = TestBlocks.child(PARAMS, GENESIS, "1");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "2");
  private static final Block B2_OTHER = TestBlocks.child(PARAMS, B1, "2 other");
  private static final Block B3 = TestBlocks.child(PARAMS, B2, "3");
  /** Data that makes a transfer-less block exactly the push limit, encoded. */
  private static final int AT_LIMIT_DATA = Gossip.PUSH_MAX_BYTES - dev.meshledger.domain.HeaderBytes.HEADER_SIZE - 4 - 2;
  private static final Block AT_LIMIT = TestBlocks.child(PARAMS, GENESIS, "x".repeat(AT_LIMIT_DATA));
  private static final Block OVER_LIMIT = TestBlocks.child(PARAMS, GENESIS, "x".repeat(AT_LIMIT_DATA + 1));
  private static final String P = "p";
  private static final String Q = "q";
  private static final String S = "s";

  private static BlockAdded added(Block b, BlockSource source, boolean tip, int batchSize) {
    return new BlockAdded(b, source, 1, 2, tip, Work.of(100 + b.height()), batchSize);
  }

  private static BlockSource.Peer peer(String id) {
    return new BlockSource.Peer(id);
  }

  private static Message.BlockAnnounce announce(Block b, long work) {
    return new Message.BlockAnnounce(b.hash(), b.height(), Work.of(work));
  }

  /** A core holding {@code b} as an orphan sent by {@code sender}. */
  private static Gossip withOrphan(Gossip g, Block b, String sender) {
    assertEquals(List.of(new Verify(sender, b, 7)), g.onBlock(sender, b, 7));
    Submit s = new Submit(b, peer(sender), 7);
    assertEquals(List.of(s), g.onVerified(sender, b, 7, Optional.empty()));
    List<GossipAction> out = g.onSubmitted(s, new AddResult.Rejected(b, Rejection.UNKNOWN_PARENT), 8);
    assertEquals(1, out.size());
    assertEquals(sender, ((SyncFrom) out.get(0)).peerId(), "an orphan's ancestors are asked of its sender");
    return g;
  }

  @Test
  void aNewBlockIsVerifiedThenSubmittedAsItsSendersAndDuplicatesCostNothing() {
    Gossip g = new Gossip();
    assertEquals(List.of(new Verify(P, B1, 7)), g.onBlock(P, B1, 7));
    assertEquals(Set.of(P), g.holders(B1.hash()));
    assertEquals(List.of(), g.onBlock(Q, B1, 9), "a copy, even before the first is checked, is not checked again");
    assertEquals(List.of(), g.onBlock(P, B1, 9));
    assertEquals(Set.of(P, Q), g.holders(B1.hash()));
    assertEquals(List.of(new Submit(B1, peer(P), 7)), g.onVerified(P, B1, 7, Optional.empty()),
        "submitted as first seen when it was received");
    assertFalse(g.isInvalid(B1.hash()));
  }

  @Test
  void aBlockFailingItsOwnRulesIsMarkedAndItsSenderPunished() {
    Gossip g = new Gossip();
    g.onBlock(P, B1, 7);
    List<GossipAction> out = g.onVerified(P, B1, 7, Optional.of(Rejection.BAD_SIGNATURE));
    assertEquals(1, out.size());
    Penalize pen = (Penalize) out.get(0);
    assertEquals(P, pen.peerId());
    assertEquals(Offence.INVALID_BLOCK, pen.offence());
    assertTrue(pen.detail().endsWith(": BAD_SIGNATURE"), pen.detail());
    assertTrue(g.isInvalid(B1.hash()));
  }

  @Test
  void aRefusedBlockIsMarkedAndItsSenderPunishedButAnAcceptedOneIsLeftAlone() {
    Gossip g = new Gossip();
    Submit s = new Submit(B1, peer(P), 7);
    assertEquals(List.of(), g.onSubmitted(s, new AddResult.Added(B1, Work.of(2), true, null), 8));
    assertEquals(List.of(), g.onSubmitted(s, new AddResult.Duplicate(B1), 8));
    assertFalse(g.isInvalid(B1.hash()));
    List<GossipAction> out = g.onSubmitted(s, new AddResult.Rejected(B1, Rejection.BAD_HEIGHT), 8);
    assertEquals(List.of(new Penalize(P, Offence.INVALID_BLOCK, B1 + ": BAD_HEIGHT")), out);
    assertTrue(g.isInvalid(B1.hash()));
    assertEquals(0, g.orphanCount(), "only an unknown parent makes an orphan");
  }

  @Test
  void anInvalidBlockSentAgainAfterTheSeenCacheForgotItIsPunishedOnSight() {
    Gossip g = new Gossip(2, new OrphanPool(10, 60_000));
    g.onBlock(P, B1, 7);
    g.onVerified(P, B1, 7, Optional.of(Rejection.BAD_POW));
    assertEquals(List.of(), g.onBlock(Q, B1, 8), "still in the seen cache: a duplicate");
    g.onBlock(P, B2, 9);
    g.onBlock(P, B3, 9); // B1 is the eldest of three: forgotten
    assertEquals(Set.of(), g.holders(B1.hash()));
    assertEquals(List.of(new Penalize(Q, Offence.INVALID_BLOCK, "resent invalid block " + B1.hash().shortHex())),
        g.onBlock(Q, B1, 10));
    assertEquals(Set.of(), g.holders(B1.hash()), "not verified again");
  }

  @Test
  void theInvalidSetIsBoundedByTheSeenCapacity() {
    Gossip g = new Gossip(2, new OrphanPool(10, 60_000));
    Submit s1 = new Submit(B1, peer(P), 1);
    Submit s2 = new Submit(B2, peer(P), 1);
    Submit s3 = new Submit(B3, peer(P), 1);
    AddResult.Rejected bad = new AddResult.Rejected(B1, Rejection.BAD_HASH);
    g.onSubmitted(s1, bad, 1);
    g.onSubmitted(s2, bad, 1);
    assertTrue(g.isInvalid(B1.hash()) && g.isInvalid(B2.hash()), "two fit");
    g.onSubmitted(s3, bad, 1);
    assertFalse(g.isInvalid(B1.hash()), "full: started afresh");
    assertFalse(g.isInvalid(B2.hash()));
    assertTrue(g.isInvalid(B3.hash()));
  }

  @Test
  void theSeenCacheForgetsTheEldestPastItsCapacity() {
    Gossip g = new Gossip(2, new OrphanPool(10, 60_000));
    g.onBlock(P, B1, 1);
    g.onBlock(P, B2, 1);
    assertEquals(Set.of(P), g.holders(B1.hash()), "two fit");
    g.onBlock(P, B3, 1);
    assertEquals(Set.of(), g.holders(B1.hash()));
    assertEquals(Set.of(P), g.holders(B2.hash()));
    assertEquals(List.of(new Verify(Q, B1, 2)), g.onBlock(Q, B1, 2), "a forgotten block is news again");
  }

  @Test
  void anOrphanIsKeptOnceAndItsAncestorsAskedOnce() {
    Gossip g = withOrphan(new Gossip(), B2, Q);
    assertEquals(1, g.orphanCount());
    assertEquals(List.of(), g.onSubmitted(new Submit(B2, peer(P), 9), new AddResult.Rejected(B2, Rejection.UNKNOWN_PARENT), 9),
        "already waiting: no second sync");
    assertFalse(g.isInvalid(B2.hash()), "an orphan is not invalid");
  }

  @Test
  void whenTheParentLandsEachOrphanIsSubmittedAsItsOwnSendersWhoeverSentTheParent() {
    for (BlockSource parentSource : List.of(peer(P), new BlockSource.Sync(S), BlockSource.LOCAL)) {
      Gossip g = withOrphan(withOrphan(new Gossip(), B2, Q), B2_OTHER, S);
      List<GossipAction> out = g.onAdded(added(B1, parentSource, true, 1), 50);
      List<GossipAction> submits = out.stream().filter(a -> a instanceof Submit).toList();
      assertEquals(Set.of(new Submit(B2, peer(Q), 50), new Submit(B2_OTHER, peer(S), 50)), Set.copyOf(submits),
          "parent from " + parentSource);
      assertEquals(2, submits.size());
      assertEquals(0, g.orphanCount());
      // The child refused: its own sender answers for it.
      assertEquals(List.of(new Penalize(Q, Offence.INVALID_BLOCK, B2 + ": BAD_SIGNATURE")),
          g.onSubmitted((Submit) submits.stream().filter(s -> ((Submit) s).block().equals(B2)).findFirst().orElseThrow(),
              new AddResult.Rejected(B2, Rejection.BAD_SIGNATURE), 51));
      assertEquals(Set.of(Q), g.holders(B2.hash()), "the parent's sender is not taken to hold the child");
    }
  }

  @Test
  void aChildThatLandsIsPassedOnToAllButItsSender() {
    Gossip g = withOrphan(new Gossip(), B2, Q);
    g.onAdded(added(B1, new BlockSource.Sync(S), true, 1), 50);
    assertEquals(List.of(new Broadcast(new Message.BlockMessage(B2), Set.of(Q))), g.onAdded(added(B2, peer(Q), true, 1), 51));
    assertEquals(Set.of(Q), g.holders(B2.hash()));
  }

  @Test
  void expiredOrphansAreNotSubmittedWhenTheirParentLands() {
    Gossip g = new Gossip(100, new OrphanPool(10, 1_000));
    g.onBlock(Q, B2, 0);
    g.onSubmitted(new Submit(B2, peer(Q), 0), new AddResult.Rejected(B2, Rejection.UNKNOWN_PARENT), 0);
    g.expire(999);
    assertEquals(1, g.orphanCount());
    g.expire(1_000);
    assertEquals(0, g.orphanCount());
    assertTrue(g.onAdded(added(B1, peer(P), true, 1), 1_001).stream().noneMatch(a -> a instanceof Submit));
  }

  @Test
  void aStoredBlockIsPushedWholeUpToTheLimitAndAnnouncedPastIt() {
    Gossip g = new Gossip();
    assertEquals(List.of(new Broadcast(new Message.BlockMessage(AT_LIMIT), Set.of())), g.onAdded(added(AT_LIMIT, BlockSource.LOCAL, true, 1), 1));
    assertEquals(List.of(new Broadcast(announce(OVER_LIMIT, 101), Set.of())), g.onAdded(added(OVER_LIMIT, BlockSource.LOCAL, true, 1), 1));
    assertEquals(List.of(), g.onAdded(added(B1, BlockSource.LOCAL, false, 1), 1), "a side block is not news, even ours");
    assertEquals(Set.of(), g.holders(B1.hash()), "ours: nobody else has it");
  }

  @Test
  void sideBranchBlocksFromAPeerSpendItsBudgetThenEachIsAnOffence() {
    Gossip g = new Gossip();
    List<GossipAction> out = new java.util.ArrayList<>();
    for (int i = 0; i < Gossip.SIDE_BLOCK_BURST; i++) {
      out.addAll(g.onAdded(added(B2_OTHER, peer(P), false, 2), 1_000));
    }
    assertEquals(List.of(), out, "a burst of side blocks is what racing honest miners send");
    assertEquals(List.of(new Penalize(P, Offence.SIDE_BRANCH_SPAM, "side-branch block " + B2_OTHER + " past its budget")),
        g.onAdded(added(B2_OTHER, peer(P), false, 2), 1_000));
    assertEquals(List.of(), g.onAdded(added(B2_OTHER, peer(Q), false, 2), 1_000), "another peer has its own budget");
    assertEquals(List.of(), g.onAdded(added(B2_OTHER, peer(P), false, 2), 1_000 + 60_000), "one a minute refills");
    assertEquals(List.of(), g.onAdded(added(B2_OTHER, new BlockSource.Sync(P), false, 2), 61_000), "sync is not gossip");
    assertEquals(1, g.onAdded(added(B2_OTHER, peer(P), false, 2), 61_000).size());
  }

  @Test
  void aTooDeepForkIsAnOffenceButAFullSideBranchStoreIsNot() {
    Gossip g = new Gossip();
    assertEquals(List.of(new Penalize(P, Offence.SIDE_BRANCH_SPAM, B1 + " forks too deep")),
        g.onSubmitted(new Submit(B1, peer(P), 0), new AddResult.Rejected(B1, Rejection.STALE_FORK), 0));
    assertEquals(List.of(), g.onSubmitted(new Submit(B2, peer(P), 0), new AddResult.Rejected(B2, Rejection.SIDE_BRANCHES_FULL), 0));
    assertEquals(1, g.onBlock(Q, B2, 1).size(), "a block refused for our cap is not marked invalid: it may be wanted later");
  }

  @Test
  void aBlockFromAPeerGoesToAllButThoseKnownToHaveIt() {
    Gossip g = new Gossip();
    g.onBlock(P, B1, 1);
    g.onBlock(Q, B1, 1);
    assertEquals(List.of(new Broadcast(new Message.BlockMessage(B1), Set.of(P, Q))), g.onAdded(added(B1, peer(P), true, 1), 2));
  }

  @Test
  void syncedBlocksAreAnnouncedOnlyWhenTheyMakeANewTip() {
    Gossip g = new Gossip();
    assertEquals(List.of(new Broadcast(announce(B1, 101), Set.of())), g.onAdded(added(B1, new BlockSource.Sync(S), true, 1), 1));
    assertEquals(Set.of(S), g.holders(B1.hash()), "the peer that served it has it");
    assertEquals(List.of(), g.onAdded(added(B2, new BlockSource.Sync(S), false, 1), 1));
    assertEquals(List.of(new Broadcast(announce(B3, 103), Set.of())), g.onAdded(added(B3, peer(P), true, 2), 1),
        "a batch's last block, whatever its source");
    assertEquals(List.of(), g.onAdded(added(B2_OTHER, peer(P), false, 2), 1));
    assertEquals(List.of(), g.onAdded(added(AT_LIMIT, new BlockSource.Sync(S), false, 1), 1), "even a small one");
  }

  @Test
  void anAnnouncedHeavierBlockWeLackIsSyncedFromItsAnnouncerOnce() {
    Gossip g = new Gossip();
    assertEquals(List.of(), g.onAnnounce(P, announce(B2, 500), Work.of(500)), "no more work than ours");
    List<GossipAction> out = g.onAnnounce(P, announce(B2, 501), Work.of(500));
    assertEquals(1, out.size());
    assertEquals(P, ((SyncFrom) out.get(0)).peerId());
    assertEquals(List.of(), g.onAnnounce(Q, announce(B2, 501), Work.of(500)), "asked already");
    assertEquals(Set.of(), g.holders(B2.hash()), "an announce alone does not make it seen");
  }

  @Test
  void anAnnounceOfABlockWeHaveOnlyRecordsItsHolder() {
    Gossip g = new Gossip();
    g.onAdded(added(B1, BlockSource.LOCAL, true, 1), 1);
    assertEquals(List.of(), g.onAnnounce(P, announce(B1, 10_000), Work.of(0)));
    assertEquals(Set.of(P), g.holders(B1.hash()));
    assertEquals(List.of(new Broadcast(new Message.BlockMessage(B2), Set.of())), g.onAdded(added(B2, BlockSource.LOCAL, true, 1), 1));
  }

  @Test
  void anAnnounceOfABlockKnownInvalidIsNotChased() {
    Gossip g = new Gossip();
    g.onSubmitted(new Submit(B2, peer(P), 1), new AddResult.Rejected(B2, Rejection.BAD_HEIGHT), 1);
    assertEquals(List.of(), g.onAnnounce(Q, announce(B2, 10_000), Work.of(0)));
  }
}
