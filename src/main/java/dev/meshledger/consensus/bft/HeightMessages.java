package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything heard at one height, by round: the first proposal of each round's proposer, the vote tallies,
 * who sent anything (for the f+1 round skip) and the caller's verdicts on blocks. Kept apart from the rules
 * so {@link TendermintCore} reads as Algorithm 1.
 */
final class HeightMessages {
  private final long height;
  private final ValidatorSet validators;
  private final Map<Integer, String> proposers = new HashMap<>();
  private final Map<Integer, Proposal> proposals = new HashMap<>();
  private final Map<Integer, VoteSet> prevotes = new HashMap<>();
  private final Map<Integer, VoteSet> precommits = new HashMap<>();
  private final Map<Integer, Set<String>> senders = new HashMap<>();
  private final Map<Hash, Boolean> validity = new HashMap<>();

  HeightMessages(long height, ValidatorSet validators) {
    this.height = height;
    this.validators = validators;
  }

  ValidatorSet validators() {
    return validators;
  }

  String proposer(int round) {
    return proposers.computeIfAbsent(round, validators::proposer);
  }

  /** The first proposal of the round's proposer is kept; a different second one comes back as evidence. */
  Optional<Proposal> addProposal(Proposal p) {
    if (p.height() != height || !p.proposer().equals(proposer(p.round()))) {
      return Optional.empty();
    }
    Proposal first = proposals.putIfAbsent(p.round(), p);
    sent(p.round(), p.proposer());
    return first == null || first.equals(p) ? Optional.empty() : Optional.of(first);
  }

  Optional<Proposal> proposal(int round) {
    return Optional.ofNullable(proposals.get(round));
  }

  VoteSet.Added addVote(Vote v) {
    VoteSet.Added added = votes(v.type(), v.round()).add(v);
    if (added.outcome() == VoteSet.Outcome.ADDED) {
      sent(v.round(), v.validator());
    }
    return added;
  }

  VoteSet votes(VoteType type, int round) {
    Map<Integer, VoteSet> m = type == VoteType.PREVOTE ? prevotes : precommits;
    return m.computeIfAbsent(round, r -> new VoteSet(validators, height, r, type));
  }

  private void sent(int round, String validator) {
    senders.computeIfAbsent(round, r -> new HashSet<>()).add(validator);
  }

  /** The highest round above {@code round} from which validators with f+1 power sent something. */
  Optional<Integer> highestRoundWithOneThirdAbove(int round) {
    return senders.entrySet().stream()
        .filter(e -> e.getKey() > round)
        .filter(e -> validators.isOneThird(e.getValue().stream().mapToLong(validators::power).sum()))
        .map(Map.Entry::getKey)
        .max(Integer::compare);
  }

  /** Rounds with a precommit tally, lowest first, for the commit rule that looks at every round. */
  Set<Integer> precommitRounds() {
    return new TreeSet<>(precommits.keySet());
  }

  void setValidity(Hash block, boolean valid) {
    validity.put(block, valid);
  }

  /** The caller's verdict on {@code block}, empty while it has not said. */
  Optional<Boolean> validity(Hash block) {
    return Optional.ofNullable(validity.get(block));
  }
}
