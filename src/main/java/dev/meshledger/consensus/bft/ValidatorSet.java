package dev.meshledger.consensus.bft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validators of one height and CometBFT's weighted round robin (types/validator_set.go): each step
 * every priority grows by its power and the highest (ties to the lower id) is proposer and pays the total
 * back. Immutable: {@link #incrementProposerPriority} returns the next set, so a round's proposer is a pure
 * function of the height's set. Integer arithmetic only, so every node computes the same proposer.
 */
public final class ValidatorSet {
  /** CometBFT's MaxTotalVotingPower (MaxInt64 / 8): priorities cannot overflow below it. */
  public static final long MAX_TOTAL_POWER = Long.MAX_VALUE / 8;
  /** CometBFT's PriorityWindowSizeFactor: priorities stay within 2 x total power of each other. */
  static final long PRIORITY_WINDOW_SIZE_FACTOR = 2;

  private final Map<String, Validator> byId;
  private final long total;
  private final Validator proposer;

  private ValidatorSet(Map<String, Validator> byId, Validator proposer) {
    this.byId = byId;
    this.total = byId.values().stream().mapToLong(Validator::power).sum();
    this.proposer = proposer;
  }

  /** CometBFT's NewValidatorSet: all enter as new, are centred, then one increment picks the first proposer. */
  public static ValidatorSet of(List<Validator> validators) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a validator set is not empty");
    }
    return new ValidatorSet(new TreeMap<>(), null).withUpdates(validators).incrementProposerPriority(1);
  }

  /** A set with the priorities given, as a node restores it (and as tests pin CometBFT's arithmetic). */
  static ValidatorSet withPriorities(List<Validator> validators) {
    return new ValidatorSet(index(validators), null);
  }

  private static Map<String, Validator> index(List<Validator> validators) {
    Map<String, Validator> m = new TreeMap<>();
    for (Validator v : validators) {
      if (m.put(v.id(), v) != null) {
        throw new IllegalArgumentException("validator listed twice: " + v.id());
      }
    }
    long sum = 0;
    for (Validator v : m.values()) {
      sum += v.power();
      if (sum > MAX_TOTAL_POWER) {
        throw new IllegalArgumentException("total voting power exceeds " + MAX_TOTAL_POWER);
      }
    }
    return m;
  }

  /** {@link #withUpdates(List, Collection)} without removals. */
  public ValidatorSet withUpdates(List<Validator> updates) {
    return withUpdates(updates, List.of());
  }

  /**
   * CometBFT's UpdateWithChangeSet (a removal is its change to power 0): an updated validator keeps its
   * priority, a new one starts at -(T + T/8) with T the total power after the updates and before the
   * removals (so leaving and rejoining cannot reset a negative priority), the removed leave, then the set
   * is rescaled and centred. The proposer is left to the next increment.
   *
   * @throws IllegalArgumentException when a removed id is not in the set, is also updated, or the set
   *     would be empty (CometBFT refuses these change sets too)
   */
  public ValidatorSet withUpdates(List<Validator> updates, Collection<String> removals) {
    Map<String, Validator> next = new TreeMap<>(byId);
    for (Validator u : index(updates).values()) {
      next.put(u.id(), u);
    }
    long after = index(new ArrayList<>(next.values())).values().stream().mapToLong(Validator::power).sum();
    for (Validator u : updates) {
      Validator old = byId.get(u.id());
      next.put(u.id(), u.withPriority(old == null ? -(after + (after >> 3)) : old.priority()));
    }
    for (String gone : Set.copyOf(removals)) {
      if (!byId.containsKey(gone) || updates.stream().anyMatch(u -> u.id().equals(gone))) {
        throw new IllegalArgumentException("a removed validator is in the set and not updated too: " + gone);
      }
      next.remove(gone);
    }
    if (next.isEmpty()) {
      throw new IllegalArgumentException("the changes would remove every validator");
    }
    return new ValidatorSet(next, null).rescaleAndCentre();
  }

  /** CometBFT's IncrementProposerPriority(times): rescale, centre, then {@code times} single steps. */
  public ValidatorSet incrementProposerPriority(int times) {
    if (times <= 0) {
      throw new IllegalArgumentException("times is positive: " + times);
    }
    ValidatorSet s = rescaleAndCentre();
    for (int i = 0; i < times; i++) {
      s = s.step();
    }
    return s;
  }

  /** The proposer of round {@code round} of this set's height (CometBFT increments by the round number). */
  public String proposer(int round) {
    return round == 0 ? proposer() : incrementProposerPriority(round).proposer();
  }

  /** The proposer chosen by the last increment. */
  public String proposer() {
    if (proposer == null) {
      throw new IllegalStateException("no increment yet: the proposer is chosen by incrementProposerPriority");
    }
    return proposer.id();
  }

  private ValidatorSet rescaleAndCentre() {
    long diffMax = PRIORITY_WINDOW_SIZE_FACTOR * total;
    long max = byId.values().stream().mapToLong(Validator::priority).max().orElseThrow();
    long min = byId.values().stream().mapToLong(Validator::priority).min().orElseThrow();
    long diff = max - min;
    // ceil(diff / diffMax); Go's int64 division truncates toward zero, as Java's does
    long ratio = (diff + diffMax - 1) / diffMax;
    long sum = 0;
    List<Validator> scaled = new ArrayList<>();
    for (Validator v : byId.values()) {
      Validator w = diff > diffMax ? v.withPriority(v.priority() / ratio) : v;
      scaled.add(w);
      sum += w.priority();
    }
    // big.Int.Div is Euclidean: for a positive divisor it rounds toward minus infinity
    long avg = Math.floorDiv(sum, (long) scaled.size());
    List<Validator> centred = new ArrayList<>();
    for (Validator v : scaled) {
      centred.add(v.withPriority(v.priority() - avg));
    }
    return new ValidatorSet(index(centred), proposer);
  }

  private ValidatorSet step() {
    List<Validator> grown = new ArrayList<>();
    for (Validator v : byId.values()) {
      grown.add(v.withPriority(v.priority() + v.power()));
    }
    Validator most = grown.stream()
        .max(Comparator.comparingLong(Validator::priority).thenComparing(Validator::id, Comparator.reverseOrder()))
        .orElseThrow();
    Validator paid = most.withPriority(most.priority() - total);
    grown.replaceAll(v -> v.id().equals(paid.id()) ? paid : v);
    return new ValidatorSet(index(grown), paid);
  }

  public long totalPower() {
    return total;
  }

  /** The voting power of {@code id}, 0 when it is not a validator of this set. */
  public long power(String id) {
    Validator v = id == null ? null : byId.get(id);
    return v == null ? 0 : v.power();
  }

  public boolean contains(String id) {
    return power(id) > 0;
  }

  public Optional<Validator> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public List<Validator> validators() {
    return List.copyOf(byId.values());
  }

  /** More than two thirds of the total power: the quorum of Algorithm 1's "2f + 1". */
  public boolean isTwoThirds(long power) {
    return power * 3 > total * 2;
  }

  /** More than one third of the total power: Algorithm 1's "f + 1", at least one correct process. */
  public boolean isOneThird(long power) {
    return power * 3 > total;
  }
}
