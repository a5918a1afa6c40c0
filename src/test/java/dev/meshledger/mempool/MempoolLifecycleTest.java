package dev.meshledger.mempool;

import static dev.meshledger.mempool.Fx.A;
import static dev.meshledger.mempool.Fx.B;
import static dev.meshledger.mempool.Fx.C;
import static dev.meshledger.mempool.Fx.SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.config.MempoolLimits;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.mempool.AddResult.Accepted;
import dev.meshledger.mempool.AddResult.Reason;
import dev.meshledger.mempool.AddResult.Refused;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Selection for a block, blocks and reorgs, expiry, and the API's queries. */
class MempoolLifecycleTest {
  private final Fx fx = new Fx();
  private final Mempool pool = new Mempool(Fx.CHAIN, new MempoolLimits(16, 100, 100_000, 10, 1_000, 16, 0));

  private Pending add(Transfer t, long now) {
    return add(t, SIZE, now);
  }

  private Pending add(Transfer t, int size, long now) {
    assertEquals(new Accepted(List.of()), pool.add(t, size, now, fx));
    return pool.get(t.id()).orElseThrow();
  }

  @Test
  void anEvictedTransferTakesItsAccountsLaterNoncesAndNothingElse() {
    Pending a0 = add(fx.t(A, 0, 10), 0);
    Pending a1 = add(fx.t(A, 1, 10), 0);
    Pending a2 = add(fx.t(A, 2, 10), 0);
    Pending b0 = add(fx.t(B, 0, 10), 0);
    assertEquals(List.of(a1, a2), pool.evict(a1.transfer().id()));
    assertEquals(2, pool.count());
    assertEquals(2 * SIZE, pool.bytes());
    assertEquals(Optional.empty(), pool.get(a2.transfer().id()));
    assertEquals(Optional.of(a0), pool.get(a0.transfer().id()));
    assertEquals(Optional.of(b0), pool.get(b0.transfer().id()));
    assertEquals(List.of(), pool.evict(a1.transfer().id()), "gone already");
    assertEquals(List.of(b0), pool.evict(b0.transfer().id()));
    add(fx.t(A, 1, 10), 0); // the account goes on from the nonce it lost
    assertEquals(2, pool.count());
  }

  @Test
  void selectsTheBestHeadFirstAndEachAccountInNonceOrder() {
    Pending a0 = add(fx.t(A, 0, 10), 0);
    Pending a1 = add(fx.t(A, 1, 100), 0);
    Pending b0 = add(fx.t(B, 0, 50), 0);
    Pending b1 = add(fx.t(B, 1, 5), 0);
    assertEquals(List.of(b0, a0, a1, b1), pool.select(10_000, fx));
    assertEquals(List.of(b0, a0), pool.select(2 * SIZE, fx));
    assertEquals(List.of(b0), pool.select(2 * SIZE - 1, fx));
    assertEquals(List.of(), pool.select(SIZE - 1, fx));
  }

  @Test
  void anAccountThatDoesNotFitLeavesRoomForOthers() {
    Pending a0 = add(fx.t(A, 0, 1_000), 3 * SIZE, 0);
    Pending b0 = add(fx.t(B, 0, 10), 0);
    Pending b1 = add(fx.t(B, 1, 10), 0);
    assertEquals(List.of(b0, b1), pool.select(2 * SIZE, fx));
    assertEquals(List.of(a0), pool.select(3 * SIZE, fx));
  }

  @Test
  void selectionStopsAtAGapAndStartsAtTheConfirmedNonce() {
    add(fx.t(A, 0, 10), 0);
    Pending a1 = add(fx.t(A, 1, 10), 0);
    add(fx.t(A, 3, 10), 0);
    assertEquals(List.of(a1), pool.select(10_000, fx.nonce(A, 1)));
    assertEquals(List.of(), pool.select(10_000, fx.nonce(A, 2)));
  }

  @Test
  void equalRatesGoByIdAndSelectionIsRepeatable() {
    List<Transfer> ordered = Fx.byId(fx.t(A, 0, 1, 10), fx.t(B, 0, 1, 10), fx.t(C, 0, 1, 10));
    Pending high = add(ordered.get(2), 0);
    Pending low = add(ordered.get(0), 0);
    Pending mid = add(ordered.get(1), 0);
    assertEquals(List.of(low, mid, high), pool.select(10_000, fx));
    assertEquals(pool.select(10_000, fx), pool.select(10_000, fx));
    assertEquals(List.of(low, mid), pool.top(2));
  }

  @Test
  void selectionTakesOnlyWhatTheBalancePays() {
    fx.fund(A, 100);
    Pending a0 = add(fx.t(A, 0, 40, 10), 0);
    add(fx.t(A, 1, 40, 10), 0);
    // the balance fell since admission: only the first can be paid
    assertEquals(List.of(a0), pool.select(10_000, fx.fund(A, 99)));
    assertEquals(2, pool.select(10_000, fx.fund(A, 100)).size());
    assertEquals(List.of(), pool.select(10_000, fx.fund(A, 49)));
  }

  @Test
  void aFreeTransferIsWellFormedAndSelectableWithNoBalance() {
    Pending free = add(fx.t(A, 0, 0, 0), 0);
    assertEquals(List.of(free), pool.select(10_000, fx.fund(A, 0)));
    assertEquals(0, free.rate().compareTo(new FeeRate(0, 7)));
  }

