package dev.meshledger.mempool;

import static dev.meshledger.mempool.Fx.A;
import static dev.meshledger.mempool.Fx.B;
import static dev.meshledger.mempool.Fx.C;
import static dev.meshledger.mempool.Fx.SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.config.MempoolLimits;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.mempool.AddResult.Accepted;
import dev.meshledger.mempool.AddResult.Reason;
import dev.meshledger.mempool.AddResult.Refused;
import dev.meshledger.mempool.AddResult.Replaced;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Replacement by a bumped fee, eviction of the lowest fee rates, and the floor of a full pool. */
class MempoolCapacityTest {
  private final Fx fx = new Fx();

  private static Mempool pool(int maxCount, long maxBytes) {
    return new Mempool(Fx.CHAIN, new MempoolLimits(16, maxCount, maxBytes, 10, 1_000, 16, 1));
  }

  private Pending add(Mempool pool, Transfer t, int size) {
    AddResult r = pool.add(t, size, 0, fx);
    assertTrue(r instanceof Accepted, r.toString());
    return pool.get(t.id()).orElseThrow();
  }

  @ParameterizedTest(name = "old fee {0}, bump {1}%, new fee {2} -> replaced {3}")
  @CsvSource({
      "100, 10, 110, true", "100, 10, 109, false", "101, 10, 112, true", "101, 10, 111, false",
      "100, 0, 100, true", "100, 0, 99, false", "4611686018427387904, 10, 5072854620270126694, false",
      "4611686018427387904, 10, 5072854620270126695, true"})
  void replacesAtExactlyTheBump(long oldFee, int bump, long newFee, boolean replaced) {
    Mempool pool = new Mempool(Fx.CHAIN, new MempoolLimits(16, 10, 10_000, bump, 1_000, 16, 1));
    fx.fund(A, Long.MAX_VALUE);
    Pending old = add(pool, fx.t(A, 0, 0, oldFee), SIZE);
    Transfer fresh = fx.t(A, 0, 0, newFee);
    AddResult r = pool.add(fresh, SIZE + 5, 7, fx);
    if (replaced) {
      assertEquals(new Replaced(old, List.of()), r);
      assertEquals(Optional.empty(), pool.get(old.id()));
      assertEquals(new Pending(fresh, SIZE + 5, 7), pool.get(fresh.id()).orElseThrow());
      assertEquals(SIZE + 5, pool.bytes());
    } else {
      assertEquals(new Refused(Reason.FEE_TOO_LOW), r);
      assertEquals(Optional.of(old), pool.get(old.id()));
      assertEquals(SIZE, pool.bytes());
    }
    assertEquals(1, pool.count());
  }

  @Test
  void aReplacementMustStillBeAffordable() {
    fx.fund(A, 100);
    Mempool pool = pool(10, 10_000);
    Pending old = add(pool, fx.t(A, 0, 50, 10), SIZE);
    assertEquals(new Refused(Reason.INSUFFICIENT_FUNDS), pool.add(fx.t(A, 0, 90, 11), SIZE, 0, fx));
    assertEquals(new Replaced(old, List.of()), pool.add(fx.t(A, 0, 89, 11), SIZE, 0, fx));
  }

  @Test
  void aReplacementAtTheAccountLimitIsNotALimitBreach() {
    Mempool pool = new Mempool(Fx.CHAIN, new MempoolLimits(2, 10, 10_000, 10, 1_000, 16, 1));
    add(pool, fx.t(A, 0, 10), SIZE);
    Pending second = add(pool, fx.t(A, 1, 10), SIZE);
    assertEquals(new Refused(Reason.ACCOUNT_LIMIT), pool.add(fx.t(A, 2, 100), SIZE, 0, fx));
    assertEquals(new Replaced(second, List.of()), pool.add(fx.t(A, 1, 11), SIZE, 0, fx));
  }

  @Test
  void evictsTheLowestRateTailNeverADependency() {
    Mempool pool = pool(3, 10_000);
    Pending a0 = add(pool, fx.t(A, 0, 5), SIZE);
    Pending a1 = add(pool, fx.t(A, 1, 50), SIZE);
    Pending b0 = add(pool, fx.t(B, 0, 20), SIZE);
    // a0 has the lowest fee but a1 depends on it: b0 goes
    Transfer c0 = fx.t(C, 0, 30);
    assertEquals(new Accepted(List.of(b0)), pool.add(c0, SIZE, 0, fx));
    Pending c = pool.get(c0.id()).orElseThrow();
    // tails now a1 (50) and c0 (30)
    assertEquals(new Accepted(List.of(c)), pool.add(fx.t(B, 0, 60), SIZE, 0, fx));
    assertEquals(List.of(a0, a1), List.of(pool.get(a0.id()).orElseThrow(), pool.get(a1.id()).orElseThrow()));
  }

