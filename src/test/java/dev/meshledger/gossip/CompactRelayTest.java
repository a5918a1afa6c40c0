package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.TestTransfers;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.gossip.CompactRelay.Collision;
import dev.meshledger.gossip.CompactRelay.Partial;
import dev.meshledger.gossip.GossipAction.Broadcast;
import dev.meshledger.gossip.GossipAction.Rebuild;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.CompactBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Compact relay's pure rules: what is sent, how a receiver fills it, and when it falls back to the whole block. */
class CompactRelayTest {
  private static final ChainParams PARAMS = ChainParams.of("compact-relay", 0, 64 * 1024);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final List<Transfer> TXS = TestTransfers.transfers("compact-relay", 6);
  private static final Block BLOCK = TestTransfers.blockWith(PARAMS, GENESIS, "six", TXS);
  private static final CompactBlock COMPACT = CompactRelay.compact(BLOCK, 77);

  private static List<Transfer> without(List<Transfer> all, int... drop) {
    List<Transfer> out = new ArrayList<>(all);
    for (int i = drop.length - 1; i >= 0; i--) {
      out.remove(drop[i]);
    }
    return out;
  }

  @Test
  void fillTable() {
    record Case(String name, List<Transfer> held, List<Integer> missing) {}
    List<Transfer> others = TestTransfers.transfers("other-chain", 20);
    List<Transfer> noisy = new ArrayList<>(others);
    noisy.addAll(TXS);
    for (Case c : List.of(
        new Case("all held", TXS, List.of()),
        new Case("held among unrelated transfers", noisy, List.of()),
        new Case("two lacking", without(TXS, 1, 4), List.of(1, 4)),
        new Case("the first and last lacking", without(TXS, 0, 5), List.of(0, 5)),
        new Case("an empty mempool", List.of(), List.of(0, 1, 2, 3, 4, 5)),
        new Case("only unrelated transfers", others, List.of(0, 1, 2, 3, 4, 5)))) {
      Partial p = assertInstanceOf(Partial.class, CompactRelay.fill(COMPACT, BLOCK.hash(), c.held()), c.name());
      assertEquals(c.missing(), p.missing(), c.name());
      assertEquals(c.missing().isEmpty(), p.complete(), c.name());
      for (int i = 0; i < TXS.size(); i++) {
        assertEquals(c.missing().contains(i) ? null : TXS.get(i), p.slots().get(i), c.name() + " slot " + i);
      }
    }
  }

  @Test
  void aFullFillAssemblesTheSameBlock() {
    Partial p = (Partial) CompactRelay.fill(COMPACT, BLOCK.hash(), TXS);
    assertEquals(Optional.of(BLOCK), CompactRelay.assemble(COMPACT, p.slots()));
  }

  @Test
  void fetchedTransfersCompleteAPartialFill() {
    Partial p = (Partial) CompactRelay.fill(COMPACT, BLOCK.hash(), without(TXS, 2, 3));
    List<Transfer> all = CompactRelay.complete(p, List.of(TXS.get(2), TXS.get(3))).orElseThrow();
    assertEquals(Optional.of(BLOCK), CompactRelay.assemble(COMPACT, all));
    assertEquals(Optional.empty(), CompactRelay.complete(p, List.of(TXS.get(2))), "fewer than asked");
    assertEquals(Optional.empty(), CompactRelay.complete(p, TXS.subList(0, 3)), "more than asked");
  }

  @Test
  void wrongTransfersOrAWrongCountDoNotAssemble() {
    List<Transfer> swapped = new ArrayList<>(TXS);
    swapped.set(0, TXS.get(1));
    swapped.set(1, TXS.get(0));
    assertEquals(Optional.empty(), CompactRelay.assemble(COMPACT, swapped), "wrong root");
    assertEquals(Optional.empty(), CompactRelay.assemble(COMPACT, TXS.subList(0, 5)), "one short of the header's count");
  }

  @Test
  void aRepeatedShortIdIsACollision() {
    long[] ids = COMPACT.shortIds().clone();
    ids[3] = ids[1];
    CompactBlock twice = new CompactBlock(COMPACT.header(), COMPACT.data(), COMPACT.commit(), COMPACT.nonce(), ids);
    assertInstanceOf(Collision.class, CompactRelay.fill(twice, BLOCK.hash(), TXS));
  }

