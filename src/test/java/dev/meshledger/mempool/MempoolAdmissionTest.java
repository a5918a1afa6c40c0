package dev.meshledger.mempool;

import static dev.meshledger.mempool.AddResult.Reason.ACCOUNT_LIMIT;
import static dev.meshledger.mempool.AddResult.Reason.DUPLICATE;
import static dev.meshledger.mempool.AddResult.Reason.FEE_TOO_LOW;
import static dev.meshledger.mempool.AddResult.Reason.INSUFFICIENT_FUNDS;
import static dev.meshledger.mempool.AddResult.Reason.MALFORMED_TRANSACTION;
import static dev.meshledger.mempool.AddResult.Reason.MEMPOOL_FULL;
import static dev.meshledger.mempool.AddResult.Reason.NONCE_TOO_HIGH;
import static dev.meshledger.mempool.AddResult.Reason.NONCE_TOO_LOW;
import static dev.meshledger.mempool.AddResult.Reason.WRONG_CHAIN;
import static dev.meshledger.mempool.Fx.A;
import static dev.meshledger.mempool.Fx.B;
import static dev.meshledger.mempool.Fx.SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.config.MempoolLimits;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.mempool.AddResult.Accepted;
import dev.meshledger.mempool.AddResult.Reason;
import dev.meshledger.mempool.AddResult.Refused;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal at its edge: the last value accepted and the first refused. */
class MempoolAdmissionTest {
  /** 3 per account, 4 in all, 1,000 bytes, +10% to replace, 1 s expiry, a gap of 4, fee at least 10. */
  static final MempoolLimits LIMITS = new MempoolLimits(3, 4, 1_000, 10, 1_000, 4, 10);

