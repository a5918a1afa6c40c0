package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.stake.StakeParams;
import dev.meshledger.domain.ledger.stake.StakeRefusal;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.stake.Unbonding;
import dev.meshledger.domain.ledger.state.Rejection.Reason;
import java.util.List;
import java.util.Objects;

/**
 * A proof-of-stake block applied to the accounts and the stake: first the unbonding due at its height is
 * paid back to its owners, then its transactions run in order (a stake debits amount + fee and bonds the
 * amount; an unstake debits the fee and starts unbonding; a transfer as {@link StateTransition}), then
 * the block reward and fees go to the pools of the set that votes on this height, by power (the
 * proposer's pool takes the rounding), rather than to the producer's account; last, each double sign the
 * block carries is slashed ({@code slashPermille} of the pool, and of what unbonded from it since the
 * offence, is burnt, and the pool is tombstoned). Slashing comes after the reward, so the offender's pool
 * loses its share of this block's reward too, and one order holds on every node. Pure, as
 * {@link StateTransition}: the caller checked signatures, the set and the evidence's own rules.
 */
public final class StakeTransition {
  private StakeTransition() {}

  /** The block at {@code height}, proposed by {@code proposer} (node id hex) and voted on by {@code set}. */
  public static BlockOutcome apply(AccountReader accounts, StakeState stake, StakeParams params, String chainId,
      long height, String proposer, List<Member> set, long blockReward, List<Transfer> transfers) {
    return apply(accounts, stake, params, chainId, height, proposer, set, blockReward, transfers, List.of());
  }

  /**
   * {@link #apply} of a block carrying {@code evidence}: an offender already tombstoned (punished on this
   * branch) refuses the block with {@link Reason#TOMBSTONED} at {@link Rejection#EVIDENCE}.
   */
  public static BlockOutcome apply(AccountReader accounts, StakeState stake, StakeParams params, String chainId,
      long height, String proposer, List<Member> set, long blockReward, List<Transfer> transfers,
      List<DoubleSign> evidence) {
    Objects.requireNonNull(stake);
    Objects.requireNonNull(chainId);
    if (blockReward < 0) {
      throw new IllegalArgumentException("a block reward is never negative: " + blockReward);
    }
    Working working = new Working(accounts);
    StakeState.Released due = stake.release(height);
    StakeState s = due.state();
    long released = 0;
    for (Unbonding u : due.paid()) {
      Account a = working.get(u.owner());
      if (u.amount() > Long.MAX_VALUE - a.balance()) {
        return new Rejection(Rejection.PRODUCER, Reason.OVERFLOW);
      }
      working.put(u.owner(), new Account(a.balance() + u.amount(), a.nonce()));
      released += u.amount();
    }
    long fees = 0;
    for (int i = 0; i < transfers.size(); i++) {
      Transfer t = transfers.get(i);
      Reason reason = StateTransition.check(working, chainId, t);
      if (reason == null && t.fee() > Long.MAX_VALUE - fees) {
        reason = Reason.OVERFLOW;
      }
      if (reason == null && t.kind() == TxKind.TRANSFER) {
        reason = StateTransition.transfer(working, t);
      } else if (reason == null) {
        StakeState.Applied applied = t.kind() == TxKind.STAKE
            ? s.stake(t.from(), t.to().toHex(), t.amount())
            : s.unstake(height, t.from(), t.to().toHex(), t.amount(), params);
        reason = applied.ok() ? null : reason(applied.refusal());
        if (reason == null) {
          Account from = working.get(t.from());
          working.put(t.from(), new Account(from.balance() - t.debit(), from.nonce() + 1));
          s = applied.state();
        }
      }
      if (reason != null) {
        return new Rejection(i, reason);
      }
      fees += t.fee();
    }
    if (blockReward > Long.MAX_VALUE - fees || blockReward + fees > Long.MAX_VALUE - s.held()) {
      return new Rejection(Rejection.PRODUCER, Reason.OVERFLOW);
    }
    s = s.reward(set, proposer, blockReward + fees);
    for (DoubleSign e : evidence) {
      if (s.pool(e.validatorHex()).tombstoned()) {
        return new Rejection(Rejection.EVIDENCE, Reason.TOMBSTONED);
      }
      s = s.slash(e.validatorHex(), e.height(), params.slashPermille()).state();
    }
    return new Staked(new BlockEffects(working.undo(), fees, blockReward), s, released);
  }

  /** The genesis stake: each genesis validator's power bonded by its own key (node id = account id). */
  public static StakeState genesis(List<Member> validators) {
    StakeState s = StakeState.EMPTY;
    for (Member m : validators) {
      StakeState.Applied a = s.stake(AccountId.fromHex(m.id()), m.id(), m.power());
      if (!a.ok()) {
        throw new IllegalArgumentException("genesis stake of " + m.id() + " refused: " + a.refusal());
      }
      s = a.state();
    }
    return s;
  }

  static Reason reason(StakeRefusal r) {
    return switch (r) {
      case AMOUNT_TOO_SMALL -> Reason.AMOUNT_TOO_SMALL;
      case TOMBSTONED -> Reason.TOMBSTONED;
      case INSUFFICIENT_STAKE -> Reason.INSUFFICIENT_STAKE;
      case TOO_MANY_UNBONDING -> Reason.TOO_MANY_UNBONDING;
      case OVERFLOW -> Reason.OVERFLOW;
    };
  }
}
