package dev.meshledger.domain.ledger;

/**
 * Bytes (or hex) that are not a well-formed transfer or inclusion proof: truncated, trailing
 * bytes, a length out of range, a negative amount. The message says which, for the
 * {@code MALFORMED_TRANSACTION} answer and for a peer's offence log.
 */
public final class LedgerFormatException extends RuntimeException {
  public LedgerFormatException(String message) {
    super(message);
  }
}
