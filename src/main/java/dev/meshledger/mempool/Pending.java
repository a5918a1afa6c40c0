package dev.meshledger.mempool;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import java.util.Comparator;

/** A transfer waiting in the pool: its encoded size and when it (or its replacement) arrived. */
public record Pending(Transfer transfer, int sizeBytes, long addedMillis) {

  /**
   * Worst first: lowest fee rate, and among equal rates the highest id, so that the best, read
   * backwards, is the highest rate then the lowest id. Every order in the pool is deterministic.
   */
  static final Comparator<Pending> BY_RATE =
      Comparator.comparing(Pending::rate).thenComparing(Pending::id, Comparator.reverseOrder());

  public FeeRate rate() {
    return new FeeRate(transfer.fee(), sizeBytes);
  }

  public Hash id() {
    return transfer.id();
  }

  public AccountId from() {
    return transfer.from();
  }

  public long nonce() {
    return transfer.nonce();
  }
}
