package dev.meshledger.domain.finality;

import dev.meshledger.domain.finality.BftParams.Member;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The validator set of a proof-of-authority chain as its blocks' votes change it (Clique's and QBFT's
 * rules): each block's proposer may carry one {@link ValidatorVote}; once more than half of the decided
 * set has voted the same way on one node, the change is decided, every vote on that node is dropped, and
 * the new set votes from two heights later (so the next block's proposer and voters are already known
 * when it is built). A removed validator's open votes are dropped too. Immutable: {@link #apply} returns
 * the state after one block; the same blocks give every node the same sets.
 *
 * <p>Under proof of authority power is equal: a node voted in gets the smallest power of the set.
 */
public final class Membership {
  /** Why a block's vote is refused, or null for a vote that may be applied. */
  public enum Refusal { VOTER_LEAVING, ALREADY_MEMBER, NOT_MEMBER, LAST_VALIDATOR, SET_FULL }

  /** The members that vote from {@code fromHeight} on (until the next epoch's start). */
  public record Epoch(long fromHeight, List<Member> members) {
    public Epoch {
      members = List.copyOf(members);
    }
  }

  private final List<Epoch> epochs;
  /** Subject -> the decided members that voted on it, sorted for one iteration order on every node. */
  private final Map<String, Set<String>> tally;
  /** The spec's {@code maxValidators}: no vote grows the set past it (it also bounds a commit's signatures). */
  private final int maxMembers;

  private Membership(List<Epoch> epochs, Map<String, Set<String>> tally, int maxMembers) {
    this.epochs = List.copyOf(epochs);
    this.tally = tally;
    this.maxMembers = maxMembers;
  }

  /** The genesis validators, voting from height 1, with no votes cast and no bound on the set's size. */
  public static Membership genesis(List<Member> validators) {
    return genesis(validators, Integer.MAX_VALUE);
  }

  /** The genesis validators, voting from height 1, with no votes cast; no vote adds a member past {@code maxMembers}. */
  public static Membership genesis(List<Member> validators, int maxMembers) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a validator set is not empty");
    }
    if (validators.size() > maxMembers) {
      throw new IllegalArgumentException(validators.size() + " validators, more than the " + maxMembers + " allowed");
    }
    return new Membership(List.of(new Epoch(1, sorted(validators))), new TreeMap<>(), maxMembers);
  }

  /** The state restored from its parts (as stored), checked as {@link #genesis} checks. */
  public static Membership of(List<Epoch> epochs, Map<String, Set<String>> tally) {
    if (epochs.isEmpty() || epochs.get(0).fromHeight() != 1) {
      throw new IllegalArgumentException("the first epoch starts at height 1");
    }
    for (int i = 1; i < epochs.size(); i++) {
      if (epochs.get(i).fromHeight() <= epochs.get(i - 1).fromHeight()) {
        throw new IllegalArgumentException("epochs start at rising heights");
      }
    }
    Map<String, Set<String>> copy = new TreeMap<>();
    tally.forEach((s, voters) -> copy.put(s, Collections.unmodifiableSet(new TreeSet<>(voters))));
    return new Membership(epochs, copy, Integer.MAX_VALUE);
  }

  /** The members that vote on block {@code height} (from 1). */
  public List<Member> at(long height) {
    if (height < 1) {
      throw new IllegalArgumentException("heights to vote on start at 1: " + height);
    }
    for (int i = epochs.size() - 1; i >= 0; i--) {
      if (epochs.get(i).fromHeight() <= height) {
        return epochs.get(i).members();
      }
    }
    throw new IllegalStateException("the first epoch starts at height 1");
  }

  /** The set after every decision so far, including those not in force yet: what new votes count against. */
  public List<Member> decided() {
    return epochs.get(epochs.size() - 1).members();
  }

  public List<Epoch> epochs() {
    return epochs;
  }

  /** Open votes: subject -> voters. */
  public Map<String, Set<String>> tally() {
    return Collections.unmodifiableMap(tally);
  }

  /** Why {@code proposer}'s vote may not go into a block, or empty when it may. */
  public Optional<Refusal> check(String proposer, ValidatorVote vote) {
    List<Member> set = decided();
    if (!contains(set, proposer)) {
      return Optional.of(Refusal.VOTER_LEAVING);
    }
    boolean member = contains(set, vote.subject());
    if (vote.add() && member) {
      return Optional.of(Refusal.ALREADY_MEMBER);
    }
    if (!vote.add() && !member) {
      return Optional.of(Refusal.NOT_MEMBER);
    }
    if (!vote.add() && set.size() == 1) {
      return Optional.of(Refusal.LAST_VALIDATOR);
    }
    if (vote.add() && set.size() >= maxMembers) {
      return Optional.of(Refusal.SET_FULL);
    }
    return Optional.empty();
  }

  /** The state after block {@code height}, proposed by {@code proposer} with {@code vote} (null: none). */
  public Membership apply(long height, String proposer, ValidatorVote vote) {
    if (vote == null) {
      return this;
    }
    Optional<Refusal> refusal = check(proposer, vote);
    if (refusal.isPresent()) {
      throw new IllegalArgumentException("vote refused: " + refusal.get());
    }
    Map<String, Set<String>> next = new TreeMap<>(tally);
    Set<String> voters = new TreeSet<>(tally.getOrDefault(vote.subject(), Set.of()));
    voters.add(proposer);
    List<Member> set = decided();
    if (voters.size() * 2L <= set.size()) {
      next.put(vote.subject(), Collections.unmodifiableSet(voters));
      return new Membership(epochs, next, maxMembers);
    }
    next.remove(vote.subject());
    List<Member> members = new ArrayList<>(set);
    if (vote.add()) {
      long power = set.stream().mapToLong(Member::power).min().orElseThrow();
      members.add(new Member(vote.subject(), power));
    } else {
      members.removeIf(m -> m.id().equals(vote.subject()));
      next.replaceAll((s, v) -> without(v, vote.subject()));
      next.values().removeIf(Set::isEmpty);
    }
    long from = height + 2;
    if (from <= epochs.get(epochs.size() - 1).fromHeight()) {
      throw new IllegalArgumentException("blocks are applied in height order: " + height);
    }
    List<Epoch> grown = new ArrayList<>(epochs);
    grown.add(new Epoch(from, sorted(members)));
    return new Membership(grown, next, maxMembers);
  }

  private static Set<String> without(Set<String> voters, String gone) {
    if (!voters.contains(gone)) {
      return voters;
    }
    Set<String> s = new TreeSet<>(voters);
    s.remove(gone);
    return Collections.unmodifiableSet(s);
  }

  private static boolean contains(List<Member> set, String id) {
    return set.stream().anyMatch(m -> m.id().equals(id));
  }

  private static List<Member> sorted(List<Member> members) {
    List<Member> s = new ArrayList<>(members);
    s.sort((a, b) -> a.id().compareTo(b.id()));
    for (int i = 1; i < s.size(); i++) {
      if (s.get(i).id().equals(s.get(i - 1).id())) {
        throw new IllegalArgumentException("validator listed twice: " + s.get(i).id());
      }
    }
    return s;
  }
}
