package dev.meshledger.mempool;

import dev.meshledger.config.MempoolLimits;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.mempool.AddResult.Accepted;
import dev.meshledger.mempool.AddResult.Reason;
import dev.meshledger.mempool.AddResult.Refused;
import dev.meshledger.mempool.AddResult.Replaced;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Transfers waiting for a block: the rules of admission, replacement, eviction and expiry. Pure
 * and single-threaded: time and the ledger state are arguments, and signatures were checked
 * before a transfer gets here.
 */
public final class Mempool {
  private final String chainId;
  private final MempoolLimits limits;
  private final Map<Hash, Pending> byId = new HashMap<>();
  private final Map<AccountId, TreeMap<Long, Pending>> byAccount = new HashMap<>();
  private final TreeSet<Pending> byRate = new TreeSet<>(Pending.BY_RATE);
  /** Each account's highest-nonce transfer: the only ones eviction may take. */
  private final TreeSet<Pending> tails = new TreeSet<>(Pending.BY_RATE);
  private long bytes;
  /** The highest rate evicted since the pool was last half empty (Core's rolling minimum fee). */
  private FeeRate floor;

  public Mempool(String chainId, MempoolLimits limits) {
    this.chainId = java.util.Objects.requireNonNull(chainId, "chainId");
    this.limits = java.util.Objects.requireNonNull(limits, "limits");
  }

  /**
   * Admits a transfer, replaces the same account's same-nonce one, or refuses with a reason. Checks
   * run in a fixed order (form, chain, duplicate, nonce, fee, bump, account slots, funds, floor,
   * room), so one transfer always gets the same answer; a refusal leaves the pool unchanged.
   *
   * @param sizeBytes the transfer's encoded size, which fee rates and the byte cap count
   * @param state the confirmed ledger, for the sender's balance and next nonce
   */
  public AddResult add(Transfer t, int sizeBytes, long nowMillis, AccountView state) {
    Reason reason = check(t, sizeBytes, state);
    if (reason != null) {
      return new Refused(reason);
    }
    Pending old = queue(t.from()).get(t.nonce());
    Pending fresh = new Pending(t, sizeBytes, nowMillis);
    if (old != null) {
      remove(old);
    } else if (floor != null && fresh.rate().compareTo(floor) <= 0) {
      return new Refused(Reason.FEE_TOO_LOW);
    }
    List<Pending> evicted = new ArrayList<>();
    Reason full = makeRoom(fresh, evicted);
    if (full != null) {
      evicted.forEach(this::insert);
      if (old != null) {
        insert(old);
      }
      return new Refused(full);
    }
    insert(fresh);
    return old == null ? new Accepted(List.copyOf(evicted)) : new Replaced(old, List.copyOf(evicted));
  }

  /** The refusals that need no change to the pool, or null. */
  private Reason check(Transfer t, int sizeBytes, AccountView state) {
    // Negative amounts, fees and nonces cannot be built (Transfer refuses them); a size can be wrong.
    if (sizeBytes <= 0) {
      return Reason.MALFORMED_TRANSACTION;
    }
    if (!chainId.equals(t.chainId())) {
      return Reason.WRONG_CHAIN;
    }
    if (byId.containsKey(t.id())) {
      return Reason.DUPLICATE;
    }
    long next = state.nextNonce(t.from());
    if (t.nonce() < next) {
      return Reason.NONCE_TOO_LOW;
    }
    if (t.nonce() - next > limits.maxNonceGap()) {
      return Reason.NONCE_TOO_HIGH;
    }
    if (t.fee() < limits.minFee()) {
      return Reason.FEE_TOO_LOW;
    }
    TreeMap<Long, Pending> queue = queue(t.from());
    Pending old = queue.get(t.nonce());
    if (old != null && !bumped(t.fee(), old.transfer().fee())) {
      return Reason.FEE_TOO_LOW;
    }
    if (old == null && queue.size() >= limits.maxPerAccount()) {
      return Reason.ACCOUNT_LIMIT;
    }
    if (!affordable(t, queue, state.balance(t.from()))) {
      return Reason.INSUFFICIENT_FUNDS;
    }
    return null;
  }

  /** fee >= old * (100 + bump%) / 100, exactly. */
  private boolean bumped(long fee, long oldFee) {
    return FeeRate.compareProducts(fee, 100, oldFee, 100L + limits.replaceBumpPercent()) >= 0;
  }

  /** Whether the balance pays the debit (amount+fee; an unstake's fee) of t and of every pending lower-nonce transfer; overflow cannot. */
  private static boolean affordable(Transfer t, TreeMap<Long, Pending> queue, long balance) {
    try {
      long cost = t.debit();
      for (Pending p : queue.headMap(t.nonce(), false).values()) {
        cost = Math.addExact(cost, p.transfer().debit());
      }
      return cost <= balance;
    } catch (ArithmeticException overflow) {
      return false;
    }
  }

  /**
   * Evicts the lowest-rate account tails until fresh fits, never one fresh depends on (its account's
   * lower nonces). Returns the refusal if it cannot; the caller restores what was evicted.
   */
  private Reason makeRoom(Pending fresh, List<Pending> evicted) {
    while (byId.size() + 1 > limits.maxCount() || bytes + fresh.sizeBytes() > limits.maxBytes()) {
      Pending victim = tails.stream()
          .filter(p -> !p.from().equals(fresh.from()) || p.nonce() > fresh.nonce())
          .findFirst().orElse(null);
      if (victim == null) {
        return Reason.MEMPOOL_FULL;
      }
      if (fresh.rate().compareTo(victim.rate()) <= 0) {
        return Reason.FEE_TOO_LOW;
      }
      remove(victim);
      evicted.add(victim);
    }
    for (Pending p : evicted) {
      if (floor == null || p.rate().compareTo(floor) > 0) {
        floor = p.rate();
      }
    }
    return null;
  }

