package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.sync.SyncPool.Request;
import dev.meshledger.sync.SyncPool.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sync request pool as a pure state machine: who is asked for what, and what comes out in which order. */
class SyncPoolTest {
  private static final ChainParams PARAMS = ChainParams.of("sync-pool-test", 0, 1024);
  private static final int BATCH = 10;
  private static final int PER_PEER = 2;
  private static final int WINDOW = 4;
  private static final long TIMEOUT = 1_000;
  private static final Block GENESIS = Genesis.of(PARAMS);
  /** The best chain, index = height (0 is genesis). */
  private static List<Block> main;
  /** Another branch forking off {@link #main} at height 5, index = height. */
  private static List<Block> side;

  @BeforeAll
  static void chains() {
    main = build(GENESIS, "main", 120);
    List<Block> sideFrom5 = build(main.get(5), "side", 40);
    side = new ArrayList<>(main.subList(0, 5));
    side.addAll(sideFrom5);
  }

  /** {@code parent} followed by {@code n} children (index 0 is the parent). */
  private static List<Block> build(Block parent, String name, int n) {
    List<Block> out = new ArrayList<>();
    out.add(parent);
    out.addAll(TestBlocks.branch(PARAMS, parent, name, n));
    return out;
  }

  private static List<Block> slice(List<Block> chain, long from, int count) {
    return List.copyOf(chain.subList((int) from, (int) from + count));
  }

  private static List<Block> answer(List<Block> chain, Request r) {
    return slice(chain, r.from(), r.count());
  }

  /** A pool after genesis, target 100, with peers a (the anchor), b and c all at 100. */
  private static SyncPool threePeers() {
    SyncPool pool = new SyncPool(BATCH, PER_PEER, WINDOW, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 100);
    pool.peer("a", 100);
    pool.peer("b", 100);
    pool.peer("c", 100);
    return pool;
  }

  private static Request of(List<Request> rs, long from) {
    return rs.stream().filter(r -> r.from() == from).findFirst().orElseThrow(() -> new AssertionError("no request from " + from + " in " + rs));
  }

  @Test
  void rangesAreSpreadOverPeersWithinTheWindow() {
    SyncPool pool = threePeers();
    List<Request> rs = pool.nextRequests(0);
    // The window is 4 batches of 10 past height 1: exactly 1..40, no more.
    assertEquals(List.of(1L, 11L, 21L, 31L), rs.stream().map(Request::from).sorted().toList());
    rs.forEach(r -> assertEquals(BATCH, r.count()));
    Map<String, Long> perPeer = rs.stream().collect(Collectors.groupingBy(Request::peerId, Collectors.counting()));
    assertEquals(Set.of("a", "b", "c"), perPeer.keySet(), "every peer gets a range: " + rs);
    perPeer.values().forEach(n -> assertTrue(n <= PER_PEER, "no more than requestsPerPeer each: " + rs));
    assertEquals(Set.copyOf(rs.stream().map(Request::requestId).toList()).size(), rs.size(), "ids are unique");
    assertTrue(pool.nextRequests(0).isEmpty(), "nothing more until the window moves");
  }

  @Test
  void memoryStaysWithinTheWindowWhateverOrderResponsesArriveIn() {
    SyncPool pool = threePeers();
    pool.peer("a", 120);
    Random random = new Random(7);
    List<Request> open = new ArrayList<>();
    List<Block> handedOut = new ArrayList<>();
    int steps = 0;
    while (!pool.done()) {
      assertTrue(++steps < 1_000, "the sync ends");
      for (Request r : pool.nextRequests(0)) {
        assertTrue(r.from() + r.count() - 1 < pool.nextHeight() + WINDOW * BATCH,
            "request " + r + " reaches past the window from " + pool.nextHeight());
        open.add(r);
      }
      assertTrue(pool.bufferedBlocks() <= WINDOW * BATCH, "buffered " + pool.bufferedBlocks());
      Request r = open.remove(random.nextInt(open.size()));
      assertEquals(Verdict.ACCEPTED, pool.onResponse(r.peerId(), r.requestId(), answer(main, r)));
      for (SyncPool.Batch b = pool.poll(); b != null; b = pool.poll()) {
        handedOut.addAll(b.blocks());
      }
    }
    assertEquals(main.subList(1, 121), handedOut, "every block once, strictly in height order");
    assertEquals(120, pool.target(), "the anchor's new height raised the target");
  }

