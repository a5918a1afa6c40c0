package dev.meshledger.domain.ledger.state;

/**
 * One account's state: its balance in smallest units and its next expected nonce (as Ethereum
 * counts it: an account that never sent has nonce 0).
 */
public record Account(long balance, long nonce) {
  /** What an account that is not stored holds; the state never stores it (see {@link StateTransition}). */
  public static final Account ZERO = new Account(0, 0);

  /** @throws IllegalArgumentException if either value is negative */
  public Account {
    if (balance < 0 || nonce < 0) {
      throw new IllegalArgumentException("an account's balance and nonce are never negative: " + balance + ", " + nonce);
    }
  }
}
