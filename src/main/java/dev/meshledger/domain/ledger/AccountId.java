package dev.meshledger.domain.ledger;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An account: an Ed25519 public key (a wallet key, separate from any node key), shown as 64 hex
 * digits. Immutable; compared by its bytes.
 */
public final class AccountId implements Comparable<AccountId> {
  public static final int SIZE = 32;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] key;

  private AccountId(byte[] key) {
    this.key = key;
  }

  /** @throws IllegalArgumentException unless exactly 32 bytes */
  public static AccountId of(byte[] key) {
    if (key == null || key.length != SIZE) {
      throw new IllegalArgumentException("an account id is " + SIZE + " bytes");
    }
    return new AccountId(key.clone());
  }

  /** @throws IllegalArgumentException unless exactly 64 hex digits */
  public static AccountId fromHex(String hex) {
    if (!isHex(hex)) {
      throw new IllegalArgumentException("an account id is 64 hex digits");
    }
    return new AccountId(HEX.parseHex(hex.toLowerCase()));
  }

  public static boolean isHex(String s) {
    return s != null && s.length() == 2 * SIZE && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  /** A copy of the 32 key bytes. */
  public byte[] bytes() {
    return key.clone();
  }

  public String toHex() {
    return HEX.formatHex(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountId a && Arrays.equals(key, a.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public int compareTo(AccountId o) {
    return Arrays.compareUnsigned(key, o.key);
  }

  @Override
  public String toString() {
    return toHex().substring(0, 8);
  }
}