  @Test
  void noNewRangeIsAskedWhileTheBlocksHeldReachTheByteWindow() {
    long batchBytes = main.subList(1, 11).stream().mapToLong(dev.meshledger.codec.BlockCodec::encodedSize).sum();
    SyncPool pool = new SyncPool(BATCH, 1, WINDOW, batchBytes, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 100);
    pool.peer("a", 100);
    Request first = pool.nextRequests(0).get(0);
    assertEquals(1, first.from());
    assertEquals(Verdict.ACCEPTED, pool.onResponse("a", first.requestId(), answer(main, first)));
    assertEquals(batchBytes, pool.bufferedBytes(), "held until handed out");
    assertEquals(List.of(), pool.nextRequests(0), "the byte window is full, though the batch window is not");
    assertEquals(main.subList(1, 11), pool.poll().blocks());
    assertEquals(0, pool.bufferedBytes());
    assertEquals(11, pool.nextRequests(0).get(0).from(), "handed out: the next range is asked for");
  }

  @Test
  void largeBlocksAreAskedForFewerAtATimeSoTheWindowHoldsAboutItsBytes() {
    List<Block> big = new ArrayList<>(List.of(GENESIS));
    for (int i = 1; i <= 40; i++) {
      big.add(TestBlocks.child(PARAMS, big.get(i - 1), String.valueOf((char) ('a' + i % 26)).repeat(1000)));
    }
    long blockBytes = dev.meshledger.codec.BlockCodec.encodedSize(big.get(1));
    SyncPool pool = new SyncPool(BATCH, 1, WINDOW, WINDOW * 3 * blockBytes, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 40);
    pool.peer("a", 40);
    Request first = pool.nextRequests(0).get(0);
    assertEquals(BATCH, first.count(), "nothing seen yet: a whole batch");
    assertEquals(Verdict.ACCEPTED, pool.onResponse("a", first.requestId(), answer(big, first)));
    assertEquals(BATCH, pool.poll().blocks().size());
    Request second = pool.nextRequests(0).get(0);
    assertEquals(11, second.from());
    assertEquals(3, second.count(), "a window of " + WINDOW + " requests holds about " + WINDOW * 3 + " such blocks");
    assertEquals(Verdict.ACCEPTED, pool.onResponse("a", second.requestId(), answer(big, second)));
    assertEquals(big.subList(11, 14), pool.poll().blocks());
  }

  private record TwoPeers(SyncPool pool, Request toA, Request toB) {}

  /** Peers a and b at 100, one request each at a time, a byte window of 8 blocks: the first request of each. */
  private static TwoPeers twoPeersWithAWindowOf8Blocks() {
    SyncPool pool = new SyncPool(BATCH, 1, WINDOW, 8 * dev.meshledger.codec.BlockCodec.encodedSize(main.get(1)), TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 100);
    pool.peer("a", 100);
    pool.peer("b", 100);
    List<Request> asked = pool.nextRequests(0);
    return new TwoPeers(pool, asked.stream().filter(r -> r.peerId().equals("a")).findFirst().orElseThrow(),
        asked.stream().filter(r -> r.peerId().equals("b")).findFirst().orElseThrow());
  }

