package dev.meshledger.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.config.MempoolLimits;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever happens, the pool stays within its caps, and what it selects is a valid block: each
 * account from its confirmed nonce with no gap, every transfer paid for, within the byte limit.
 */
class MempoolPropertiesTest {
  static final MempoolLimits LIMITS = new MempoolLimits(3, 8, 1_200, 10, 5_000, 4, 2);

  /** kind 0-5 add, 6 block, 7 expire, 8 reorg; the other numbers are read per kind. */
  record Op(int kind, int account, int nonceAhead, int amount, int fee, int size, int blockBytes) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 8),
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(-1, 5),
        Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 60),
        Arbitraries.integers().between(1, 400), Arbitraries.integers().between(0, 900))
        .as(Op::new);
    return op.list().ofMaxSize(80);
  }

  @Property(tries = 300)
  void staysWithinItsCapsAndSelectsOnlyValidBlocks(@ForAll("ops") List<Op> ops, @ForAll long seed) {
    Fx ledger = new Fx(seed);
    for (int i = 0; i < 5; i++) {
      ledger.fund(Fx.account(i), 1_000);
    }
    Mempool pool = new Mempool(Fx.CHAIN, LIMITS);
    List<Pending> lastBlock = List.of();
    Map<AccountId, Long> undoBalance = new HashMap<>();
    Map<AccountId, Long> undoNonce = new HashMap<>();
    long now = 0;
    for (Op op : ops) {
      now += 100;
      if (op.kind() <= 5) {
        AccountId from = Fx.account(op.account());
        // a nonce below 0 cannot be built (Transfer refuses it); below the next one can
        Transfer t = ledger.t(from, Math.max(0, ledger.nextNonce(from) + op.nonceAhead()), op.amount(), op.fee());
        AddResult r = pool.add(t, op.size(), now, ledger);
        assertEquals(!r.isRefused(), pool.get(t.id()).isPresent());
      } else if (op.kind() == 6) {
        List<Pending> block = pool.select(op.blockBytes(), ledger);
        undoBalance = new HashMap<>(ledger.balances);
        undoNonce = new HashMap<>(ledger.nonces);
        applyChecking(block, op.blockBytes(), ledger);
        pool.onBlock(block.stream().map(Pending::transfer).toList(), ledger);
        lastBlock = block;
      } else if (op.kind() == 7) {
        pool.expire(now + op.blockBytes() * 10L);
      } else {
        ledger.balances.clear();
        ledger.balances.putAll(undoBalance);
        ledger.nonces.clear();
        ledger.nonces.putAll(undoNonce);
        pool.readd(lastBlock, now, ledger);
        lastBlock = List.of();
      }
      checkCaps(pool);
    }
  }

  /** Applies a selected block to the ledger, failing on a gap, an unpaid transfer or too many bytes. */
  private static void applyChecking(List<Pending> block, long maxBytes, Fx ledger) {
    long bytes = 0;
    for (Pending p : block) {
      Transfer t = p.transfer();
      assertEquals(ledger.nextNonce(t.from()), t.nonce(), "a gap or a nonce out of order");
      long cost = t.amount() + t.fee();
      assertTrue(cost <= ledger.balance(t.from()), "an unpaid transfer");
      ledger.balances.put(t.from(), ledger.balance(t.from()) - cost);
      ledger.nonces.put(t.from(), t.nonce() + 1);
      bytes += p.sizeBytes();
    }
    assertTrue(bytes <= maxBytes, "over the block's byte limit");
  }

  private static void checkCaps(Mempool pool) {
    List<Pending> all = pool.top(Integer.MAX_VALUE);
    assertEquals(pool.count(), all.size());
    assertEquals(pool.bytes(), all.stream().mapToLong(Pending::sizeBytes).sum());
    assertTrue(pool.count() <= LIMITS.maxCount(), "over maxCount");
    assertTrue(pool.bytes() <= LIMITS.maxBytes(), "over maxBytes");
    Map<AccountId, Integer> perAccount = new HashMap<>();
    for (Pending p : all) {
      perAccount.merge(p.from(), 1, Integer::sum);
    }
    perAccount.values().forEach(n -> assertTrue(n <= LIMITS.maxPerAccount(), "over maxPerAccount"));
    List<Pending> distinct = new ArrayList<>(new java.util.HashSet<>(all));
    assertEquals(all.size(), distinct.size());
  }
}
