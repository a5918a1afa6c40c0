package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.ledger.AccountId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The block's view: the state plus its own writes so far, and each touched account's value before. */
final class Working {
  private final AccountReader state;
  private final Map<AccountId, Account> written = new HashMap<>();
  private final TreeMap<AccountId, Optional<Account>> before = new TreeMap<>();

  Working(AccountReader state) {
    this.state = state;
  }

  Account get(AccountId id) {
    Account a = written.get(id);
    return a != null ? a : state.get(id);
  }

  void put(AccountId id, Account value) {
    before.computeIfAbsent(id, state::find);
    written.put(id, value);
  }

  /** Only the accounts whose value changed; an untouched empty account stays absent. */
  Undo undo() {
    TreeMap<AccountId, Optional<Account>> was = new TreeMap<>();
    TreeMap<AccountId, Account> now = new TreeMap<>();
    before.forEach((id, value) -> {
      Account next = written.get(id);
      if (!next.equals(value.orElse(Account.ZERO))) {
        was.put(id, value);
        now.put(id, next);
      }
    });
    return new Undo(was, now);
  }
}
