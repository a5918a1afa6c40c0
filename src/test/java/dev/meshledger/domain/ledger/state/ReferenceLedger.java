package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.state.Rejection.Reason;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The same rules written the plain way, in unbounded integers, for the property tests to compare
 * against: a block's outcome is either its rejection or the whole state after it.
 */
final class ReferenceLedger {
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ReferenceLedger() {}

  /** A {@link Rejection}, or the state after the block as a map without empty accounts. */
  static Object apply(Map<AccountId, Account> state, String chainId, AccountId producer, long reward,
      List<Transfer> transfers) {
    Map<AccountId, BigInteger> balance = new HashMap<>();
    Map<AccountId, BigInteger> nonce = new HashMap<>();
    state.forEach((id, a) -> {
      balance.put(id, BigInteger.valueOf(a.balance()));
      nonce.put(id, BigInteger.valueOf(a.nonce()));
    });
    BigInteger fees = BigInteger.ZERO;
    for (int i = 0; i < transfers.size(); i++) {
      Transfer t = transfers.get(i);
      if (!t.chainId().equals(chainId)) {
        return new Rejection(i, Reason.WRONG_CHAIN);
      }
      int order = BigInteger.valueOf(t.nonce()).compareTo(nonce.getOrDefault(t.from(), BigInteger.ZERO));
      if (order != 0) {
        return new Rejection(i, order < 0 ? Reason.NONCE_TOO_LOW : Reason.NONCE_TOO_HIGH);
      }
      BigInteger cost = BigInteger.valueOf(t.amount()).add(BigInteger.valueOf(t.fee()));
      if (cost.compareTo(MAX) > 0 || BigInteger.valueOf(t.nonce()).add(BigInteger.ONE).compareTo(MAX) > 0) {
        return new Rejection(i, Reason.OVERFLOW);
      }
      if (balance.getOrDefault(t.from(), BigInteger.ZERO).compareTo(cost) < 0) {
        return new Rejection(i, Reason.INSUFFICIENT_FUNDS);
      }
      balance.put(t.from(), balance.getOrDefault(t.from(), BigInteger.ZERO).subtract(cost));
      nonce.put(t.from(), BigInteger.valueOf(t.nonce() + 1));
      BigInteger received = balance.getOrDefault(t.to(), BigInteger.ZERO).add(BigInteger.valueOf(t.amount()));
      fees = fees.add(BigInteger.valueOf(t.fee()));
      if (received.compareTo(MAX) > 0 || fees.compareTo(MAX) > 0) {
        return new Rejection(i, Reason.OVERFLOW);
      }
      balance.put(t.to(), received);
    }
    BigInteger pay = BigInteger.valueOf(reward).add(fees);
    BigInteger paid = balance.getOrDefault(producer, BigInteger.ZERO).add(pay);
    if (pay.compareTo(MAX) > 0 || paid.compareTo(MAX) > 0) {
      return new Rejection(Rejection.PRODUCER, Reason.OVERFLOW);
    }
    balance.put(producer, paid);
    Map<AccountId, Account> after = new HashMap<>();
    balance.forEach((id, b) -> {
      Account a = new Account(b.longValueExact(), nonce.getOrDefault(id, BigInteger.ZERO).longValueExact());
      if (!a.equals(Account.ZERO)) {
        after.put(id, a);
      }
    });
    return after;
  }
}
