package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Read access to the accounts as they stand before a block (a RocksDB snapshot later, a map in
 * tests). The rules only read through this and return their writes, so the caller can put the
 * writes in the same atomic batch as the block.
 */
@FunctionalInterface
public interface AccountReader {
  /** The stored account, or empty if none is stored; the undo record needs that distinction. */
  Optional<Account> find(AccountId id);

  /** The account, with an absent one read as zero balance and nonce 0. */
  default Account get(AccountId id) {
    return find(id).orElse(Account.ZERO);
  }

  /** A reader over a map (not copied: later changes to the map are seen). */
  static AccountReader of(Map<AccountId, Account> accounts) {
    Objects.requireNonNull(accounts);
    return id -> Optional.ofNullable(accounts.get(id));
  }
}
