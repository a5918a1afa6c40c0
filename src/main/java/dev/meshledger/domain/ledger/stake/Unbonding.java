package dev.meshledger.domain.ledger.stake;

import dev.meshledger.domain.ledger.AccountId;
import java.util.Objects;

/**
 * Tokens unstaked but not yet paid back: they stay slashable for offences committed before they
 * left, until {@code releaseHeight}.
 *
 * @param fromHeight the block that unstaked them
 */
public record Unbonding(AccountId owner, String validator, long amount, long fromHeight, long releaseHeight) {
  public Unbonding {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(validator, "validator");
    if (amount < 0 || releaseHeight < fromHeight) {
      throw new IllegalArgumentException("an unbonding amount is not negative and is released after it starts");
    }
  }
}
