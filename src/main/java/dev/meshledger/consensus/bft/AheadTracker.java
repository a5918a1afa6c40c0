package dev.meshledger.consensus.bft;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Who has been heard from at a later height. A message from a later height cannot be judged without that
 * height's validator set, so the core does not decide there; once f+1 of the power (so a correct process)
 * is at height H or above, the blocks below H are decided and the reactor should catch up to H by block
 * sync. One height per validator (its highest) keeps this bounded whatever a Byzantine validator sends;
 * an entry at a height the node has reached only counts towards that height, which was asked for already.
 */
final class AheadTracker {
  private final Map<String, Long> aheadAt = new HashMap<>();
  private long asked;

  /** Notes {@code validator} at {@code at}; the height to catch up to when it newly has f+1 of the power. */
  OptionalLong note(ValidatorSet vs, String validator, long at) {
    if (!vs.contains(validator)) {
      return OptionalLong.empty();
    }
    aheadAt.merge(validator, at, Math::max);
    long best = 0;
    for (long h : aheadAt.values()) {
      long power = aheadAt.entrySet().stream().filter(x -> x.getValue() >= h).mapToLong(x -> vs.power(x.getKey()))
          .sum();
      if (vs.isOneThird(power)) {
        best = Math.max(best, h);
      }
    }
    if (best > asked) {
      asked = best;
      return OptionalLong.of(best);
    }
    return OptionalLong.empty();
  }
}
