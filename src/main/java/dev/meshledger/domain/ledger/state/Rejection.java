package dev.meshledger.domain.ledger.state;

/**
 * Why a block is refused: the first invalid transfer, by its index in the block, and the reason.
 *
 * @param index the transfer's index, {@link #PRODUCER} when paying the producer overflows, or
 *     {@link #EVIDENCE} when the block punishes a validator already tombstoned
 */
public record Rejection(int index, Reason reason) implements BlockOutcome {
  /** The index for a fault of the block as a whole: its producer's payment does not fit. */
  public static final int PRODUCER = -1;
  /** The index for the block's evidence: it slashes a validator already punished on this branch ({@link Reason#TOMBSTONED}). */
  public static final int EVIDENCE = -2;

  /** The names match the HTTP API's error codes for transfers. */
  public enum Reason {
    WRONG_CHAIN,
    /** Already used: the transfer, or another with its nonce, is in the chain. */
    NONCE_TOO_LOW,
    /** A gap: an earlier nonce of the sender is missing. */
    NONCE_TOO_HIGH,
    /** The balance is below amount + fee. */
    INSUFFICIENT_FUNDS,
    /** A sum past {@link Long#MAX_VALUE}: amount + fee, a balance, the fees, the nonce. */
    OVERFLOW,
    /** A stake or unstake on a chain that is not proof of stake. */
    NOT_STAKING,
    /** A stake too small to buy one share of the pool, or an unstake of nothing. */
    AMOUNT_TOO_SMALL,
    /** A stake to a validator proven to have double-signed. */
    TOMBSTONED,
    /** An unstake of more than the sender's stake with that validator is worth. */
    INSUFFICIENT_STAKE,
    /** The sender already has the most unbonding entries open with that validator. */
    TOO_MANY_UNBONDING
  }
}