  @Test
  void evictsAnAccountFromItsTopNonceDown() {
    Mempool pool = pool(10, 3 * SIZE);
    Pending a0 = add(pool, fx.t(A, 0, 5), SIZE);
    Pending a1 = add(pool, fx.t(A, 1, 50), SIZE);
    Pending b0 = add(pool, fx.t(B, 0, 60), SIZE);
    assertEquals(new Accepted(List.of(a1, a0)), pool.add(fx.t(C, 0, 200), 2 * SIZE, 0, fx));
    assertEquals(2, pool.count());
    assertEquals(3 * SIZE, pool.bytes());
    assertEquals(Optional.of(b0), pool.get(b0.id()));
  }

  @Test
  void theNewTransfersOwnDependenciesAreNotEvictable() {
    Mempool pool = pool(2, 10_000);
    add(pool, fx.t(A, 0, 1), SIZE);
    Pending b0 = add(pool, fx.t(B, 0, 100), SIZE);
    assertEquals(new Refused(Reason.FEE_TOO_LOW), pool.add(fx.t(A, 1, 50), SIZE, 0, fx));
    assertEquals(new Accepted(List.of(b0)), pool.add(fx.t(A, 1, 101), SIZE, 0, fx));
  }

  @Test
  void theSameAccountsHigherNonceIsEvictable() {
    Mempool pool = pool(2, 10_000);
    add(pool, fx.t(A, 0, 50), SIZE);
    Pending a2 = add(pool, fx.t(A, 2, 5), SIZE);
    assertEquals(new Accepted(List.of(a2)), pool.add(fx.t(A, 1, 6), SIZE, 0, fx));
  }

  @Test
  void evictsByFeePerByteNotByFee() {
    Mempool pool = pool(2, 10_000);
    Pending big = add(pool, fx.t(A, 0, 100), 200); // 0.5 per byte
    Pending small = add(pool, fx.t(B, 0, 60), 100); // 0.6 per byte
    assertEquals(new Accepted(List.of(big)), pool.add(fx.t(C, 0, 51), 100, 0, fx));
    assertEquals(new Refused(Reason.FEE_TOO_LOW), pool.add(fx.t(A, 0, 51), 100, 0, fx));
    assertEquals(List.of(small.id()), pool.top(1).stream().map(Pending::id).toList());
  }

  @Test
  void aFailedEvictionPutsEverythingBack() {
    Mempool pool = pool(10, 300);
    Pending a0 = add(pool, fx.t(A, 0, 10), SIZE);
    Pending b0 = add(pool, fx.t(B, 0, 100), SIZE);
    add(pool, fx.t(C, 0, 200), SIZE);
    List<Pending> before = pool.top(10);
    // needs two evictions: a0 (rate 0.1) is below 0.25 but b0 (1.0) is not
    assertEquals(new Refused(Reason.FEE_TOO_LOW), pool.add(fx.t(A, 1, 50), 2 * SIZE, 0, fx));
    assertEquals(new Refused(Reason.FEE_TOO_LOW), pool.add(fx.t(Fx.D, 0, 50), 2 * SIZE, 0, fx));
    assertEquals(before, pool.top(10));
    assertEquals(3 * SIZE, pool.bytes());
    assertEquals(Optional.empty(), pool.minFeeRate());
    // and a replacement that cannot make room keeps the old one
    assertEquals(new Refused(Reason.FEE_TOO_LOW), pool.add(fx.t(A, 0, 11), 2 * SIZE, 0, fx));
    assertEquals(Optional.of(a0), pool.get(a0.id()));
    assertEquals(Optional.of(b0), pool.get(b0.id()));
    assertEquals(before, pool.top(10));
  }

  @Test
  void theFloorRisesWithEvictionAndFallsWhenHalfEmpty() {
    Mempool pool = pool(4, 10_000);
    assertEquals(1, pool.minFee(SIZE));
    Pending[] kept = new Pending[4];
    for (int i = 0; i < 4; i++) {
      kept[i] = add(pool, fx.t(Fx.account(10 + i), 0, 10 + i), SIZE);
    }
    assertEquals(Optional.empty(), pool.minFeeRate());
    assertEquals(new Accepted(List.of(kept[0])), pool.add(fx.t(A, 0, 40), SIZE, 0, fx));
    assertEquals(Optional.of(new FeeRate(10, SIZE)), pool.minFeeRate());
    assertEquals(11, pool.minFee(SIZE));
    assertEquals(21, pool.minFee(2 * SIZE));
    // room again after a block, but the floor holds until the pool is half empty
    pool.onBlock(List.of(kept[1].transfer()), fx.nonce(kept[1].from(), 1));
    assertEquals(3, pool.count());
    assertEquals(new Refused(Reason.FEE_TOO_LOW), pool.add(fx.t(B, 0, 10), SIZE, 0, fx));
    assertEquals(new Accepted(List.of()), pool.add(fx.t(B, 0, 11), SIZE, 0, fx));
    pool.onBlock(List.of(kept[2].transfer(), kept[3].transfer()),
        fx.nonce(kept[2].from(), 1).nonce(kept[3].from(), 1));
    assertEquals(2, pool.count());
    assertEquals(Optional.empty(), pool.minFeeRate());
    assertEquals(1, pool.minFee(SIZE));
  }

