package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The votes of one (height, round, type), weighted by power: what Algorithm 1's "2f + 1 / f + 1 messages"
 * conditions read. One validator counts once: a repeat is ignored, a different vote is evidence of
 * equivocation handed back to the caller, and only the first counts.
 */
public final class VoteSet {
  /** What adding a vote did. */
  public enum Outcome { ADDED, DUPLICATE, CONFLICT, NOT_A_VALIDATOR, WRONG_SLOT }

  /** Two different signed votes of one validator for one slot: proof of equivocation. */
  public record Evidence(Vote first, Vote second) {}

  /** The outcome and, on {@link Outcome#CONFLICT}, the evidence. */
  public record Added(Outcome outcome, Optional<Evidence> evidence) {}

  private final ValidatorSet validators;
  private final long height;
  private final int round;
  private final VoteType type;
  private final Map<String, Vote> byValidator = new LinkedHashMap<>();
  private final Map<Optional<Hash>, Long> powerFor = new HashMap<>();
  private long total;

  public VoteSet(ValidatorSet validators, long height, int round, VoteType type) {
    this.validators = validators;
    this.height = height;
    this.round = round;
    this.type = type;
  }

  public Added add(Vote v) {
    if (v.height() != height || v.round() != round || v.type() != type) {
      return new Added(Outcome.WRONG_SLOT, Optional.empty());
    }
    long power = validators.power(v.validator());
    if (power == 0) {
      return new Added(Outcome.NOT_A_VALIDATOR, Optional.empty());
    }
    Vote first = byValidator.putIfAbsent(v.validator(), v);
    if (first != null) {
      return first.sameAs(v) ? new Added(Outcome.DUPLICATE, Optional.empty())
          : new Added(Outcome.CONFLICT, Optional.of(new Evidence(first, v)));
    }
    powerFor.merge(v.block(), power, Long::sum);
    total += power;
    return new Added(Outcome.ADDED, Optional.empty());
  }

  /** The power behind {@code block} (empty = nil). */
  public long powerFor(Optional<Hash> block) {
    return powerFor.getOrDefault(block, 0L);
  }

  /** Power of all counted votes, whatever they are for. */
  public long totalPower() {
    return total;
  }

  /** "+2/3 for X": more than two thirds of the set's power voted for exactly {@code block} (empty = nil). */
  public boolean hasTwoThirdsFor(Optional<Hash> block) {
    return validators.isTwoThirds(powerFor(block));
  }

  /** "+2/3 any": more than two thirds voted, for whatever. */
  public boolean hasTwoThirdsAny() {
    return validators.isTwoThirds(total);
  }

  /** The block or nil with +2/3, if any (at most one can have it). */
  public Optional<Optional<Hash>> twoThirdsMajority() {
    return powerFor.keySet().stream().filter(this::hasTwoThirdsFor).findFirst();
  }

  /** The counted votes for {@code block}: a commit when this is a precommit set with +2/3 for it. */
  public List<Vote> votesFor(Optional<Hash> block) {
    return byValidator.values().stream().filter(v -> v.block().equals(block)).toList();
  }
}
