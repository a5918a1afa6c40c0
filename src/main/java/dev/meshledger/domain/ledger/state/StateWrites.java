package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes to the account state, in account id order so every node builds the same batch: a value
 * to store, or empty to delete the account (it was absent before).
 */
public record StateWrites(SortedMap<AccountId, Optional<Account>> values) {
  public StateWrites {
    values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
  }

  /** Applies the writes to an in-memory state. */
  public void applyTo(Map<AccountId, Account> accounts) {
    values.forEach((id, value) -> {
      if (value.isPresent()) {
        accounts.put(id, value.get());
      } else {
        accounts.remove(id);
      }
    });
  }
}
