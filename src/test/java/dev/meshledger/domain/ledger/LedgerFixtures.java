package dev.meshledger.domain.ledger;

import java.util.HexFormat;

/** Keys and transfers with pinned values, shared by the ledger tests. */
final class LedgerFixtures {
  static final HexFormat HEX = HexFormat.of();
  /** RFC 8032 section 7.1, TEST 1: a secret key and its public key, published together. */
  static final String SECRET_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  static final String PUBLIC_HEX = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  static final byte[] SECRET = HEX.parseHex(SECRET_HEX);
  static final byte[] PUBLIC = HEX.parseHex(PUBLIC_HEX);
  static final String CHAIN = "meshledger-dev";
  static final AccountId ALICE = AccountId.of(PUBLIC);
  static final AccountId BOB = AccountId.fromHex("02".repeat(32));
  static final AccountId CAROL = AccountId.fromHex("03".repeat(32));

  private LedgerFixtures() {}

  /** meshledger-dev: ALICE pays BOB 1000 with a fee of 10 at nonce 7. */
  static Transfer signed() {
    return Transfers.sign(SECRET, PUBLIC, CHAIN, BOB, 1000, 10, 7);
  }

  static byte[] sig(int fill) {
    byte[] s = new byte[64];
    java.util.Arrays.fill(s, (byte) fill);
    return s;
  }
}