  @Test
  void aBlockRemovesWhatItIncludedAndWhatItMadeStale() {
    Pending a0 = add(fx.t(A, 0, 10), 0);
    Pending a1 = add(fx.t(A, 1, 10), 0);
    Pending a2 = add(fx.t(A, 2, 10), 0);
    Pending b0 = add(fx.t(B, 0, 10), 0);
    Transfer competing = fx.t(A, 1, 10); // mined elsewhere at a1's nonce
    List<Pending> dropped = pool.onBlock(List.of(a0.transfer(), competing), fx.nonce(A, 2));
    assertEquals(List.of(a0, a1), dropped);
    assertEquals(List.of(a2, b0), List.of(pool.get(a2.id()).orElseThrow(), pool.get(b0.id()).orElseThrow()));
    assertEquals(2, pool.count());
    assertEquals(2 * SIZE, pool.bytes());
    assertEquals(List.of(), pool.onBlock(List.of(fx.t(C, 0, 10)), fx.nonce(C, 1)));
  }

  @Test
  void aReorgBringsBackTheAbandonedBranchInNonceOrder() {
    Transfer a0 = fx.t(A, 0, 10);
    Transfer a1 = fx.t(A, 1, 10);
    Transfer b0 = fx.t(B, 0, 10);
    List<AddResult> results = pool.readd(List.of(new Pending(a1, SIZE, 0), new Pending(b0, SIZE, 0),
        new Pending(a0, SIZE, 0)), 500, fx.nonce(B, 1));
    // sorted A0, A1, B0: B0 is already spent on the new branch
    assertEquals(List.of(new Accepted(List.of()), new Accepted(List.of()), new Refused(Reason.NONCE_TOO_LOW)),
        results);
    assertEquals(Optional.of(new Pending(a1, SIZE, 500)), pool.get(a1.id()));
    assertEquals(2, pool.count());
  }

  @Test
  void expiryDropsTheOldAndWhatDependsOnThem() {
    Pending a0 = add(fx.t(A, 0, 10), 100);
    Pending a1 = add(fx.t(A, 1, 10), 900);
    Pending b0 = add(fx.t(B, 0, 10), 100);
    Pending c0 = add(fx.t(C, 0, 10), 101);
    assertEquals(List.of(), pool.expire(1_100));
    List<Pending> dropped = pool.expire(1_101);
    assertEquals(3, dropped.size());
    assertEquals(true, dropped.containsAll(List.of(a0, a1, b0)));
    assertEquals(List.of(c0), pool.top(10));
    assertEquals(SIZE, pool.bytes());
  }

  @Test
  void aLaterNonceExpiresAloneAndAReplacementRestartsTheClock() {
    Pending a0 = add(fx.t(A, 0, 10), 100);
    Pending a1 = add(fx.t(A, 1, 10), 0);
    assertEquals(List.of(a1), pool.expire(1_001));
    pool.add(fx.t(A, 0, 11), SIZE, 1_000, fx);
    assertEquals(List.of(), pool.expire(1_101));
    assertEquals(Optional.empty(), pool.get(a0.id()));
    assertEquals(1, pool.count());
  }

  @Test
  void pendingNonceCountsOnlyTheUnbrokenRun() {
    assertEquals(7, pool.pendingNonce(A, fx.nonce(A, 7)));
    add(fx.t(A, 7, 10), 0);
    add(fx.t(A, 8, 10), 0);
    add(fx.t(A, 10, 10), 0);
    assertEquals(9, pool.pendingNonce(A, fx));
    assertEquals(0, pool.pendingNonce(B, fx));
  }

  @Test
  void topIsHighestRateFirstAndBounded() {
    Pending low = add(fx.t(A, 0, 10), 0);
    Pending high = add(fx.t(B, 0, 30), 0);
    Pending mid = add(fx.t(C, 0, 20), 0);
    assertEquals(List.of(high, mid, low), pool.top(5));
    assertEquals(List.of(high), pool.top(1));
    assertEquals(List.of(), pool.top(0));
    assertEquals(Optional.empty(), pool.get(Fx.id(1)));
  }

  @Test
  void limitsAreValidatedAndDefaultsAreTheDocumentedOnes() {
    MempoolLimits d = MempoolLimits.DEFAULTS;
    assertEquals(new MempoolLimits(16, 5_120, 33_554_432L, 10, 10_800_000L, 16, 1), d);
    assertThrows(IllegalArgumentException.class, () -> new MempoolLimits(0, 1, 1, 0, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new MempoolLimits(1, 0, 1, 0, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new MempoolLimits(1, 1, 0, 0, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new MempoolLimits(1, 1, 1, -1, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new MempoolLimits(1, 1, 1, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new MempoolLimits(1, 1, 1, 0, 1, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new MempoolLimits(1, 1, 1, 0, 1, 0, -1));
    assertEquals(new MempoolLimits(1, 1, 1, 0, 1, 0, 0).maxCount(), 1);
  }

  @Test
  void feeRatesCompareExactlyWhereDoublesWouldNot() {
    assertEquals(-1, Integer.signum(new FeeRate(Long.MAX_VALUE - 1, 3).compareTo(new FeeRate(Long.MAX_VALUE, 3))));
    assertEquals(1, Integer.signum(new FeeRate(Long.MAX_VALUE, 2).compareTo(new FeeRate(Long.MAX_VALUE - 1, 2))));
    assertEquals(0, new FeeRate(10, 4).compareTo(new FeeRate(5, 2)));
    assertEquals(1, Integer.signum(new FeeRate(Long.MAX_VALUE, Integer.MAX_VALUE)
        .compareTo(new FeeRate(Long.MAX_VALUE / 2, Integer.MAX_VALUE))));
    assertEquals(-1, Integer.signum(FeeRate.compareProducts(1L << 62, 4, 1L << 62, 5)));
    assertThrows(IllegalArgumentException.class, () -> new FeeRate(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> new FeeRate(1, 0));
    assertEquals(3, new FeeRate(5, 2).feeAbove(1));
  }
}