  record Case(String name, BiFunction<Mempool, Fx, AddResult> act, Reason expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static AddResult add(Mempool pool, Fx fx, Transfer t) {
    return add(pool, fx, t, SIZE);
  }

  static AddResult add(Mempool pool, Fx fx, Transfer t, int size) {
    return pool.add(t, size, 0, fx);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("size 1 accepted", (p, fx) -> add(p, fx, fx.t(A, 0, 10), 1), null),
        new Case("size 0 malformed", (p, fx) -> add(p, fx, fx.t(A, 0, 10), 0), MALFORMED_TRANSACTION),
        new Case("amount 0 accepted", (p, fx) -> add(p, fx, fx.t(A, 0, 0, 10)), null),
        new Case("another chain", (p, fx) -> {
          Transfer t = fx.t(A, 0, 10);
          return add(p, fx, Transfer.of("other", A, B, 1, 10, 0, t.signature()));
        }, WRONG_CHAIN),
        new Case("the same id twice", (p, fx) -> {
          Transfer t = fx.t(A, 0, 10);
          add(p, fx, t);
          return add(p, fx, t);
        }, DUPLICATE),
        new Case("nonce at the confirmed next", (p, fx) -> add(p, fx.nonce(A, 5), fx.t(A, 5, 10)), null),
        new Case("nonce one below the next", (p, fx) -> add(p, fx.nonce(A, 5), fx.t(A, 4, 10)), NONCE_TOO_LOW),
        new Case("nonce at next + gap", (p, fx) -> add(p, fx.nonce(A, 5), fx.t(A, 9, 10)), null),
        new Case("nonce one past the gap", (p, fx) -> add(p, fx.nonce(A, 5), fx.t(A, 10, 10)), NONCE_TOO_HIGH),
        new Case("nonce far past, no overflow", (p, fx) -> add(p, fx.nonce(A, 0), fx.t(A, Long.MAX_VALUE, 10)),
            NONCE_TOO_HIGH),
        new Case("fee at minFee", (p, fx) -> add(p, fx, fx.t(A, 0, 10)), null),
        new Case("fee one below minFee", (p, fx) -> add(p, fx, fx.t(A, 0, 9)), FEE_TOO_LOW),
        new Case("third of an account", (p, fx) -> fill(p, fx, 3), null),
        new Case("fourth of an account", (p, fx) -> fill(p, fx, 4), ACCOUNT_LIMIT),
        new Case("balance pays amount + fee exactly", (p, fx) -> add(p, fx.fund(A, 100), fx.t(A, 0, 90, 10)), null),
        new Case("balance one short", (p, fx) -> add(p, fx.fund(A, 100), fx.t(A, 0, 91, 10)), INSUFFICIENT_FUNDS),
        new Case("pending lower nonce counted, exact", (p, fx) -> {
          add(p, fx.fund(A, 100), fx.t(A, 0, 40, 10));
          return add(p, fx, fx.t(A, 1, 40, 10));
        }, null),
        new Case("pending lower nonce counted, one short", (p, fx) -> {
          add(p, fx.fund(A, 100), fx.t(A, 0, 40, 10));
          return add(p, fx, fx.t(A, 1, 41, 10));
        }, INSUFFICIENT_FUNDS),
        new Case("higher pending nonce not counted", (p, fx) -> {
          add(p, fx.fund(A, 100), fx.t(A, 1, 40, 10));
          return add(p, fx, fx.t(A, 0, 40, 10));
        }, null),
        new Case("amount + fee overflows", (p, fx) -> add(p, fx.fund(A, Long.MAX_VALUE),
            fx.t(A, 0, Long.MAX_VALUE, 10)), INSUFFICIENT_FUNDS),
        new Case("pending sum overflows", (p, fx) -> {
          add(p, fx.fund(A, Long.MAX_VALUE), fx.t(A, 0, Long.MAX_VALUE - 10, 10));
          return add(p, fx, fx.t(A, 1, 0, 10));
        }, INSUFFICIENT_FUNDS),
        new Case("count at the cap", (p, fx) -> fillPool(p, fx, 4), null),
        new Case("count one past, same fee", (p, fx) -> fillPool(p, fx, 5), FEE_TOO_LOW),
        new Case("bytes exactly at the cap", (p, fx) -> {
          add(p, fx, fx.t(A, 0, 10), 500);
          return add(p, fx, fx.t(B, 0, 10), 500);
        }, null),
        new Case("bytes one past, same fee", (p, fx) -> {
          add(p, fx, fx.t(A, 0, 10), 500);
          return add(p, fx, fx.t(B, 0, 10), 501);
        }, FEE_TOO_LOW),
        new Case("bigger than the whole pool", (p, fx) -> add(p, fx, fx.t(A, 0, 1_000), 1_001), MEMPOOL_FULL),
        new Case("full of the sender's own dependencies", (p, fx) -> {
          Mempool pool = new Mempool(Fx.CHAIN, new MempoolLimits(16, 3, 1_000, 10, 1_000, 4, 10));
          for (int n = 0; n < 3; n++) {
            add(pool, fx, fx.t(A, n, 10));
          }
          return add(pool, fx, fx.t(A, 3, 1_000));
        }, MEMPOOL_FULL));
  }

  /** n transfers from A, nonces 0.., returning the last outcome. */
  static AddResult fill(Mempool pool, Fx fx, int n) {
    AddResult last = null;
    for (int i = 0; i < n; i++) {
      last = add(pool, fx, fx.t(A, i, 10));
    }
    return last;
  }

  /** n transfers of fee 10, one per account, returning the last outcome. */
  static AddResult fillPool(Mempool pool, Fx fx, int n) {
    AddResult last = null;
    for (int i = 0; i < n; i++) {
      last = add(pool, fx, fx.t(Fx.account(10 + i), 0, 10));
    }
    return last;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesExactlyAtEachEdge(Case c) {
    Mempool pool = new Mempool(Fx.CHAIN, LIMITS);
    AddResult result = c.act().apply(pool, new Fx());
    AddResult expected = c.expected() == null ? new Accepted(List.of()) : new Refused(c.expected());
    assertEquals(expected, result);
  }
}