  @Test
  void theFloorNeverFallsBelowMinFeeNorOverflows() {
    Mempool pool = new Mempool(Fx.CHAIN, new MempoolLimits(16, 1, 10_000, 10, 1_000, 16, 500));
    Pending a0 = add(pool, fx.t(A, 0, 500), SIZE);
    assertEquals(new Accepted(List.of(a0)), pool.add(fx.t(B, 0, 501), SIZE, 0, fx));
    assertEquals(500, pool.minFee(1));
    assertEquals(501, pool.minFee(SIZE));
    assertEquals(Long.MAX_VALUE, new FeeRate(Long.MAX_VALUE, 1).feeAbove(2));
    assertEquals(Long.MAX_VALUE, new FeeRate(Long.MAX_VALUE - 1, 1).feeAbove(1));
  }

  @Test
  void theFloorKeepsTheHighestEvictedRate() {
    Mempool pool = pool(2, 10_000);
    add(pool, fx.t(A, 0, 10), SIZE);
    add(pool, fx.t(B, 0, 30), SIZE);
    pool.add(fx.t(C, 0, 20), SIZE, 0, fx); // evicts the 10
    pool.add(fx.t(A, 0, 40), SIZE, 0, fx); // evicts the 20
    assertEquals(Optional.of(new FeeRate(20, SIZE)), pool.minFeeRate());
  }

  @Test
  void anEqualRateDoesNotMoveTheFloor() {
    Mempool pool = pool(1, 10_000);
    add(pool, fx.t(A, 0, 10), SIZE);
    pool.add(fx.t(B, 0, 21), 2 * SIZE, 0, fx); // evicts 10/100
    pool.add(fx.t(C, 0, 22), 2 * SIZE, 0, fx); // evicts 21/200, above it
    assertEquals(Optional.of(new FeeRate(21, 2 * SIZE)), pool.minFeeRate());
    // an evicted rate equal to the floor, written differently, leaves the floor as it was
    Mempool same = pool(2, 10_000);
    Transfer small = fx.t(A, 0, 1, 10);
    Transfer large = fx.t(B, 0, 1, 20);
    Pending ps = add(same, small, SIZE);
    Pending pl = add(same, large, 2 * SIZE);
    // equal rates: the higher id goes first
    boolean smallFirst = small.id().compareTo(large.id()) > 0;
    Pending first = smallFirst ? ps : pl;
    Pending second = smallFirst ? pl : ps;
    assertEquals(new Accepted(List.of(first)), same.add(fx.t(C, 0, 11), SIZE, 0, fx));
    assertEquals(new Accepted(List.of(second)), same.add(fx.t(Fx.D, 0, 12), SIZE, 0, fx));
    assertEquals(Optional.of(smallFirst ? new FeeRate(10, SIZE) : new FeeRate(20, 2 * SIZE)), same.minFeeRate());
  }

  @Test
  void theFloorFallsWhenBytesAreExactlyHalf() {
    Mempool pool = pool(10, 4 * SIZE);
    Pending[] kept = new Pending[4];
    for (int i = 0; i < 4; i++) {
      kept[i] = add(pool, fx.t(Fx.account(10 + i), 0, 10 + i), SIZE);
    }
    pool.add(fx.t(A, 0, 50), SIZE, 0, fx);
    pool.onBlock(List.of(kept[1].transfer()), fx.nonce(kept[1].from(), 1));
    assertEquals(3 * SIZE, pool.bytes());
    assertEquals(Optional.of(new FeeRate(10, SIZE)), pool.minFeeRate());
    pool.onBlock(List.of(kept[2].transfer()), fx.nonce(kept[2].from(), 1));
    assertEquals(2 * SIZE, pool.bytes());
    assertEquals(Optional.empty(), pool.minFeeRate());
  }

  @Test
  void expiryLetsTheFloorFall() {
    Mempool pool = pool(1, 10_000);
    add(pool, fx.t(A, 0, 10), SIZE);
    pool.add(fx.t(B, 0, 20), SIZE, 500, fx);
    assertEquals(Optional.of(new FeeRate(10, SIZE)), pool.minFeeRate());
    assertEquals(1, pool.expire(1_501).size());
    assertEquals(Optional.empty(), pool.minFeeRate());
  }

  @Test
  void amongEqualRatesTheHighestIdIsEvictedFirst() {
    Mempool pool = pool(2, 10_000);
    List<Transfer> ordered = Fx.byId(fx.t(A, 0, 1, 10), fx.t(B, 0, 1, 10));
    Pending low = add(pool, ordered.get(0), SIZE);
    Pending high = add(pool, ordered.get(1), SIZE);
    assertEquals(new Accepted(List.of(high)), pool.add(fx.t(C, 0, 11), SIZE, 0, fx));
    assertEquals(Optional.of(low), pool.get(low.id()));
  }
}
