package dev.meshledger.domain.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random allocations, random blocks of valid and invalid transfers, random reorgs: the state always
 * equals a replay from genesis of the blocks still on the branch, and the balances add up to the
 * allocations plus the rewards on the branch. Each block's outcome also matches {@link ReferenceLedger}.
 */
class StateTransitionPropertyTest {
  private static final int ACCOUNTS = 6;
  private static final String CHAIN = Fixtures.CHAIN;

  /**
   * A transfer to make from the state at the time: amount as per mille of the sender's balance;
   * fault 1 names another chain, 3 an amount + fee past Long.MAX_VALUE (a negative amount cannot be built).
   */
  record Intent(int from, int to, int permille, long fee, int nonceShift, int fault) {}

  sealed interface Op permits Forward, Back {}

  record Forward(int producer, long reward, List<Intent> intents) implements Op {}

  record Back(int blocks) implements Op {}

  /** A block on the branch, kept as its inputs (for the replay) and its effects (for the undo). */
  record Applied(AccountId producer, long reward, List<Transfer> transfers, BlockEffects effects) {}

  @Property(tries = 400)
  void stateEqualsReplayFromGenesis(@ForAll("allocations") List<Long> alloc, @ForAll("ops") List<Op> ops) {
    Map<AccountId, Long> allocation = new HashMap<>();
    for (int i = 0; i < alloc.size(); i++) {
      allocation.put(Fixtures.id(i), alloc.get(i));
    }
    GenesisState genesis = StateTransition.genesis(allocation);
    Map<AccountId, Account> state = new HashMap<>();
    genesis.writes().applyTo(state);
    Deque<Applied> branch = new ArrayDeque<>();
    for (Op op : ops) {
      if (op instanceof Forward f) {
        forward(state, branch, f);
      } else if (op instanceof Back b) {
        for (int i = 0; i < b.blocks() && !branch.isEmpty(); i++) {
          Statistics.label("outcome").collect("undone");
          Applied top = branch.pop();
          StateTransition.undo(AccountReader.of(state), top.effects().undo()).applyTo(state);
        }
      }
      assertEquals(replay(genesis, branch), state);
      assertFalse(state.containsValue(Account.ZERO), "an empty account is never stored");
      BigInteger rewards = branch.stream().map(a -> BigInteger.valueOf(a.reward())).reduce(BigInteger.ZERO, BigInteger::add);
      BigInteger supply = BigInteger.valueOf(genesis.supply().total()).add(rewards);
      assertEquals(supply, state.values().stream().map(a -> BigInteger.valueOf(a.balance()))
          .reduce(BigInteger.ZERO, BigInteger::add));
    }
    // the runs must reach every outcome, or the comparison above proves little
    Statistics.label("outcome").coverage(c -> {
      for (String kind : List.of("applied", "undone", "WRONG_CHAIN", "NONCE_TOO_LOW",
          "NONCE_TOO_HIGH", "INSUFFICIENT_FUNDS", "OVERFLOW")) {
        c.check(kind).count(n -> n > 0);
      }
    });
  }

  private static void forward(Map<AccountId, Account> state, Deque<Applied> branch, Forward f) {
    List<Transfer> transfers = new ArrayList<>();
    Map<AccountId, Long> nextNonce = new HashMap<>();
    for (Intent in : f.intents()) {
      AccountId from = Fixtures.id(in.from());
      long nonce = nextNonce.getOrDefault(from, state.getOrDefault(from, Account.ZERO).nonce());
      nextNonce.put(from, nonce + 1);
      long balance = state.getOrDefault(from, Account.ZERO).balance();
      long amount = BigInteger.valueOf(balance).multiply(BigInteger.valueOf(in.permille()))
          .divide(BigInteger.valueOf(1000)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
      transfers.add(Transfer.of(in.fault() == 1 ? "other" : CHAIN, from, Fixtures.id(in.to()),
          in.fault() == 3 ? Long.MAX_VALUE : amount, in.fault() == 3 ? in.fee() + 1 : in.fee(),
          Math.max(0, nonce + in.nonceShift()), new byte[64]));
    }
    AccountId producer = Fixtures.id(f.producer());
    Object expected = ReferenceLedger.apply(state, CHAIN, producer, f.reward(), transfers);
    BlockOutcome outcome = StateTransition.apply(AccountReader.of(state), CHAIN, producer, f.reward(), transfers);
    Statistics.label("outcome").collect(expected instanceof Rejection r ? r.reason().name() : "applied");
    if (expected instanceof Rejection) {
      assertEquals(expected, outcome);
      return;
    }
    BlockEffects effects = assertInstanceOf(BlockEffects.class, outcome);
    assertEquals(f.reward(), effects.supplyIncrease());
    assertEquals(transfers.stream().mapToLong(Transfer::fee).sum(), effects.fees());
    effects.writes().applyTo(state);
    assertEquals(expected, state);
    branch.push(new Applied(producer, f.reward(), transfers, effects));
  }

  private static Map<AccountId, Account> replay(GenesisState genesis, Deque<Applied> branch) {
    Map<AccountId, Account> state = new HashMap<>();
    genesis.writes().applyTo(state);
    List<Applied> blocks = new ArrayList<>(branch);
    for (int i = blocks.size() - 1; i >= 0; i--) {
      Applied b = blocks.get(i);
      BlockOutcome outcome = StateTransition.apply(AccountReader.of(state), CHAIN, b.producer(), b.reward(), b.transfers());
      assertInstanceOf(BlockEffects.class, outcome).writes().applyTo(state);
    }
    return state;
  }

  @Provide
  Arbitrary<List<Long>> allocations() {
    Arbitrary<Long> small = Arbitraries.longs().between(0, 1_000);
    Arbitrary<Long> huge = Arbitraries.longs().between(0, Long.MAX_VALUE / ACCOUNTS);
    return Arbitraries.frequencyOf(Tuple.of(5, small), Tuple.of(1, huge)).list().ofSize(ACCOUNTS);
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Integer> account = Arbitraries.integers().between(0, ACCOUNTS - 1);
    Arbitrary<Intent> intent = Combinators.combine(account, account,
        Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(0, 700)),
            Tuple.of(1, Arbitraries.integers().between(900, 1100))),
        Arbitraries.longs().between(0, 20),
        Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(-1)),
            Tuple.of(1, Arbitraries.just(1))),
        Arbitraries.frequencyOf(Tuple.of(60, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)),
            Tuple.of(1, Arbitraries.just(2)), Tuple.of(1, Arbitraries.just(3))))
        .as(Intent::new);
    Arbitrary<Long> reward = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.longs().between(0, 100)),
        Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE / 2)));
    Arbitrary<Op> forward = Combinators.combine(account, reward, intent.list().ofMaxSize(8)).as(Forward::new);
    Arbitrary<Op> back = Arbitraries.integers().between(1, 3).map(Back::new);
    return Arbitraries.frequencyOf(Tuple.of(3, forward), Tuple.of(1, back)).list().ofMaxSize(25);
  }
}
