package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Accounts and unsigned transfers for the state tests (signatures are the caller's concern). */
final class Fixtures {
  static final String CHAIN = "meshledger-test";
  static final AccountId ALICE = id(1);
  static final AccountId BOB = id(2);
  static final AccountId CAROL = id(3);
  static final AccountId MINER = id(9);

  private Fixtures() {}

  static AccountId id(int n) {
    byte[] key = new byte[AccountId.SIZE];
    key[0] = (byte) n;
    return AccountId.of(key);
  }

  static Transfer transfer(AccountId from, AccountId to, long amount, long fee, long nonce) {
    return Transfer.of(CHAIN, from, to, amount, fee, nonce, new byte[64]);
  }

  static Transfer onChain(String chainId, AccountId from, AccountId to, long amount, long fee, long nonce) {
    return Transfer.of(chainId, from, to, amount, fee, nonce, new byte[64]);
  }

  static Map<AccountId, Account> state(Object... idsAndAccounts) {
    Map<AccountId, Account> m = new HashMap<>();
    for (int i = 0; i < idsAndAccounts.length; i += 2) {
      m.put((AccountId) idsAndAccounts[i], (Account) idsAndAccounts[i + 1]);
    }
    return m;
  }

  static BlockOutcome apply(Map<AccountId, Account> state, long reward, Transfer... transfers) {
    return StateTransition.apply(AccountReader.of(state), CHAIN, MINER, reward, List.of(transfers));
  }

  static BlockEffects applied(Map<AccountId, Account> state, long reward, Transfer... transfers) {
    BlockOutcome outcome = apply(state, reward, transfers);
    if (outcome instanceof BlockEffects effects) {
      return effects;
    }
    throw new AssertionError("expected the block to apply, got " + outcome);
  }

  /** Applies a block's writes to the map and returns its effects. */
  static BlockEffects commit(Map<AccountId, Account> state, long reward, Transfer... transfers) {
    BlockEffects effects = applied(state, reward, transfers);
    effects.writes().applyTo(state);
    return effects;
  }

  static long sum(Map<AccountId, Account> state) {
    return state.values().stream().mapToLong(Account::balance).sum();
  }
}