  @Test
  void theRestOfAShortAnswerWaitsForTheByteWindowUnlessTheNextHandOutWaitsOnIt() {
    TwoPeers two = twoPeersWithAWindowOf8Blocks();
    SyncPool pool = two.pool();
    Request toA = two.toA();
    Request toB = two.toB();
    assertEquals(1, toA.from());
    assertEquals(11, toB.from());
    pool.onResponse("b", toB.requestId(), answer(main, toB)); // 10 blocks held: the window of 8 is full
    pool.onResponse("a", toA.requestId(), slice(main, 1, 5)); // a short answer: 6..10 still to ask
    assertEquals(main.subList(1, 6), pool.poll().blocks());
    List<Request> next = pool.nextRequests(0);
    assertEquals(1, next.size(), "the window is full: only the range the next hand-out waits on");
    assertEquals(6, next.get(0).from());
    assertTrue(next.get(0).count() <= 5);
  }

  @Test
  void theRestOfAShortAnswerIsNotAskedWhileTheByteWindowIsFull() {
    TwoPeers two = twoPeersWithAWindowOf8Blocks();
    SyncPool pool = two.pool();
    Request toA = two.toA();
    Request toB = two.toB();
    pool.onResponse("b", toB.requestId(), slice(main, 11, 5)); // short: 16..20 still to ask
    pool.onResponse("a", toA.requestId(), answer(main, toA)); // 15 blocks held: the window of 8 is full
    assertEquals(List.of(), pool.nextRequests(0), "nothing, not even the rest of the short answer");
    assertEquals(main.subList(1, 11), pool.poll().blocks());
    List<Request> next = pool.nextRequests(0);
    assertEquals(16, next.get(0).from(), "5 blocks held: the rest is asked for");
  }

  @Test
  void smallBlocksKeepTheWholeBatch() {
    SyncPool pool = new SyncPool(BATCH, 1, WINDOW, 1L << 20, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 100);
    pool.peer("a", 100);
    Request first = pool.nextRequests(0).get(0);
    pool.onResponse("a", first.requestId(), answer(main, first));
    pool.poll();
    assertEquals(BATCH, pool.nextRequests(0).get(0).count());
  }

  @Test
  void onlyPeersHighEnoughGetARange() {
    SyncPool pool = new SyncPool(BATCH, PER_PEER, WINDOW, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 100);
    pool.peer("a", 100);
    pool.peer("low", 12);
    pool.peer("behind", 0);
    List<Request> rs = new ArrayList<>(pool.nextRequests(0));
    assertTrue(rs.stream().noneMatch(r -> r.peerId().equals("behind")), "a peer with none of the blocks: " + rs);
    assertTrue(rs.stream().filter(r -> r.peerId().equals("low")).allMatch(r -> r.from() <= 12), rs.toString());
    assertTrue(rs.stream().anyMatch(r -> r.peerId().equals("low")), "a peer with some of the blocks helps: " + rs);
  }

  @Test
  void batchesComeOutInHeightOrderOnly() {
    SyncPool pool = threePeers();
    List<Request> rs = pool.nextRequests(0);
    Request second = of(rs, 11);
    Request first = of(rs, 1);
    assertEquals(Verdict.ACCEPTED, pool.onResponse(second.peerId(), second.requestId(), answer(main, second)));
    assertNull(pool.poll(), "heights 11..20 wait for 1..10");
    assertEquals(Verdict.ACCEPTED, pool.onResponse(first.peerId(), first.requestId(), answer(main, first)));
    SyncPool.Batch b1 = pool.poll();
    SyncPool.Batch b2 = pool.poll();
    assertEquals(slice(main, 1, 10), b1.blocks());
    assertEquals(first.peerId(), b1.peerId());
    assertEquals(slice(main, 11, 10), b2.blocks());
    assertNull(pool.poll());
    assertEquals(21, pool.nextHeight());
  }

  @Test
  void aResponseNobodyAskedForIsUnsolicited() {
    SyncPool pool = threePeers();
    Request r = of(pool.nextRequests(0), 1);
    String other = r.peerId().equals("a") ? "b" : "a";
    assertEquals(Verdict.UNSOLICITED, pool.onResponse(other, r.requestId(), answer(main, r)), "another peer's request id");
    assertEquals(Verdict.UNSOLICITED, pool.onResponse(r.peerId(), 999, answer(main, r)));
    assertEquals(Verdict.ACCEPTED, pool.onResponse(r.peerId(), r.requestId(), answer(main, r)));
    assertEquals(Verdict.UNSOLICITED, pool.onResponse(r.peerId(), r.requestId(), answer(main, r)), "answered twice");
  }

