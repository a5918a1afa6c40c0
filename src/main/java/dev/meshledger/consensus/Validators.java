package dev.meshledger.consensus;

import dev.meshledger.consensus.bft.Validator;
import dev.meshledger.consensus.bft.ValidatorSet;
import dev.meshledger.domain.finality.BftParams;

/**
 * The validator set of each height under proof of authority: the spec's validators, their proposer
 * priorities moved on once per height from the first (CometBFT's state carries the set from height to
 * height the same way), so every node computes the same proposer for every height and round. Remembers
 * the last height asked, so a node moving up one height at a time pays one step each.
 */
final class Validators {
  private final ValidatorSet first;
  private long lastHeight = 1;
  private ValidatorSet last;

  Validators(BftParams params) {
    this.first = ValidatorSet.of(params.validators().stream().map(m -> Validator.of(m.id(), m.power())).toList());
    this.last = first;
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
    long steps = height - lastHeight;
    while (steps > 0) {
      int n = (int) Math.min(steps, 1 << 20);
      last = last.incrementProposerPriority(n);
      steps -= n;
    }
    lastHeight = height;
    return last;
  }
}
