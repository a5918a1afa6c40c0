package dev.meshledger.consensus.bft;

import java.util.regex.Pattern;

/**
 * One validator: its node id (64 lowercase hex digits, compared as text, which orders them as CometBFT's
 * {@code bytes.Compare} orders addresses), its voting power and its proposer priority.
 */
public record Validator(String id, long power, long priority) {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  public Validator {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a validator id is 64 lowercase hex digits: " + id);
    }
    if (power <= 0) {
      throw new IllegalArgumentException("a validator's voting power is positive: " + power);
    }
  }

  /** A validator entering a set; its priority is set by the set (CometBFT: -1.125 x total power). */
  public static Validator of(String id, long power) {
    return new Validator(id, power, 0);
  }

  Validator withPriority(long p) {
    return new Validator(id, power, p);
  }
}
