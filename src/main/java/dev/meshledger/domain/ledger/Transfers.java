package dev.meshledger.domain.ledger;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.SignatureCheck;
import java.util.Arrays;

/** Signing and checking transfers: {@code from}'s Ed25519 signature over the signed bytes. */
public final class Transfers {
  private Transfers() {}

  /**
   * Signs a transfer from the account of {@code publicKey}.
   *
   * @throws IllegalArgumentException if a key is not 32 bytes, the public key is not the secret
   *     key's (a signature made with a mismatched public key can leak the secret), or a field is
   *     out of range
   */
  public static Transfer sign(byte[] secretKey, byte[] publicKey, String chainId, AccountId to, long amount,
      long fee, long nonce) {
    if (secretKey == null || secretKey.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("a secret key is " + Ed25519.SECRET_KEY_SIZE + " bytes");
    }
    AccountId from = AccountId.of(publicKey);
    if (!Arrays.equals(Ed25519.publicKeyOf(secretKey), publicKey)) {
      throw new IllegalArgumentException("the public key is not the secret key's");
    }
    return signChecked(secretKey, publicKey, from, chainId, to, amount, fee, nonce);
  }

  /** Signs with a key pair already known to match (a {@link WalletKey}'s). */
  static Transfer signChecked(byte[] secretKey, byte[] publicKey, AccountId from, String chainId, AccountId to,
      long amount, long fee, long nonce) {
    byte[] signed = TransferBytes.signedBytes(chainId, from, to, amount, fee, nonce);
    byte[] signature = Ed25519.sign(secretKey, publicKey, signed);
    return Transfer.of(chainId, from, to, amount, fee, nonce, signature);
  }

  /** True when the signature is {@code from}'s over the transfer's signed bytes. Never throws. */
  public static boolean verify(Transfer t) {
    return verify(t, Ed25519::verify);
  }

  /** As {@link #verify(Transfer)}, through {@code check}. */
  public static boolean verify(Transfer t, SignatureCheck check) {
    return check.verify(t.from().bytes(), TransferBytes.signedBytes(t), t.signature());
  }
}