  @Test
  void aResponseOutOfSequenceIsBadAndItsRangeGoesToAnotherPeer() {
    List<Block> swapped = new ArrayList<>(slice(main, 11, 10));
    Collections.swap(swapped, 3, 4);
    assertBadAndReasked(swapped);
  }

  @Test
  void aResponseThatDoesNotLinkInternallyIsBad() {
    List<Block> unlinked = new ArrayList<>(slice(main, 11, 10));
    unlinked.set(5, side.get(16)); // right height, other parent
    assertBadAndReasked(unlinked);
  }

  @Test
  void aResponseLongerThanAskedIsBad() {
    assertBadAndReasked(slice(main, 11, 11));
  }

  @Test
  void aResponseStartingAtTheWrongHeightIsBad() {
    assertBadAndReasked(slice(main, 12, 10));
  }

  private static void assertBadAndReasked(List<Block> served) {
    SyncPool pool = threePeers();
    Request r = of(pool.nextRequests(0), 11);
    String bad = r.peerId();
    assertEquals(Verdict.BAD, pool.onResponse(bad, r.requestId(), served));
    pool.removePeer(bad); // what SyncVerticle does with a BAD verdict
    Request again = of(pool.nextRequests(0), 11);
    assertNotEquals(bad, again.peerId());
    assertEquals(BATCH, again.count());
    assertEquals(Verdict.ACCEPTED, pool.onResponse(again.peerId(), again.requestId(), answer(main, again)));
  }

  @Test
  void aShortResponseRequeuesTheRestForSomeoneElse() {
    SyncPool pool = threePeers();
    Request r = of(pool.nextRequests(0), 11);
    assertEquals(Verdict.ACCEPTED, pool.onResponse(r.peerId(), r.requestId(), slice(main, 11, 4)));
    List<Request> next = pool.nextRequests(0);
    Request rest = of(next, 15);
    assertEquals(6, rest.count());
    assertNotEquals(r.peerId(), rest.peerId(), "the short peer said it has no more than height 14");
    assertTrue(next.stream().filter(q -> q.peerId().equals(r.peerId())).allMatch(q -> q.from() <= 14), next.toString());
  }

  /** One request in flight per peer; peers join one at a time, so who gets which range is fixed. */
  private static SyncPool onePerPeer() {
    SyncPool pool = new SyncPool(BATCH, 1, WINDOW, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 100);
    return pool;
  }

  private static Request join(SyncPool pool, String peer) {
    pool.peer(peer, 100);
    List<Request> rs = pool.nextRequests(0);
    assertEquals(1, rs.size(), rs.toString());
    assertEquals(peer, rs.get(0).peerId());
    return rs.get(0);
  }

  @Test
  void aBatchFromAnotherBranchIsDroppedAndAskedOfTheAnchor() {
    SyncPool pool = onePerPeer();
    Request fromAnchor = join(pool, "a");
    Request fromB = join(pool, "b");
    assertEquals(1, fromAnchor.from());
    assertEquals(11, fromB.from());
    assertEquals(Verdict.ACCEPTED, pool.onResponse("a", fromAnchor.requestId(), answer(main, fromAnchor)));
    assertEquals(Verdict.ACCEPTED, pool.onResponse("b", fromB.requestId(), answer(side, fromB)), "well formed on its own");
    assertEquals(slice(main, 1, 10), pool.poll().blocks());
    assertNull(pool.poll(), "b's batch does not link to height 10: dropped");
    assertFalse(pool.anchorDiverged(), "b is not the peer we follow");
    assertEquals(0, pool.bufferedBlocks());
    List<Request> next = pool.nextRequests(0);
    Request reask = of(next, 11);
    assertEquals("a", reask.peerId(), "only the anchor is asked for a range another peer served off-branch: " + next);
    assertEquals(BATCH, reask.count());
    assertEquals(Verdict.ACCEPTED, pool.onResponse("a", reask.requestId(), answer(main, reask)));
    assertEquals(slice(main, 11, 10), pool.poll().blocks());
  }

