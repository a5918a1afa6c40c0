package dev.meshledger.mempool;

import dev.meshledger.domain.ledger.AccountId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * What a block producer takes: the highest fee rate first among each account's next transfer, and
 * per account strictly in nonce order from the confirmed next nonce, so a block never holds a gap.
 * An account whose next transfer does not fit, or cannot be paid, contributes nothing further.
 */
final class Selection {
  private Selection() {}

  static List<Pending> select(Map<AccountId, TreeMap<Long, Pending>> byAccount, long maxBytes, AccountView state) {
    PriorityQueue<Pending> heads = new PriorityQueue<>(Pending.BY_RATE.reversed());
    Map<AccountId, Long> left = new HashMap<>();
    for (Map.Entry<AccountId, TreeMap<Long, Pending>> e : byAccount.entrySet()) {
      Pending head = e.getValue().get(state.nextNonce(e.getKey()));
      if (head != null) {
        heads.add(head);
        left.put(e.getKey(), state.balance(e.getKey()));
      }
    }
    List<Pending> chosen = new ArrayList<>();
    long room = maxBytes;
    while (!heads.isEmpty()) {
      Pending p = heads.poll();
      long cost = p.transfer().debit(); // admission refused overflowing sums
      long balance = left.get(p.from());
      if (p.sizeBytes() > room || cost < 0 || cost > balance) {
        continue;
      }
      chosen.add(p);
      room -= p.sizeBytes();
      left.put(p.from(), balance - cost);
      Pending next = byAccount.get(p.from()).get(p.nonce() + 1);
      if (next != null) {
        heads.add(next);
      }
    }
    return chosen;
  }
}