  /** Drops transfers that waited longer than expiryMillis, and their account's later nonces. */
  public List<Pending> expire(long nowMillis) {
    List<Pending> dropped = new ArrayList<>();
    for (TreeMap<Long, Pending> queue : List.copyOf(byAccount.values())) {
      Pending first = queue.values().stream()
          .filter(p -> nowMillis - p.addedMillis() > limits.expiryMillis()).findFirst().orElse(null);
      if (first != null) {
        dropped.addAll(queue.tailMap(first.nonce(), true).values());
      }
    }
    dropped.forEach(this::remove);
    relaxFloor();
    return dropped;
  }

  /**
   * The state refused a pending transfer while a block was built on the head (an unstake of stake another
   * pending one took): it goes, with its account's later nonces, which cannot apply without it. Otherwise it
   * would wait for its expiry and hold the account's later transfers back. Empty if it is not pending.
   */
  public List<Pending> evict(Hash id) {
    Pending p = byId.get(id);
    if (p == null) {
      return List.of();
    }
    List<Pending> dropped = List.copyOf(byAccount.get(p.from()).tailMap(p.nonce(), true).values());
    dropped.forEach(this::remove);
    relaxFloor();
    return dropped;
  }

  /** A block was added: drops what it included, and what its senders' new nonces made stale. */
  public List<Pending> onBlock(List<Transfer> included, AccountView after) {
    Set<Pending> dropped = new LinkedHashSet<>();
    for (Transfer t : included) {
      Pending same = byId.get(t.id());
      if (same != null) {
        dropped.add(same);
      }
      TreeMap<Long, Pending> queue = byAccount.get(t.from());
      if (queue != null) { // a sender with nothing pending costs no state read (a sync adds thousands)
        dropped.addAll(queue.headMap(after.nextNonce(t.from()), false).values());
      }
    }
    dropped.forEach(this::remove);
    relaxFloor();
    return List.copyOf(dropped);
  }

  /** A reorg abandoned a branch: its transfers that are still valid come back, each account in nonce order. */
  public List<AddResult> readd(List<Pending> abandoned, long nowMillis, AccountView state) {
    List<Pending> ordered = new ArrayList<>(abandoned);
    ordered.sort(Comparator.comparing(Pending::from).thenComparingLong(Pending::nonce));
    List<AddResult> results = new ArrayList<>();
    for (Pending p : ordered) {
      results.add(add(p.transfer(), p.sizeBytes(), nowMillis, state));
    }
    return results;
  }

  /** For a block producer: see {@link Selection}. */
  public List<Pending> select(long maxBytes, AccountView state) {
    return Selection.select(byAccount, maxBytes, state);
  }

  public MempoolLimits limits() {
    return limits;
  }

  public int count() {
    return byId.size();
  }

  public long bytes() {
    return bytes;
  }

  /** The smallest fee a new transfer of this size can pay now: minFee, or above the floor of a full pool. */
  public long minFee(int sizeBytes) {
    return floor == null ? limits.minFee() : Math.max(limits.minFee(), floor.feeAbove(sizeBytes));
  }

  /** The rate a new transfer must beat, if the pool has had to evict; empty otherwise. */
  public Optional<FeeRate> minFeeRate() {
    return Optional.ofNullable(floor);
  }

  /** The n highest fee rates, highest first. */
  public List<Pending> top(int n) {
    return byRate.descendingSet().stream().limit(n).toList();
  }

  public Optional<Pending> get(Hash id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The next nonce counting pending transfers: past the confirmed one while the pool holds it. */
  public long pendingNonce(AccountId account, AccountView state) {
    long nonce = state.nextNonce(account);
    TreeMap<Long, Pending> queue = byAccount.getOrDefault(account, new TreeMap<>());
    while (queue.containsKey(nonce)) {
      nonce++;
    }
    return nonce;
  }

  /** Core lets its minimum fee decay once the pool has room; ours resets when it is half empty. */
  private void relaxFloor() {
    if (2L * byId.size() <= limits.maxCount() && 2 * bytes <= limits.maxBytes()) {
      floor = null;
    }
  }

  private TreeMap<Long, Pending> queue(AccountId account) {
    return byAccount.getOrDefault(account, new TreeMap<>());
  }

  private void insert(Pending p) {
    TreeMap<Long, Pending> queue = byAccount.computeIfAbsent(p.from(), a -> new TreeMap<>());
    if (!queue.isEmpty()) {
      tails.remove(queue.lastEntry().getValue());
    }
    queue.put(p.nonce(), p);
    tails.add(queue.lastEntry().getValue());
    byId.put(p.id(), p);
    byRate.add(p);
    bytes += p.sizeBytes();
  }

  private void remove(Pending p) {
    TreeMap<Long, Pending> queue = byAccount.get(p.from());
    tails.remove(queue.lastEntry().getValue());
    queue.remove(p.nonce());
    if (queue.isEmpty()) {
      byAccount.remove(p.from());
    } else {
      tails.add(queue.lastEntry().getValue());
    }
    byId.remove(p.id());
    byRate.remove(p);
    bytes -= p.sizeBytes();
  }
}
