package dev.meshledger.domain.ledger;

import static dev.meshledger.domain.ledger.LedgerFixtures.BOB;
import static dev.meshledger.domain.ledger.LedgerFixtures.CHAIN;
import static dev.meshledger.domain.ledger.LedgerFixtures.HEX;
import static dev.meshledger.domain.ledger.LedgerFixtures.PUBLIC_HEX;
import static dev.meshledger.domain.ledger.LedgerFixtures.SECRET;
import static dev.meshledger.domain.ledger.LedgerFixtures.SECRET_HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WalletKeyTest {
  /** RFC 8032 section 7.1 TEST 1: the signature of the empty message. */
  private static final String EMPTY_MESSAGE_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  @Test
  void aKeyFromItsSecretMatchesRfc8032() {
    WalletKey key = WalletKey.fromSecret(SECRET);
    assertEquals(PUBLIC_HEX, key.account().toHex());
    assertEquals(PUBLIC_HEX, HEX.formatHex(key.publicKey()));
    assertEquals(SECRET_HEX, HEX.formatHex(key.secretKey()));
    assertEquals(EMPTY_MESSAGE_SIGNATURE, HEX.formatHex(key.sign(new byte[0])));
  }

  @Test
  void itsTransfersAreTheSameAsTransfersSign() {
    WalletKey key = WalletKey.fromSecret(SECRET);
    Transfer t = key.transfer(CHAIN, BOB, 1000, 10, 7);
    assertEquals(LedgerFixtures.signed(), t);
    assertTrue(Transfers.verify(t));
  }

  @Test
  void generatedKeysDifferAndSign() {
    WalletKey a = WalletKey.generate();
    WalletKey b = WalletKey.generate();
    assertNotEquals(a.account(), b.account());
    assertEquals(a.account(), WalletKey.fromSecret(a.secretKey()).account());
    assertTrue(Transfers.verify(a.transfer(CHAIN, b.account(), 1, 0, 0)));
  }

  @Test
  void theSecretStaysInside() {
    byte[] secret = SECRET.clone();
    WalletKey key = WalletKey.fromSecret(secret);
    secret[0] ^= 1;
    key.secretKey()[0] ^= 1;
    key.publicKey()[0] ^= 1;
    assertEquals(SECRET_HEX, HEX.formatHex(key.secretKey()));
    assertEquals(PUBLIC_HEX, HEX.formatHex(key.publicKey()));
    assertEquals("WalletKey[" + PUBLIC_HEX + "]", key.toString());
    assertFalse(key.toString().contains(SECRET_HEX));
  }

  @Test
  void aSecretOfTheWrongSizeIsRefused() {
    assertEquals("a secret key is 32 bytes",
        assertThrows(IllegalArgumentException.class, () -> WalletKey.fromSecret(new byte[64])).getMessage());
    assertThrows(IllegalArgumentException.class, () -> WalletKey.fromSecret(null));
  }
}
