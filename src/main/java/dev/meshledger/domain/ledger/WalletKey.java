package dev.meshledger.domain.ledger;

import dev.meshledger.crypto.Ed25519;

/**
 * A wallet's Ed25519 key: its public key is the {@link AccountId}. Separate from the node's key
 * ({@code crypto.NodeKey}); storing it is the wallet's business. {@link #toString} never shows
 * the secret.
 */
public final class WalletKey {
  private final byte[] secretKey;
  private final byte[] publicKey;
  private final AccountId account;

  private WalletKey(byte[] secretKey) {
    if (secretKey == null || secretKey.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("a secret key is " + Ed25519.SECRET_KEY_SIZE + " bytes");
    }
    this.secretKey = secretKey.clone();
    this.publicKey = Ed25519.publicKeyOf(this.secretKey);
    this.account = AccountId.of(publicKey);
  }

  public static WalletKey generate() {
    return new WalletKey(Ed25519.newSecretKey());
  }

  public static WalletKey fromSecret(byte[] secretKey) {
    return new WalletKey(secretKey);
  }

  public AccountId account() {
    return account;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** A copy of the 32-byte secret, for writing the key file. */
  public byte[] secretKey() {
    return secretKey.clone();
  }

  public byte[] sign(byte[] message) {
    return Ed25519.sign(secretKey, publicKey, message);
  }

  /** A transfer from this account, signed. */
  public Transfer transfer(String chainId, AccountId to, long amount, long fee, long nonce) {
    return sign(TxKind.TRANSFER, chainId, to, amount, fee, nonce);
  }

  /** A transaction of {@code kind} from this account, signed. */
  public Transfer sign(TxKind kind, String chainId, AccountId to, long amount, long fee, long nonce) {
    return Transfers.signChecked(kind, secretKey, publicKey, account, chainId, to, amount, fee, nonce);
  }

  @Override
  public String toString() {
    return "WalletKey[" + account.toHex() + "]";
  }
}