  @Test
  void theAnchorMovingToAnotherBranchIsReported() {
    SyncPool pool = onePerPeer();
    Request fromB = join(pool, "b");
    Request fromAnchor = join(pool, "a");
    assertEquals(1, fromB.from());
    assertEquals(11, fromAnchor.from());
    assertEquals(Verdict.ACCEPTED, pool.onResponse("b", fromB.requestId(), answer(main, fromB)));
    assertEquals(Verdict.ACCEPTED, pool.onResponse("a", fromAnchor.requestId(), answer(side, fromAnchor)));
    assertEquals(slice(main, 1, 10), pool.poll().blocks());
    assertFalse(pool.anchorDiverged());
    assertNull(pool.poll());
    assertTrue(pool.anchorDiverged(), "the anchor's own blocks stopped linking: start over");
  }

  @Test
  void aBadBatchThatBreaksTheNextLinkIsRewoundNotTakenForADivergence() {
    SyncPool pool = onePerPeer();
    Request fromB = join(pool, "b");
    Request fromAnchor = join(pool, "a");
    // b serves 1..10 off the side branch (as a forged block would: a hash the next batch does
    // not point at); the anchor's honest 11..20 then does not link, which looks like a divergence.
    assertEquals(Verdict.ACCEPTED, pool.onResponse("b", fromB.requestId(), answer(side, fromB)));
    assertEquals(Verdict.ACCEPTED, pool.onResponse("a", fromAnchor.requestId(), answer(main, fromAnchor)));
    SyncPool.Batch fromTheLiar = pool.poll();
    assertEquals(slice(side, 1, 10), fromTheLiar.blocks());
    assertNull(pool.poll());
    assertTrue(pool.anchorDiverged());
    assertNull(pool.poll(), "nothing is handed out while diverged");
    // Verifying b's batch then fails: the rewind explains the broken link.
    pool.rewind(fromTheLiar, GENESIS.hash(), List.of());
    assertFalse(pool.anchorDiverged());
    Request redo = of(pool.nextRequests(0), 1);
    assertEquals("a", redo.peerId());
    pool.onResponse("a", redo.requestId(), answer(main, redo));
    Request next = of(pool.nextRequests(0), 11); // one request at a time in this pool
    pool.onResponse("a", next.requestId(), answer(main, next));
    assertEquals(slice(main, 1, 10), pool.poll().blocks());
    assertEquals(slice(main, 11, 10), pool.poll().blocks());
  }

  @Test
  void timeoutsRequeueAndNameTheSlowPeer() {
    SyncPool pool = threePeers();
    List<Request> rs = pool.nextRequests(0);
    assertTrue(pool.expire(TIMEOUT - 1).isEmpty(), "not yet");
    Request answered = of(rs, 1);
    pool.onResponse(answered.peerId(), answered.requestId(), answer(main, answered));
    List<String> slow = pool.expire(TIMEOUT);
    List<String> expected = rs.stream().filter(r -> r != answered).map(Request::peerId).sorted().toList();
    assertEquals(expected, slow.stream().sorted().toList());
    assertEquals(0, pool.inFlightCount());
    Set<Long> reasked = new HashSet<>(pool.nextRequests(TIMEOUT).stream().map(Request::from).toList());
    assertTrue(reasked.containsAll(List.of(11L, 21L, 31L)), "the expired ranges are asked again: " + reasked);
    assertEquals(Verdict.UNSOLICITED, pool.onResponse(of(rs, 11).peerId(), of(rs, 11).requestId(), answer(main, of(rs, 11))),
        "a late answer to an expired request no longer counts");
  }

