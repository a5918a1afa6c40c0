package dev.meshledger.domain.ledger;

import dev.meshledger.domain.Hash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signed transfer of {@code amount} from {@code from} to {@code to}, paying {@code fee} to the
 * block's producer; or, by its {@link TxKind}, a stake or unstake of {@code amount} with the validator
 * {@code to} (proof of stake). {@code nonce} is the sender's next nonce (replay on this network), and
 * {@code chainId} is in the signed bytes (replay on another). Amounts are whole smallest units.
 * Immutable and compared by value. Building one checks its fields (not its signature: see
 * {@link Transfers#verify}).
 *
 * @param signature {@code from}'s Ed25519 signature over {@link TransferBytes#signedBytes} (64 bytes)
 * @param id the SHA-256 of the signed bytes; the constructor refuses any other value, so an id is
 *     never taken from outside. {@link #of} computes it.
 */
public record Transfer(TxKind kind, String chainId, AccountId from, AccountId to, long amount, long fee, long nonce,
    byte[] signature, Hash id) {

  public Transfer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(id, "id");
    if (signature.length != TransferBytes.SIGNATURE_SIZE) {
      throw new IllegalArgumentException("a signature is " + TransferBytes.SIGNATURE_SIZE + " bytes, got " + signature.length);
    }
    // checks chainId, amount, fee and nonce too
    Hash computed = TransferBytes.id(kind, chainId, from, to, amount, fee, nonce);
    if (!computed.equals(id)) {
      throw new IllegalArgumentException("id " + id + " is not the SHA-256 of the signed bytes (" + computed + ")");
    }
    signature = signature.clone();
  }

  /** A plain transfer (kind {@link TxKind#TRANSFER}). */
  public Transfer(String chainId, AccountId from, AccountId to, long amount, long fee, long nonce, byte[] signature,
      Hash id) {
    this(TxKind.TRANSFER, chainId, from, to, amount, fee, nonce, signature, id);
  }

  /** A plain transfer with its id computed from the fields. */
  public static Transfer of(String chainId, AccountId from, AccountId to, long amount, long fee, long nonce,
      byte[] signature) {
    return of(TxKind.TRANSFER, chainId, from, to, amount, fee, nonce, signature);
  }

  /** A transaction of {@code kind} with its id computed from the fields. */
  public static Transfer of(TxKind kind, String chainId, AccountId from, AccountId to, long amount, long fee,
      long nonce, byte[] signature) {
    return new Transfer(kind, chainId, from, to, amount, fee, nonce, signature,
        TransferBytes.id(kind, chainId, from, to, amount, fee, nonce));
  }

  /** What the sender's balance pays for it: amount and fee, or only the fee for an unstake. */
  public long debit() {
    return kind.debit(amount, fee);
  }

  /** A copy of the 64 signature bytes. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    // the id covers every field but the signature
    return o instanceof Transfer t && id.equals(t.id) && Arrays.equals(signature, t.signature);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Transfer[" + id.shortHex() + (kind == TxKind.TRANSFER ? "" : " " + kind.json()) + " " + chainId + " " + from + "->" + to + " amount=" + amount
        + " fee=" + fee + " nonce=" + nonce + " sig=" + HexFormat.of().formatHex(signature, 0, 4) + "]";
  }
}
