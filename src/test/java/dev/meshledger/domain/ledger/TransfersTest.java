package dev.meshledger.domain.ledger;

import static dev.meshledger.domain.ledger.LedgerFixtures.ALICE;
import static dev.meshledger.domain.ledger.LedgerFixtures.BOB;
import static dev.meshledger.domain.ledger.LedgerFixtures.CAROL;
import static dev.meshledger.domain.ledger.LedgerFixtures.CHAIN;
import static dev.meshledger.domain.ledger.LedgerFixtures.HEX;
import static dev.meshledger.domain.ledger.LedgerFixtures.PUBLIC;
import static dev.meshledger.domain.ledger.LedgerFixtures.SECRET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransfersTest {
  @Test
  void aSignedTransferVerifiesAndComesFromThePublicKey() {
    Transfer t = LedgerFixtures.signed();
    assertTrue(Transfers.verify(t));
    assertEquals(ALICE, t.from());
    assertEquals(CHAIN, t.chainId());
    assertEquals(BOB, t.to());
    assertEquals(1000, t.amount());
    assertEquals(10, t.fee());
    assertEquals(7, t.nonce());
    assertEquals(TransferBytesTest.ID_HEX, t.id().toHex());
    // Ed25519 is deterministic: the same fields give the same signature
    assertArrayEquals(t.signature(), LedgerFixtures.signed().signature());
  }

  /** Each field the signature covers, changed while the signature stays. */
  static Stream<Arguments> changes() {
    return Stream.of(
        change("chainId", t -> Transfer.of("meshledger-test", t.from(), t.to(), t.amount(), t.fee(), t.nonce(), t.signature())),
        change("from", t -> Transfer.of(t.chainId(), CAROL, t.to(), t.amount(), t.fee(), t.nonce(), t.signature())),
        change("to", t -> Transfer.of(t.chainId(), t.from(), CAROL, t.amount(), t.fee(), t.nonce(), t.signature())),
        change("amount", t -> Transfer.of(t.chainId(), t.from(), t.to(), t.amount() + 1, t.fee(), t.nonce(), t.signature())),
        change("fee", t -> Transfer.of(t.chainId(), t.from(), t.to(), t.amount(), t.fee() - 1, t.nonce(), t.signature())),
        change("nonce", t -> Transfer.of(t.chainId(), t.from(), t.to(), t.amount(), t.fee(), t.nonce() + 1, t.signature())),
        change("signature", t -> {
          byte[] s = t.signature();
          s[63] ^= 1;
          return Transfer.of(t.chainId(), t.from(), t.to(), t.amount(), t.fee(), t.nonce(), s);
        }),
        change("signature of another key", t -> {
          Transfer other = WalletKey.fromSecret(new byte[32]).transfer(t.chainId(), t.to(), t.amount(), t.fee(), t.nonce());
          return Transfer.of(t.chainId(), t.from(), t.to(), t.amount(), t.fee(), t.nonce(), other.signature());
        }));
  }

  private static Arguments change(String field, UnaryOperator<Transfer> f) {
    return Arguments.of(field, f);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changingAnyFieldBreaksTheSignature(String field, UnaryOperator<Transfer> f) {
    Transfer t = LedgerFixtures.signed();
    Transfer changed = f.apply(t);
    assertNotEquals(t, changed, field);
    assertFalse(Transfers.verify(changed), field);
    assertTrue(Transfers.verify(t));
  }

  @Test
  void aSignatureThatIsNotAPointNeverThrows() {
    Transfer t = LedgerFixtures.signed();
    Transfer junk = Transfer.of(CHAIN, ALICE, BOB, 1000, 10, 7, LedgerFixtures.sig(0xff));
    assertFalse(Transfers.verify(junk));
    // an account id that is not a curve point cannot have signed anything
    AccountId notAKey = AccountId.fromHex("ff".repeat(32));
    assertFalse(Transfers.verify(Transfer.of(CHAIN, notAKey, BOB, 1000, 10, 7, t.signature())));
  }

  @Test
  void signRefusesKeysThatDoNotFit() {
    assertEquals("a secret key is 32 bytes",
        assertThrows(IllegalArgumentException.class, () -> Transfers.sign(new byte[31], PUBLIC, CHAIN, BOB, 1, 0, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Transfers.sign(null, PUBLIC, CHAIN, BOB, 1, 0, 0));
    assertEquals("an account id is 32 bytes",
        assertThrows(IllegalArgumentException.class, () -> Transfers.sign(SECRET, new byte[33], CHAIN, BOB, 1, 0, 0)).getMessage());
    assertEquals("the public key is not the secret key's",
        assertThrows(IllegalArgumentException.class, () -> Transfers.sign(SECRET, BOB.bytes(), CHAIN, BOB, 1, 0, 0)).getMessage());
    assertEquals("amount is negative: -5",
        assertThrows(IllegalArgumentException.class, () -> Transfers.sign(SECRET, PUBLIC, CHAIN, BOB, -5, 0, 0)).getMessage());
  }

  @Test
  void aTransferIsAValue() {
    Transfer a = LedgerFixtures.signed();
    Transfer b = TransferBytes.decode(TransferBytes.encode(a));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(31 * a.id().hashCode() + java.util.Arrays.hashCode(a.signature()), a.hashCode());
    assertNotEquals(a, null);
    assertNotEquals(a, "a transfer");
    Transfer resigned = Transfer.of(CHAIN, ALICE, BOB, 1000, 10, 7, LedgerFixtures.sig(2));
    assertEquals(a.id(), resigned.id());
    assertNotEquals(a, resigned);
    assertNotEquals(a.hashCode(), resigned.hashCode());
    assertEquals("Transfer[a39d3a53aafe meshledger-dev d75a9801->02020202 amount=1000 fee=10 nonce=7 sig="
        + HEX.formatHex(a.signature(), 0, 4) + "]", a.toString());
  }

  @Test
  void theSignatureCannotBeChangedFromOutside() {
    byte[] given = LedgerFixtures.sig(5);
    Transfer t = Transfer.of(CHAIN, ALICE, BOB, 1, 0, 0, given);
    given[0] = 6;
    assertArrayEquals(LedgerFixtures.sig(5), t.signature());
    t.signature()[1] = 7;
    assertArrayEquals(LedgerFixtures.sig(5), t.signature());
  }
}