  @Test
  void twoHeldTransfersUnderOneShortIdAreACollision() {
    // every transfer hashes to one short id: the first held fills position 0, the second clashes with it
    CompactBlock one = new CompactBlock(COMPACT.header(), COMPACT.data(), COMPACT.commit(), COMPACT.nonce(), new long[] {7});
    assertInstanceOf(Collision.class, CompactRelay.fill(one, TXS.subList(0, 2), id -> 7));
    Partial p = assertInstanceOf(Partial.class, CompactRelay.fill(one, List.of(TXS.get(0), TXS.get(0)), id -> 7),
        "the same transfer twice is no collision");
    assertEquals(List.of(TXS.get(0)), p.slots());
  }

  @Test
  void aWrongGuessShowsInTheRootAndFallsBack() {
    // a held stranger under the short id of position 0 fills it: the root tells, the block is not assembled
    Transfer stranger = TestTransfers.transfer("stranger", 1);
    List<Transfer> held = new ArrayList<>(TXS.subList(1, 6));
    held.add(stranger);
    long id0 = COMPACT.shortIds()[0];
    var keys = new dev.meshledger.wire.ShortIds(BLOCK.hash(), COMPACT.nonce());
    Partial p = assertInstanceOf(Partial.class,
        CompactRelay.fill(COMPACT, held, h -> h.equals(stranger.id()) ? id0 : keys.of(h)));
    assertTrue(p.complete());
    assertEquals(Optional.empty(), CompactRelay.assemble(COMPACT, p.slots()));
  }

  @Test
  void selectServesPositionsAndRefusesOnePastTheEnd() {
    assertEquals(Optional.of(List.of(TXS.get(0), TXS.get(5))), CompactRelay.select(BLOCK, List.of(0, 5)));
    assertEquals(Optional.empty(), CompactRelay.select(BLOCK, List.of(0, 6)));
    assertEquals(Optional.empty(), CompactRelay.select(BLOCK, List.of(-1)));
    assertEquals(Optional.of(List.of()), CompactRelay.select(BLOCK, List.of()));
  }

