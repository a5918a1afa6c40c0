package dev.meshledger.consensus;

import dev.meshledger.consensus.bft.Validator;
import dev.meshledger.consensus.bft.ValidatorSet;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.finality.Membership.Epoch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validator set of each height: the spec's validators, their proposer priorities moved on once per
 * height from the first (CometBFT's state carries the set from height to height the same way), and at each
 * height where a proof-of-authority vote's change takes effect, the change applied first as CometBFT's
 * UpdateWithChangeSet does. So every node computes the same proposer for every height and round. Remembers
 * the last height asked, so a node moving up one height at a time pays one step each.
 */
final class Validators {
  private final ValidatorSet first;
  private List<Epoch> epochs;
  private long lastHeight = 1;
  private ValidatorSet last;

  Validators(BftParams params) {
    this.epochs = Membership.genesis(params.validators(), params.maxValidators()).epochs();
    this.first = ValidatorSet.of(epochs.get(0).members().stream().map(m -> Validator.of(m.id(), m.power())).toList());
    this.last = first;
  }

  /** The chain's set changed: what it decided counts from now on (the heights asked so far stay as they were). */
  void update(Membership m) {
    List<Epoch> next = m.epochs();
    boolean keepsPast = next.size() >= epochs.size() && next.subList(0, epochs.size()).equals(epochs)
        && next.subList(epochs.size(), next.size()).stream().allMatch(e -> e.fromHeight() > lastHeight);
    if (!keepsPast) {
      lastHeight = 1;
      last = first;
    }
    epochs = next;
  }

  /** The members that vote at {@code height}, without proposer priorities: cheap. */
  List<Member> members(long height) {
    for (int i = epochs.size() - 1; i > 0; i--) {
      if (epochs.get(i).fromHeight() <= height) {
        return epochs.get(i).members();
      }
    }
    return epochs.get(0).members();
  }

  /** The set that votes at {@code height} (from 1). */
  ValidatorSet at(long height) {
    if (height < 1) {
      throw new IllegalArgumentException("heights to vote on start at 1: " + height);
    }
    if (height < lastHeight) {
      lastHeight = 1;
      last = first;
    }
    for (int i = 1; i < epochs.size(); i++) {
      Epoch e = epochs.get(i);
      if (e.fromHeight() > lastHeight && e.fromHeight() <= height) {
        step(e.fromHeight() - 1);
        // CometBFT: the set of height e is the set of e - 1 with the changes, then one increment
        last = changed(last, epochs.get(i - 1).members(), e.members()).incrementProposerPriority(1);
        lastHeight = e.fromHeight();
      }
    }
    step(height);
    return last;
  }

  private void step(long height) {
    long steps = height - lastHeight;
    while (steps > 0) {
      int n = (int) Math.min(steps, 1 << 20);
      last = last.incrementProposerPriority(n);
      steps -= n;
    }
    lastHeight = height;
  }

  private static ValidatorSet changed(ValidatorSet set, List<Member> before, List<Member> after) {
    Map<String, Long> old = new HashMap<>();
    before.forEach(m -> old.put(m.id(), m.power()));
    List<Validator> updates = new ArrayList<>();
    for (Member m : after) {
      Long p = old.remove(m.id());
      if (p == null || p != m.power()) {
        updates.add(Validator.of(m.id(), m.power()));
      }
    }
    return set.withUpdates(updates, old.keySet());
  }
}
