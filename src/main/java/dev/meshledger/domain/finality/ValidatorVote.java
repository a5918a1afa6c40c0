package dev.meshledger.domain.finality;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A proposer's vote on the validator set under proof of authority, carried in the block it proposes
 * (as Clique and QBFT carry theirs in the header): add {@code subject} to the set, or remove it. The
 * direction follows from the set: adding a member or removing a stranger is never valid.
 *
 * @param subject the node id voted on (64 lowercase hex digits)
 */
public record ValidatorVote(String subject, boolean add) {
  private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");

  public ValidatorVote {
    Objects.requireNonNull(subject, "subject");
    if (!NODE_ID.matcher(subject).matches()) {
      throw new IllegalArgumentException("a vote names a node id of 64 lowercase hex digits: " + subject);
    }
  }
}
