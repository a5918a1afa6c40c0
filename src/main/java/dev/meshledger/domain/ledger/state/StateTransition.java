package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.state.Rejection.Reason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ledger's state transition: a block's transfers and reward applied to the accounts, with the
 * undo data to take them back. Stake and unstake transactions are refused ({@code NOT_STAKING}) here;
 * proof of stake applies blocks with {@link StakeTransition}. Pure: it reads through an {@link AccountReader} and returns writes.
 *
 * <p>Signatures are not checked here; the caller has verified them. An account holding zero
 * balance and nonce 0 is never stored, so an absent account and an empty one are the same state
 * and a zero-amount transfer to a fresh key costs no storage.
 */
public final class StateTransition {
  private StateTransition() {}

  /**
   * Applies a block: the transfers in order, each seeing the ones before it, then the producer is
   * paid {@code blockReward} plus all fees. Paying after the transfers means no transfer in a
   * block can spend that block's own reward or fees (Bitcoin holds the coinbase back for the same
   * reason), so a transfer's validity never depends on where the producer's payment falls.
   *
   * @throws IllegalArgumentException if {@code blockReward} is negative (it comes from the chain spec)
   */
  public static BlockOutcome apply(AccountReader state, String chainId, AccountId producer, long blockReward,
      List<Transfer> transfers) {
    Objects.requireNonNull(state);
    Objects.requireNonNull(chainId);
    Objects.requireNonNull(producer);
    if (blockReward < 0) {
      throw new IllegalArgumentException("a block reward is never negative: " + blockReward);
    }
    Working working = new Working(state);
    long fees = 0;
    for (int i = 0; i < transfers.size(); i++) {
      Transfer t = transfers.get(i);
      Reason reason = t.kind() != TxKind.TRANSFER ? Reason.NOT_STAKING : check(working, chainId, t);
      if (reason == null) {
        reason = transfer(working, t);
      }
      if (reason == null && t.fee() > Long.MAX_VALUE - fees) {
        reason = Reason.OVERFLOW;
      }
      if (reason != null) {
        return new Rejection(i, reason);
      }
      fees += t.fee();
    }
    Account paid = working.get(producer);
    if (blockReward > Long.MAX_VALUE - fees || blockReward + fees > Long.MAX_VALUE - paid.balance()) {
      return new Rejection(Rejection.PRODUCER, Reason.OVERFLOW);
    }
    working.put(producer, new Account(paid.balance() + blockReward + fees, paid.nonce()));
    return new BlockEffects(working.undo(), fees, blockReward);
  }

  /** The checks that need nothing but the sender's account, in the order the API reports them. */
  static Reason check(Working working, String chainId, Transfer t) {
    // A Transfer is well formed by construction (ids, chain id, non-negative amount, fee and nonce).
    if (!chainId.equals(t.chainId())) {
      return Reason.WRONG_CHAIN;
    }
    Account from = working.get(t.from());
    // the nonce before the funds: a transfer already in the chain is stale, not underfunded
    if (t.nonce() < from.nonce()) {
      return Reason.NONCE_TOO_LOW;
    }
    if (t.nonce() > from.nonce()) {
      return Reason.NONCE_TOO_HIGH;
    }
    if (t.nonce() == Long.MAX_VALUE || t.amount() > Long.MAX_VALUE - t.fee()) {
      return Reason.OVERFLOW;
    }
    if (from.balance() < t.debit()) {
      return Reason.INSUFFICIENT_FUNDS;
    }
    return null;
  }

  /**
   * Debits the sender, then reads and credits the receiver. Reading the receiver after the debit
   * makes a transfer to oneself cost exactly the fee instead of minting the amount.
   */
  static Reason transfer(Working working, Transfer t) {
    Account from = working.get(t.from());
    Account debited = new Account(from.balance() - t.amount() - t.fee(), from.nonce() + 1);
    Account to = t.to().equals(t.from()) ? debited : working.get(t.to());
    if (t.amount() > Long.MAX_VALUE - to.balance()) {
      return Reason.OVERFLOW;
    }
    working.put(t.from(), debited);
    working.put(t.to(), new Account(to.balance() + t.amount(), to.nonce()));
    return null;
  }

  /**
   * The writes that restore the state before the block the undo record came from.
   *
   * @param after the state as that block left it
   * @throws IllegalStateException if {@code after} does not hold the block's results (an undo
   *     applied out of order, or to another branch): restoring then would corrupt the state
   */
  public static StateWrites undo(AccountReader after, Undo undo) {
    undo.after().forEach((id, expected) -> {
      Optional<Account> stored = after.find(id);
      if (!stored.equals(Optional.of(expected))) {
        throw new IllegalStateException("account " + id + " holds " + stored + ", not the block's " + expected);
      }
    });
    return new StateWrites(undo.before());
  }

  /**
   * The initial state from the chain spec's allocations. Zero allocations store nothing.
   *
   * @throws IllegalArgumentException for a negative allocation or a total past {@link Long#MAX_VALUE}
   */
  public static GenesisState genesis(Map<AccountId, Long> alloc) {
    TreeMap<AccountId, Optional<Account>> writes = new TreeMap<>();
    long total = 0;
    for (Map.Entry<AccountId, Long> e : alloc.entrySet()) {
      long amount = Objects.requireNonNull(e.getValue(), "allocation");
      if (amount < 0) {
        throw new IllegalArgumentException("a negative allocation to " + e.getKey() + ": " + amount);
      }
      if (amount > Long.MAX_VALUE - total) {
        throw new IllegalArgumentException("the allocations' total overflows at " + e.getKey());
      }
      total += amount;
      if (amount > 0) {
        writes.put(Objects.requireNonNull(e.getKey(), "account"), Optional.of(new Account(amount, 0)));
      }
    }
    return new GenesisState(new StateWrites(writes), new Supply(total, 0));
  }
}
