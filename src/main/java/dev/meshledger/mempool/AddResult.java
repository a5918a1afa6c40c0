package dev.meshledger.mempool;

import dev.meshledger.config.MempoolLimits;
import java.util.List;

/** What {@link Mempool#add} did with a transfer: a value, never an exception. */
public sealed interface AddResult {

  /** Why a transfer was refused; the names are the API's error codes. */
  enum Reason {
    /** a negative amount, fee or nonce, or a size that is not positive */
    MALFORMED_TRANSACTION,
    /** signed for another network */
    WRONG_CHAIN,
    /** already pending */
    DUPLICATE,
    /** below the account's confirmed next nonce: already spent */
    NONCE_TOO_LOW,
    /** further past the confirmed next nonce than {@link MempoolLimits#maxNonceGap} */
    NONCE_TOO_HIGH,
    /** the account already holds {@link MempoolLimits#maxPerAccount} pending transfers */
    ACCOUNT_LIMIT,
    /** the balance cannot pay this and the account's pending lower-nonce transfers */
    INSUFFICIENT_FUNDS,
    /** under minFee, under the floor of a full pool, or a replacement under the bump */
    FEE_TOO_LOW,
    /** full, and nothing may be evicted to make room */
    MEMPOOL_FULL
  }

  /** Taken; {@code evicted} made room for it (lowest fee rates, each account from its top nonce). */
  record Accepted(List<Pending> evicted) implements AddResult {}

  /** Took the place of {@code old}, the same account's transfer at the same nonce. */
  record Replaced(Pending old, List<Pending> evicted) implements AddResult {}

  record Refused(Reason reason) implements AddResult {}

  default boolean isRefused() {
    return this instanceof Refused;
  }
}
