package dev.meshledger.consensus.bft;

/**
 * Timeouts that grow with the round, {@code base + round * delta} (CometBFT's timeout_propose and
 * timeout_propose_delta, ...): after GST some round's timeouts are long enough for correct processes to
 * hear each other, which is what Algorithm 1's liveness needs. Values come from the node's config.
 */
public record TimeoutConfig(long proposeBase, long proposeDelta, long prevoteBase, long prevoteDelta,
    long precommitBase, long precommitDelta) {
  public TimeoutConfig {
    if (proposeBase < 0 || proposeDelta < 0 || prevoteBase < 0 || prevoteDelta < 0 || precommitBase < 0
        || precommitDelta < 0) {
      throw new IllegalArgumentException("timeouts are not negative");
    }
  }

  /** The delay in milliseconds of {@code kind} in round {@code round}. */
  public long delayMs(TimeoutKind kind, int round) {
    return switch (kind) {
      case PROPOSE -> proposeBase + round * proposeDelta;
      case PREVOTE -> prevoteBase + round * prevoteDelta;
      case PRECOMMIT -> precommitBase + round * precommitDelta;
    };
  }
}
