package dev.meshledger.domain.finality;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A BFT network's rules from its chain spec: its timing and its validators with their voting power
 * (proof of authority: the spec's list).
 *
 * @param blockPeriodMs the time between blocks when nothing is waiting to be included
 * @param maxValidators the most validators the set may hold; a commit with more signatures is refused
 *     before any of them is verified, so a forged commit costs at most this many checks
 */
public record BftParams(long blockPeriodMs, long timeoutProposeMs, long timeoutPrevoteMs, long timeoutPrecommitMs,
    List<Member> validators, int maxValidators) {
  /** The spec's default {@code maxValidators}: CometBFT networks run 100-200; 100 verifications is ~10 ms. */
  public static final int DEFAULT_MAX_VALIDATORS = 100;

  /** A validator: node id (64 lowercase hex digits) and voting power. */
  public record Member(String id, long power) {
    public Member {
      Objects.requireNonNull(id, "id");
      if (power <= 0) {
        throw new IllegalArgumentException("voting power is positive");
      }
    }
  }

  public BftParams {
    validators = List.copyOf(validators);
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a BFT chain has at least one validator");
    }
    if (blockPeriodMs < 0 || timeoutProposeMs < 0 || timeoutPrevoteMs < 0 || timeoutPrecommitMs < 0) {
      throw new IllegalArgumentException("periods and timeouts are not negative");
    }
    if (validators.size() > maxValidators || maxValidators > Commit.MAX_SIGNATURES) {
      throw new IllegalArgumentException(validators.size() + " validators, at most " + maxValidators
          + " allowed (itself at most " + Commit.MAX_SIGNATURES + ")");
    }
  }

  /** With the default {@link #DEFAULT_MAX_VALIDATORS}, or the validators' count if that is larger. */
  public BftParams(long blockPeriodMs, long timeoutProposeMs, long timeoutPrevoteMs, long timeoutPrecommitMs,
      List<Member> validators) {
    this(blockPeriodMs, timeoutProposeMs, timeoutPrevoteMs, timeoutPrecommitMs, validators,
        Math.max(DEFAULT_MAX_VALIDATORS, validators.size()));
  }

  /** Voting power by node id. */
  public Map<String, Long> powers() {
    Map<String, Long> m = new HashMap<>();
    validators.forEach(v -> m.put(v.id(), v.power()));
    return m;
  }

  public long totalPower() {
    return validators.stream().mapToLong(Member::power).sum();
  }

  public boolean isValidator(String id) {
    return validators.stream().anyMatch(v -> v.id().equals(id));
  }
}
