package dev.meshledger.domain.ledger.stake;

import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.ledger.AccountId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every validator's pool, who holds its shares, and what is unbonding: the state proof of stake
 * adds to the accounts. Immutable; each rule returns the state after it. Integer arithmetic with
 * rounding that always favours the pool (a bonder gets the floor, pays the ceiling), so no sequence
 * of stakes and unstakes creates tokens: tokens staked plus rewards equal the pools, the unbonding,
 * what was paid back and what was burnt.
 */
public final class StakeState {
  /** A set's total power stays below 2^60, within CometBFT's limit of MaxInt64 / 8. */
  static final int POWER_BITS = 60;

  /** A stake or unstake: the state after it, or why it was refused (then {@code state} is the one before). */
  public record Applied(StakeState state, StakeRefusal refusal) {
    public boolean ok() {
      return refusal == null;
    }
  }

  /** Unbonding entries due at a height, paid back to their owners, and the state without them. */
  public record Released(StakeState state, List<Unbonding> paid) {}

  /** A double signer's pool and unbonding cut, and how much was burnt. */
  public record Slashed(StakeState state, long burnt) {}

  public static final StakeState EMPTY = new StakeState(new TreeMap<>(), new TreeMap<>(), List.of(), 0);

  private final TreeMap<String, Pool> pools;
  private final TreeMap<String, TreeMap<AccountId, Long>> bonds;
  private final List<Unbonding> unbonding;
  /** Every token slashing burnt on this branch: gone from the supply, counted so the supply audit balances. */
  private final long burnt;

  private StakeState(TreeMap<String, Pool> pools, TreeMap<String, TreeMap<AccountId, Long>> bonds,
      List<Unbonding> unbonding, long burnt) {
    this.pools = pools;
    this.bonds = bonds;
    this.unbonding = List.copyOf(unbonding);
    this.burnt = burnt;
  }

  /** Tokens burnt by slashing so far. */
  public long burnt() {
    return burnt;
  }

  public Pool pool(String validator) {
    return pools.getOrDefault(validator, Pool.EMPTY);
  }

  public Map<String, Pool> pools() {
    return Collections.unmodifiableMap(pools);
  }

  /** The state restored from its parts (as stored): every pool's holders, keyed by validator. */
  public static StakeState of(Map<String, Pool> pools, Map<String, ? extends Map<AccountId, Long>> bonds,
      List<Unbonding> unbonding) {
    return of(pools, bonds, unbonding, 0);
  }

  /** {@link #of} with {@code burnt} tokens burnt so far. */
  public static StakeState of(Map<String, Pool> pools, Map<String, ? extends Map<AccountId, Long>> bonds,
      List<Unbonding> unbonding, long burnt) {
    if (burnt < 0) {
      throw new IllegalArgumentException("burnt tokens are never negative: " + burnt);
    }
    TreeMap<String, TreeMap<AccountId, Long>> b = new TreeMap<>();
    bonds.forEach((v, holders) -> b.put(v, new TreeMap<>(holders)));
    return new StakeState(new TreeMap<>(pools), b, unbonding, burnt);
  }

  /** Who holds how many shares of {@code validator}'s pool. */
  public Map<AccountId, Long> holders(String validator) {
    return Collections.unmodifiableMap(bonds.getOrDefault(validator, new TreeMap<>()));
  }

  /** The bonded tokens plus those unbonding: what the stake holds apart from the accounts. */
  public long held() {
    return Math.addExact(bonded(), unbonding.stream().mapToLong(Unbonding::amount).sum());
  }

  public long shares(AccountId owner, String validator) {
    return bonds.getOrDefault(validator, new TreeMap<>()).getOrDefault(owner, 0L);
  }

  /** What {@code owner}'s shares in {@code validator}'s pool are worth now, rounded down. */
  public long valueOf(AccountId owner, String validator) {
    Pool p = pool(validator);
    return p.shares() == 0 ? 0 : mulDiv(shares(owner, validator), p.tokens(), p.shares(), false);
  }

