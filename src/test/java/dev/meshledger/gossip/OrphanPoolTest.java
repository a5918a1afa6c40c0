package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.gossip.OrphanPool.Orphan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanPoolTest {
  private static final ChainParams PARAMS = ChainParams.of("orphan-test", 0, 1024);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block B1 = TestBlocks.child(PARAMS, GENESIS, "1");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "2");
  private static final Block B2_OTHER = TestBlocks.child(PARAMS, B1, "2 other");
  private static final Block B3 = TestBlocks.child(PARAMS, B2, "3");

  private static List<Block> blocks(OrphanPool pool, Hash parent) {
    return pool.takeChildren(parent).stream().map(Orphan::block).toList();
  }

  @Test
  void childrenAreReturnedWhenTheirParentArrives() {
    OrphanPool pool = new OrphanPool(10, 60_000);
    assertTrue(pool.add(B2, "peer", 0));
    assertTrue(pool.add(B2_OTHER, "peer", 0));
    assertTrue(pool.add(B3, "peer", 0));
    assertFalse(pool.add(B2, "other peer", 1), "the same block twice is kept once");
    assertEquals(3, pool.size());
    assertEquals(List.of(), pool.takeChildren(GENESIS.hash()), "nothing waits for genesis");
    assertEquals(2, pool.waitingParents());
    assertEquals(Set.of(B2, B2_OTHER), Set.copyOf(blocks(pool, B1.hash())));
    assertEquals(1, pool.size());
    assertEquals(1, pool.waitingParents());
    assertEquals(List.of(), pool.takeChildren(B1.hash()), "taken once");
    assertEquals(List.of(B3), blocks(pool, B2.hash()));
    assertEquals(0, pool.size());
  }

  @Test
  void eachChildComesBackWithItsOwnSender() {
    OrphanPool pool = new OrphanPool(10, 60_000);
    pool.add(B2, "first sender", 5);
    pool.add(B2_OTHER, "second sender", 7);
    pool.add(B2, "a later sender", 9); // the block is kept with whoever sent it first
    assertEquals(Set.of(new Orphan(B2, "first sender", 5), new Orphan(B2_OTHER, "second sender", 7)),
        Set.copyOf(pool.takeChildren(B1.hash())));
  }

  @Test
  void whenFullTheOldestGoes() {
    OrphanPool pool = new OrphanPool(2, 60_000);
    pool.add(B2, "peer", 0);
    pool.add(B3, "peer", 1);
    pool.add(B2_OTHER, "peer", 2);
    assertEquals(2, pool.size());
    assertEquals(2, pool.waitingParents(), "B2's link to B1 went with it; B2_OTHER's and B3's stay");
    assertEquals(List.of(B2_OTHER), blocks(pool, B1.hash()), "B2, the oldest, was evicted");
    assertEquals(List.of(B3), blocks(pool, B2.hash()));
  }

  @Test
  void anEvictedOrphanLeavesNoLinkToItsParentBehind() {
    OrphanPool pool = new OrphanPool(1, 60_000);
    pool.add(B2, "peer", 0);
    pool.add(B3, "peer", 1);
    assertEquals(1, pool.size());
    assertEquals(1, pool.waitingParents(), "only B3's parent is waited for");
    assertEquals(List.of(), pool.takeChildren(B1.hash()));
    assertEquals(List.of(B3), blocks(pool, B2.hash()));
    assertEquals(0, pool.waitingParents());
  }

  @Test
  void orphansExpire() {
    OrphanPool pool = new OrphanPool(10, 1_000);
    pool.add(B2, "peer", 0);
    pool.add(B3, "peer", 500);
    pool.expire(999);
    assertEquals(2, pool.size(), "neither is old enough");
    pool.expire(1_000);
    assertEquals(1, pool.size());
    assertEquals(1, pool.waitingParents(), "the expired orphan's parent is no longer waited for");
    assertEquals(List.of(), pool.takeChildren(B1.hash()), "B2 expired");
    pool.expire(1_499);
    assertEquals(List.of(B3), blocks(pool, B2.hash()), "B3 has not");
    pool.add(B2, "peer", 2_000);
    assertTrue(pool.add(B2_OTHER, "peer", 2_000));
    pool.expire(3_000);
    assertEquals(0, pool.size());
    assertEquals(0, pool.waitingParents());
    assertEquals(List.of(), pool.takeChildren(B1.hash()), "expired orphans are unlinked from their parent too");
  }
}