  @Test
  void removingAPeerRequeuesItsRanges() {
    SyncPool pool = threePeers();
    List<Request> rs = pool.nextRequests(0);
    List<Long> bRanges = rs.stream().filter(r -> r.peerId().equals("b")).map(Request::from).toList();
    assertFalse(bRanges.isEmpty());
    pool.removePeer("b");
    List<Request> reasked = pool.nextRequests(0);
    assertTrue(reasked.stream().noneMatch(r -> r.peerId().equals("b")));
    assertTrue(reasked.stream().map(Request::from).toList().containsAll(bRanges), reasked + " covers " + bRanges);
  }

  @Test
  void removingTheAnchorPicksTheHighestPeerAndLosingAllPeersStalls() {
    SyncPool pool = threePeers();
    pool.peer("c", 110);
    pool.removePeer("a");
    assertEquals("c", pool.anchor());
    assertFalse(pool.anchorDiverged());
    pool.removePeer("b");
    pool.removePeer("c");
    assertTrue(pool.anchorDiverged(), "no anchor left: start over");
  }

  @Test
  void batchesHandedOutAfterABadOneComeBackInOrder() {
    SyncPool pool = threePeers();
    for (Request r : pool.nextRequests(0)) {
      pool.onResponse(r.peerId(), r.requestId(), answer(main, r));
    }
    SyncPool.Batch first = pool.poll();
    SyncPool.Batch second = pool.poll();
    assertNotNull(second);
    // Both were being verified at once; the first fails.
    pool.rewind(first, GENESIS.hash(), List.of(second));
    assertEquals(1, pool.nextHeight());
    Request redo = of(pool.nextRequests(0), 1);
    pool.onResponse(redo.peerId(), redo.requestId(), answer(main, redo));
    assertEquals(slice(main, 1, 10), pool.poll().blocks());
    if (!second.peerId().equals(first.peerId())) {
      assertEquals(second.blocks(), pool.poll().blocks(), "a good batch served after the bad one is handed out again");
    } else {
      assertNotNull(of(pool.nextRequests(0), second.from()), "the bad peer's later batch is asked of others");
    }
  }

  @Test
  void rewindAfterAnInvalidBatchAsksOthersAgainAndDropsTheBadPeer() {
    SyncPool pool = threePeers();
    List<Request> rs = pool.nextRequests(0);
    for (Request r : rs) {
      pool.onResponse(r.peerId(), r.requestId(), answer(main, r));
    }
    SyncPool.Batch first = pool.poll();
    String bad = first.peerId();
    // Verifying found a bad signature in it: give it back.
    pool.rewind(first, GENESIS.hash(), List.of());
    assertEquals(1, pool.nextHeight());
    List<Request> again = pool.nextRequests(0);
    assertTrue(again.stream().noneMatch(r -> r.peerId().equals(bad)), "the bad peer is asked nothing more: " + again);
    Request redo = of(again, 1);
    for (Request r : rs) {
      if (r.peerId().equals(bad) && r.from() != 1) {
        of(again, r.from()); // its other, unverified ranges are asked again too
      }
    }
    assertEquals(Verdict.ACCEPTED, pool.onResponse(redo.peerId(), redo.requestId(), answer(main, redo)));
    assertEquals(slice(main, 1, 10), pool.poll().blocks());
  }

  @Test
  void doneOnceEverythingUpToTheTargetIsHandedOut() {
    SyncPool pool = new SyncPool(BATCH, PER_PEER, WINDOW, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 25);
    pool.peer("a", 25);
    pool.peer("b", 25);
    List<Request> rs = pool.nextRequests(0);
    assertEquals(List.of(1L, 11L, 21L), rs.stream().map(Request::from).sorted().toList());
    assertEquals(5, of(rs, 21).count(), "the last range stops at the target");
    assertFalse(pool.done());
    for (Request r : rs) {
      pool.onResponse(r.peerId(), r.requestId(), answer(main, r));
    }
    assertFalse(pool.done(), "received but not yet handed out");
    int n = 0;
    while (pool.poll() != null) {
      n++;
    }
    assertEquals(3, n);
    assertTrue(pool.done());
    assertFalse(pool.stalled(), "done is not stalled");
  }