  public List<Unbonding> unbonding() {
    return unbonding;
  }

  /** Every pool's tokens: what is bonded now. */
  public long bonded() {
    return pools.values().stream().mapToLong(Pool::tokens).sum();
  }

  /** Bonds {@code amount} of {@code owner}'s tokens to {@code validator} (the caller debits the account). */
  public Applied stake(AccountId owner, String validator, long amount) {
    Pool p = pool(validator);
    if (p.tombstoned()) {
      return new Applied(this, StakeRefusal.TOMBSTONED);
    }
    if (amount > Long.MAX_VALUE - p.tokens()) {
      return new Applied(this, StakeRefusal.OVERFLOW);
    }
    // shares never exceed tokens (every rule rounds towards the pool), so they cannot overflow either
    long minted = p.shares() == 0 ? amount : mulDiv(amount, p.shares(), p.tokens(), false);
    if (minted <= 0) {
      return new Applied(this, StakeRefusal.AMOUNT_TOO_SMALL);
    }
    StakeState next = withPool(validator, new Pool(p.tokens() + amount, p.shares() + minted, false));
    next.bonds.get(validator).merge(owner, minted, Long::sum);
    return new Applied(next, null);
  }

  /**
   * Starts unbonding {@code amount} tokens of {@code owner}'s stake with {@code validator} at block
   * {@code height}: they leave the pool now and are paid back at {@code height + unbondingBlocks}.
   */
  public Applied unstake(long height, AccountId owner, String validator, long amount, StakeParams params) {
    long held = shares(owner, validator);
    long value = valueOf(owner, validator);
    if (amount <= 0) {
      return new Applied(this, StakeRefusal.AMOUNT_TOO_SMALL);
    }
    if (amount > value) {
      return new Applied(this, StakeRefusal.INSUFFICIENT_STAKE);
    }
    long open = unbonding.stream().filter(u -> u.owner().equals(owner) && u.validator().equals(validator)).count();
    if (open >= params.maxUnbonding()) {
      return new Applied(this, StakeRefusal.TOO_MANY_UNBONDING);
    }
    Pool p = pool(validator);
    long burnt = amount == value ? held : mulDiv(amount, p.shares(), p.tokens(), true);
    StakeState next = withPool(validator, new Pool(p.tokens() - amount, p.shares() - burnt, p.tombstoned()));
    TreeMap<AccountId, Long> holders = next.bonds.get(validator);
    if (held == burnt) {
      holders.remove(owner);
    } else {
      holders.put(owner, held - burnt);
    }
    List<Unbonding> queue = new ArrayList<>(unbonding);
    queue.add(new Unbonding(owner, validator, amount, height, height + params.unbondingBlocks()));
    return new Applied(new StakeState(next.pools, next.bonds, queue, this.burnt), null);
  }

  /**
   * Pays {@code amount} (the block reward and fees) to the pools of {@code set} in proportion to
   * their power; the rounding remainder goes to {@code proposer}'s pool. Bonders gain through their
   * shares. A member without a pool is skipped, its part going to the proposer too.
   */
  public StakeState reward(List<Member> set, String proposer, long amount) {
    if (amount < 0 || set.isEmpty()) {
      throw new IllegalArgumentException("a reward is never negative and goes to a set: " + amount);
    }
    long total = set.stream().mapToLong(Member::power).sum();
    TreeMap<String, Pool> next = new TreeMap<>(pools);
    long paid = 0;
    for (Member m : set) {
      Pool p = next.get(m.id());
      if (p != null && !m.id().equals(proposer)) {
        long part = mulDiv(amount, m.power(), total, false);
        next.put(m.id(), new Pool(Math.addExact(p.tokens(), part), p.shares(), p.tombstoned()));
        paid += part;
      }
    }
    Pool p = next.getOrDefault(proposer, Pool.EMPTY);
    next.put(proposer, new Pool(Math.addExact(p.tokens(), amount - paid), p.shares(), p.tombstoned()));
    return new StakeState(next, bonds, unbonding, burnt);
  }