  @Test
  void aShortIdIsTheFirstSixBytesOfSha256OfBlockHashNonceAndTransferId() throws Exception {
    CompactBlock fresh = CompactRelay.compact(BLOCK, 0x0102030405060708L);
    assertEquals(TXS.size(), fresh.shortIds().length);
    for (int i = 0; i < TXS.size(); i++) {
      var d = java.security.MessageDigest.getInstance("SHA-256");
      d.update(BLOCK.hash().toBytes());
      d.update(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      d.update(TXS.get(i).id().toBytes());
      byte[] h = d.digest();
      long expected = 0;
      for (int k = 0; k < 6; k++) {
        expected = (expected << 8) | (h[k] & 0xff);
      }
      assertEquals(expected, fresh.shortIds()[i], "position " + i);
    }
  }

  @Test
  void shortIdsDependOnTheNonceAndFitSixBytes() {
    CompactBlock other = CompactRelay.compact(BLOCK, 78);
    assertTrue(!java.util.Arrays.equals(COMPACT.shortIds(), other.shortIds()));
    for (long id : COMPACT.shortIds()) {
      assertTrue(id >= 0 && id < (1L << 48), Long.toHexString(id));
    }
  }

  @Test
  void relayPolicyTable() {
    Block empty = TestBlocks.child(PARAMS, GENESIS, "no transfers");
    Block bigData = TestTransfers.blockWith(PARAMS, GENESIS, "x".repeat(Gossip.PUSH_MAX_BYTES), TXS);
    record Case(String name, BlockAdded e, Class<?> expected) {}
    for (Case c : List.of(
        new Case("transfers: compact", added(BLOCK, new BlockSource.Peer("p"), 1), CompactBlock.class),
        new Case("mined here: compact", added(BLOCK, new BlockSource.Local(), 1), CompactBlock.class),
        new Case("no transfers: whole", added(empty, new BlockSource.Peer("p"), 1), Message.BlockMessage.class),
        new Case("compact over the push limit: announce", added(bigData, new BlockSource.Local(), 1),
            Message.BlockAnnounce.class),
        new Case("from a sync batch: announce", added(BLOCK, new BlockSource.Peer("p"), 3), Message.BlockAnnounce.class))) {
      assertInstanceOf(c.expected(), Gossip.relayed(c.e(), () -> 5).orElseThrow(), c.name());
    }
    assertEquals(CompactRelay.compact(BLOCK, 5), Gossip.relayed(added(BLOCK, new BlockSource.Local(), 1), () -> 5).orElseThrow());
  }

  @Test
  void aCompactBlockIsRebuiltOnceAndNotAtAllByANodeThatHasTheBlock() {
    Gossip g = new Gossip(16, new OrphanPool(4, 60_000), () -> 9L, 0);
    assertEquals(List.of(new Rebuild("p", COMPACT, BLOCK.hash(), 3)), g.onCompact("p", COMPACT, 3));
    assertEquals(List.of(), g.onCompact("q", COMPACT, 4), "a second copy");
    assertEquals(Set.of("p", "q"), g.holders(BLOCK.hash()));
    Gossip has = new Gossip(16, new OrphanPool(4, 60_000), () -> 9L, 0);
    List<GossipAction> out = has.onAdded(added(BLOCK, new BlockSource.Local(), 1), 1);
    assertEquals(List.of(new Broadcast(CompactRelay.compact(BLOCK, 9), Set.of())), out);
    assertEquals(List.of(), has.onCompact("p", COMPACT, 2), "stored already: takes nothing more");
    assertEquals(List.of(), has.onBlock("q", BLOCK, 2));
  }

  @Test
  void compactRelayOffPushesWholeAndAFanoutAnnouncesToTheRest() {
    assertInstanceOf(Message.BlockMessage.class, Gossip.relayed(added(BLOCK, new BlockSource.Local(), 1), null).orElseThrow(),
        "gossip.compactRelay=false: whole, as before");
    Gossip fanned = new Gossip(16, new OrphanPool(4, 60_000), () -> 9L, 3);
    assertEquals(List.of(new Broadcast(CompactRelay.compact(BLOCK, 9), Set.of(), 3,
            new Message.BlockAnnounce(BLOCK.hash(), 1, Work.of(101)))),
        fanned.onAdded(added(BLOCK, new BlockSource.Peer("p"), 1), 1));
    Block empty = TestBlocks.child(PARAMS, GENESIS, "none");
    assertEquals(List.of(new Broadcast(new Message.BlockMessage(empty), Set.of())),
        fanned.onAdded(added(empty, new BlockSource.Local(), 1), 1), "a whole block is not fanned out");
  }

  @Test
  void aDecidedBlockIsNotSentBackToTheValidatorsWhoseCommitItCarries() {
    byte[] v1 = new byte[32];
    byte[] v2 = new byte[32];
    java.util.Arrays.fill(v1, (byte) 0xab);
    java.util.Arrays.fill(v2, (byte) 0x01);
    Block decided = BLOCK.withCommit(new dev.meshledger.domain.finality.Commit(0, List.of(
        new dev.meshledger.domain.finality.CommitSig(v1, new byte[64]),
        new dev.meshledger.domain.finality.CommitSig(v2, new byte[64]))));
    assertEquals(Set.of("p", "ab".repeat(32), "01".repeat(32)), Gossip.haveIt(decided, Set.of("p")));
    assertEquals(Set.of("p"), Gossip.haveIt(BLOCK, Set.of("p")), "no commit: the holders alone");
    Gossip g = new Gossip(16, new OrphanPool(4, 60_000), () -> 9L, 0);
    assertEquals(List.of(new Broadcast(CompactRelay.compact(decided, 9), Set.of("ab".repeat(32), "01".repeat(32)))),
        g.onAdded(added(decided, new BlockSource.Local(), 1), 1));
  }

  private static BlockAdded added(Block b, BlockSource source, int batchSize) {
    return new BlockAdded(b, source, 1, 2, true, Work.of(100 + b.height()), batchSize);
  }
}
