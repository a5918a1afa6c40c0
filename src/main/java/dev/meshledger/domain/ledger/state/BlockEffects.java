package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A valid block's effect on the state.
 *
 * @param undo the changed accounts before and after; {@link #writes()} are its after values
 * @param fees the sum of the transfers' fees, paid to the producer
 * @param supplyIncrease the value the block creates: its reward (fees only move value)
 */
public record BlockEffects(Undo undo, long fees, long supplyIncrease) implements BlockOutcome {
  /** The changed accounts' new values, to store with the block. */
  public StateWrites writes() {
    TreeMap<AccountId, Optional<Account>> values = new TreeMap<>();
    undo.after().forEach((id, account) -> values.put(id, Optional.of(account)));
    return new StateWrites(values);
  }
}
