package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a block changed, kept beside it (as Bitcoin keeps undo data for its UTXO set) so a reorg
 * restores the exact earlier state.
 *
 * @param before each changed account's stored value before the block; empty if it was absent
 * @param after the same accounts' values after the block; {@link StateTransition#undo} checks the
 *     state still holds them, so undoing blocks out of order fails loudly instead of corrupting
 */
public record Undo(SortedMap<AccountId, Optional<Account>> before, SortedMap<AccountId, Account> after) {
  /** @throws IllegalArgumentException unless both name the same accounts */
  public Undo {
    before = Collections.unmodifiableSortedMap(new TreeMap<>(before));
    after = Collections.unmodifiableSortedMap(new TreeMap<>(after));
    if (!before.keySet().equals(after.keySet())) {
      throw new IllegalArgumentException("an undo record names the same accounts before and after");
    }
  }
}
