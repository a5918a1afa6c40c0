package dev.meshledger.domain.ledger.stake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.ledger.AccountId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bonders, rewards and slashes do, no token is made or lost: what was staked plus the rewards
 * equals what is bonded, unbonding, paid back and burnt; no pool's shares outgrow its tokens; and the
 * holders' values never add up to more than their pool holds.
 */
class StakePropertiesTest {
  static final List<AccountId> OWNERS = List.of(AccountId.fromHex("a1".repeat(32)), AccountId.fromHex("b2".repeat(32)),
      AccountId.fromHex("c3".repeat(32)));
  static final List<String> VALIDATORS = List.of("11".repeat(32), "22".repeat(32));
  static final StakeParams PARAMS = new StakeParams(3, 4, 2, 1, 100, 3);

  record Op(int kind, int owner, int validator, long amount) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 1), Arbitraries.longs().between(0, 5_000))
        .as(Op::new).list().ofMaxSize(60);
  }

  @Property(tries = 400)
  void tokensAreNeitherMadeNorLost(@ForAll("ops") List<Op> ops) {
    StakeState s = StakeState.EMPTY;
    long in = 0;
    long out = 0;
    long height = 0;
    for (Op op : ops) {
      height++;
      AccountId owner = OWNERS.get(op.owner());
      String v = VALIDATORS.get(op.validator());
      switch (op.kind()) {
        case 0, 1 -> {
          StakeState.Applied a = s.stake(owner, v, op.amount());
          in += a.ok() ? op.amount() : 0;
          s = a.state();
        }
        case 2 -> {
          long amount = Math.min(op.amount(), s.valueOf(owner, v));
          s = s.unstake(height, owner, v, amount == 0 ? 1 : amount, PARAMS).state();
        }
        case 3 -> {
          s = s.reward(List.of(new Member(VALIDATORS.get(0), 3), new Member(VALIDATORS.get(1), 1)), v, op.amount());
          in += op.amount();
        }
        case 4 -> {
          StakeState.Released r = s.release(height);
          out += r.paid().stream().mapToLong(Unbonding::amount).sum();
          s = r.state();
        }
        default -> {
          StakeState.Slashed c = s.slash(v, height - op.amount() % 5, PARAMS.slashPermille());
          out += c.burnt();
          s = c.state();
        }
      }
      long unbonding = s.unbonding().stream().mapToLong(Unbonding::amount).sum();
      assertEquals(in, s.bonded() + unbonding + out, "after " + op);
      for (String val : VALIDATORS) {
        Pool p = s.pool(val);
        long held = 0;
        long worth = 0;
        for (AccountId o : OWNERS) {
          held += s.shares(o, val);
          worth += s.valueOf(o, val);
        }
        assertEquals(p.shares(), held, "shares of " + val);
        assertTrue(worth <= p.tokens(), "holders worth " + worth + " of " + p);
        assertTrue(p.tombstoned() || p.shares() <= p.tokens(), "shares outgrew tokens: " + p);
      }
    }
  }
}
