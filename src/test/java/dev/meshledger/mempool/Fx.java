package dev.meshledger.mempool;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test fixtures: accounts, transfers with random ids and signatures, and a ledger to check against. */
final class Fx implements AccountView {
  static final String CHAIN = "meshledger-test";
  static final int SIZE = 100;
  static final AccountId A = account(1);
  static final AccountId B = account(2);
  static final AccountId C = account(3);
  static final AccountId D = account(4);

  private final Random random;
  final Map<AccountId, Long> balances = new HashMap<>();
  final Map<AccountId, Long> nonces = new HashMap<>();

  Fx(long seed) {
    random = new Random(seed);
  }

  Fx() {
    this(1);
  }

  static AccountId account(int n) {
    byte[] key = new byte[AccountId.SIZE];
    key[0] = (byte) n;
    return AccountId.of(key);
  }

  static Hash id(int n) {
    byte[] b = new byte[Hash.SIZE];
    b[Hash.SIZE - 1] = (byte) n;
    return Hash.wrap(b);
  }

  Fx fund(AccountId a, long balance) {
    balances.put(a, balance);
    return this;
  }

  Fx nonce(AccountId a, long next) {
    nonces.put(a, next);
    return this;
  }

  Transfer t(AccountId from, long nonce, long fee) {
    return t(from, nonce, 1, fee);
  }

  /** A transfer to a random account (so that no two are the same), with a random signature: the pool checks none. */
  Transfer t(AccountId from, long nonce, long amount, long fee) {
    byte[] to = new byte[AccountId.SIZE];
    random.nextBytes(to);
    byte[] signature = new byte[64];
    random.nextBytes(signature);
    return Transfer.of(CHAIN, from, AccountId.of(to), amount, fee, nonce, signature);
  }

  /** The transfers in the order of their ids, lowest first (the pool's tie-break). */
  static List<Transfer> byId(Transfer... ts) {
    return Arrays.stream(ts).sorted(Comparator.comparing(Transfer::id)).toList();
  }

  @Override
  public long balance(AccountId account) {
    return balances.getOrDefault(account, 1_000_000L);
  }

  @Override
  public long nextNonce(AccountId account) {
    return nonces.getOrDefault(account, 0L);
  }
}