  /** Takes out the unbonding entries due at or before {@code height}, to be credited to their owners. */
  public Released release(long height) {
    List<Unbonding> due = new ArrayList<>();
    List<Unbonding> kept = new ArrayList<>();
    for (Unbonding u : unbonding) {
      (u.releaseHeight() <= height ? due : kept).add(u);
    }
    return due.isEmpty() ? new Released(this, List.of()) : new Released(new StakeState(pools, bonds, kept, burnt), due);
  }

  /**
   * Punishes {@code validator} for a double sign at {@code infractionHeight}: burns {@code permille}
   * thousandths of its pool and of the stake that unbonded from it at or after that height (stake
   * that left before the offence is not liable), and tombstones it.
   */
  public Slashed slash(String validator, long infractionHeight, int permille) {
    if (permille < 0 || permille > 1000) {
      throw new IllegalArgumentException("permille is 0..1000: " + permille);
    }
    Pool p = pool(validator);
    long cutTotal = mulDiv(p.tokens(), permille, 1000, false);
    StakeState next = withPool(validator, new Pool(p.tokens() - cutTotal, p.shares(), true));
    List<Unbonding> queue = new ArrayList<>();
    for (Unbonding u : unbonding) {
      if (u.validator().equals(validator) && u.fromHeight() >= infractionHeight) {
        long cut = mulDiv(u.amount(), permille, 1000, false);
        cutTotal += cut;
        u = new Unbonding(u.owner(), u.validator(), u.amount() - cut, u.fromHeight(), u.releaseHeight());
      }
      queue.add(u);
    }
    return new Slashed(new StakeState(next.pools, next.bonds, queue, Math.addExact(burnt, cutTotal)), cutTotal);
  }

  /**
   * The set this stake elects: pools not tombstoned holding at least {@code minStake}, the largest
   * {@code maxValidators} (ties to the lower id), power = tokens, halved as often as needed to keep the
   * total within CometBFT's limit. Empty when no pool qualifies: the caller keeps the set it has.
   */
  public Optional<List<Member>> elect(StakeParams params) {
    List<Map.Entry<String, Pool>> ranked = new ArrayList<>();
    for (Map.Entry<String, Pool> e : pools.entrySet()) {
      if (!e.getValue().tombstoned() && e.getValue().tokens() >= params.minStake()) {
        ranked.add(e);
      }
    }
    ranked.sort(Comparator.<Map.Entry<String, Pool>>comparingLong(e -> e.getValue().tokens()).reversed()
        .thenComparing(Map.Entry::getKey));
    List<Map.Entry<String, Pool>> top = ranked.subList(0, Math.min(params.maxValidators(), ranked.size()));
    BigInteger total = BigInteger.ZERO;
    for (Map.Entry<String, Pool> e : top) {
      total = total.add(BigInteger.valueOf(e.getValue().tokens()));
    }
    int shift = Math.max(0, total.bitLength() - POWER_BITS);
    List<Member> set = new ArrayList<>();
    for (Map.Entry<String, Pool> e : top) {
      long power = e.getValue().tokens() >> shift;
      if (power > 0) {
        set.add(new Member(e.getKey(), power));
      }
    }
    set.sort(Comparator.comparing(Member::id));
    return set.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(set));
  }

  private StakeState withPool(String validator, Pool p) {
    TreeMap<String, Pool> nextPools = new TreeMap<>(pools);
    nextPools.put(validator, p);
    TreeMap<String, TreeMap<AccountId, Long>> nextBonds = new TreeMap<>(bonds);
    nextBonds.put(validator, new TreeMap<>(bonds.getOrDefault(validator, new TreeMap<>())));
    return new StakeState(nextPools, nextBonds, unbonding, burnt);
  }

  /** {@code a * b / c} without overflow, rounded down or up; the result fits a long by the callers' rules. */
  static long mulDiv(long a, long b, long c, boolean up) {
    BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(c));
    BigInteger q = up && qr[1].signum() != 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    return q.longValueExact();
  }
}
