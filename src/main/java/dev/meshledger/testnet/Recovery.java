package dev.meshledger.testnet;

import java.util.List;
import java.util.OptionalDouble;

/**
 * When the network recovered from a perturbation; pure. The perturbation ends at {@code endMs}
 * (the restart, the SIGCONT, the heal). Let H be the highest height any node had reached by
 * then. The network has recovered at the first later sample in which every node answers and
 * every node is past H: each has taken at least one block made after the perturbation, so the
 * chain (for bft: finality) moves again everywhere and the node hit has caught up.
 */
final class Recovery {
  private Recovery() {}

  static OptionalDouble seconds(List<Sample> samples, long endMs) {
    long highest = -1;
    for (Sample s : samples) {
      if (s.t() <= endMs) {
        highest = Math.max(highest, s.maxHeight());
      }
    }
    for (Sample s : samples) {
      if (s.t() < endMs || !s.allAnswered()) {
        continue;
      }
      if (s.minHeight() > highest) {
        return OptionalDouble.of(Math.max(0, s.t() - endMs) / 1000.0);
      }
    }
    return OptionalDouble.empty();
  }
}