  @Test
  void stalledWhenNobodyLeftCanServeWhatIsMissing() {
    SyncPool pool = new SyncPool(BATCH, PER_PEER, WINDOW, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 30);
    pool.peer("a", 30);
    pool.peer("low", 5);
    List<Request> rs = pool.nextRequests(0);
    assertFalse(pool.stalled(), "requests in flight");
    pool.removePeer("a");
    // What a held is back in the queue; "low" can serve 1..5 at most.
    List<Request> low = pool.nextRequests(0);
    assertTrue(low.stream().allMatch(r -> r.peerId().equals("low") && r.from() <= 5), low.toString());
    for (Request r : low) {
      pool.onResponse("low", r.requestId(), slice(main, r.from(), (int) Math.min(r.count(), 5 - r.from() + 1)));
    }
    for (Request r : rs) {
      if (r.peerId().equals("low")) {
        pool.onResponse("low", r.requestId(), slice(main, r.from(), (int) Math.max(0, Math.min(r.count(), 5 - r.from() + 1))));
      }
    }
    pool.nextRequests(0);
    assertEquals(0, pool.inFlightCount());
    assertFalse(pool.done());
    assertTrue(pool.stalled(), "nobody left has height 6");
  }

  @Test
  void withCheckedHeadersABlockOffTheirBranchLeavesItsPeerOutOfTheSyncUnpunished() {
    SyncPool pool = new SyncPool(BATCH, PER_PEER, WINDOW, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 20);
    pool.expect(h -> h >= 1 && h < main.size() ? main.get((int) h).hash() : null);
    pool.peer("a", 20);
    pool.peer("side", 20);
    List<Request> rs = pool.nextRequests(0);
    Request toSide = rs.stream().filter(r -> r.peerId().equals("side")).findFirst().orElseThrow();
    // heights 1..5 are shared; past 5 the side branch's blocks are not the ones the headers name
    List<Block> served = answer(side, toSide);
    Verdict v = pool.onResponse("side", toSide.requestId(), served);
    assertEquals(toSide.from() + toSide.count() - 1 > 5 ? Verdict.OFF_BRANCH : Verdict.ACCEPTED, v);
    pool.peer("side", 40); // its claim rises: still not asked again in this sync
    for (Request r : rs) {
      if (r.peerId().equals("a")) {
        assertEquals(Verdict.ACCEPTED, pool.onResponse("a", r.requestId(), answer(main, r)));
      }
    }
    for (int i = 0; i < 5; i++) {
      for (Request r : pool.nextRequests(0)) {
        assertEquals("a", r.peerId(), "only the peer on the branch is asked");
        assertEquals(Verdict.ACCEPTED, pool.onResponse("a", r.requestId(), answer(main, r)));
      }
      while (pool.poll() != null) {
        // handed out in order, each block the one its header names
      }
    }
    assertTrue(pool.done());
    assertEquals(20, pool.target(), "the anchor's claim does not move a target set by headers");
  }

  @Test
  void theTargetFollowsTheCheckedHeaders() {
    SyncPool pool = new SyncPool(BATCH, PER_PEER, WINDOW, TIMEOUT);
    pool.start("a", 0, GENESIS.hash(), 10);
    pool.expect(h -> h >= 1 && h < main.size() ? main.get((int) h).hash() : null);
    pool.peer("a", 10);
    pool.peer("a", 50);
    assertEquals(10, pool.target(), "a claim alone does not raise it");
    for (Request r : pool.nextRequests(0)) {
      pool.onResponse("a", r.requestId(), answer(main, r));
    }
    assertEquals(slice(main, 1, 10), pool.poll().blocks());
    assertTrue(pool.done());
    pool.extendTarget("b", 30);
    assertEquals(30, pool.target());
    assertFalse(pool.done());
    List<Request> more = pool.nextRequests(0);
    assertEquals(List.of(11L, 21L), more.stream().map(Request::from).sorted().toList(), "ranges past the old target");
    pool.extendTarget("b", 20);
    assertEquals(30, pool.target(), "never lowered");
  }
}
