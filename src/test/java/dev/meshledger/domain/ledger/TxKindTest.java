package dev.meshledger.domain.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Typed transactions: the kind is the first signed byte, and plain transfers keep their old bytes. */
class TxKindTest {
  private static final AccountId A = AccountId.of(new byte[32]);
  private static final WalletKey KEY = WalletKey.fromSecret(new byte[32]);

  @Test
  void codesAndNamesAreFixed() {
    assertEquals(0, TxKind.TRANSFER.code());
    assertEquals(1, TxKind.STAKE.code());
    assertEquals(2, TxKind.UNSTAKE.code());
    assertEquals(TxKind.UNSTAKE, TxKind.ofCode(2));
    assertNull(TxKind.ofCode(3));
    assertNull(TxKind.ofCode(-1));
    assertEquals(TxKind.STAKE, TxKind.ofJson("stake"));
    assertEquals("unstake", TxKind.UNSTAKE.json());
    assertNull(TxKind.ofJson("Stake"));
  }

  @Test
  void anUnstakeDebitsOnlyItsFee() {
    assertEquals(7, TxKind.TRANSFER.debit(5, 2));
    assertEquals(7, TxKind.STAKE.debit(5, 2));
    assertEquals(2, TxKind.UNSTAKE.debit(5, 2));
    assertThrows(ArithmeticException.class, () -> TxKind.STAKE.debit(Long.MAX_VALUE, 1));
  }

  @Test
  void aPlainTransferIsTheOldEncodingAZeroKindByteAndAOneByteLength() {
    byte[] bytes = TransferBytes.signedBytes("abc", A, A, 1, 2, 3);
    assertEquals(0, bytes[0]);
    assertEquals(3, bytes[1]);
    assertArrayEquals(bytes, TransferBytes.signedBytes(TxKind.TRANSFER, "abc", A, A, 1, 2, 3));
  }

  @ParameterizedTest
  @EnumSource(TxKind.class)
  void eachKindSignsItsOwnBytesAndReadsBack(TxKind kind) {
    Transfer t = KEY.sign(kind, "chain", A, 10, 1, 0);
    assertEquals(kind, t.kind());
    assertTrue(Transfers.verify(t));
    byte[] full = TransferBytes.encode(t);
    assertEquals(kind.code(), full[0]);
    assertEquals(TransferBytes.encodedSize(t), full.length);
    Transfer back = TransferBytes.decode(full);
    assertEquals(t, back);
    assertEquals(kind, back.kind());
    assertEquals(kind == TxKind.TRANSFER, t.toString().indexOf(" stake ") < 0 && t.toString().indexOf(" unstake ") < 0);
  }

  @Test
  void theKindIsSignedAChangedKindBreaksTheSignatureAndTheId() {
    Transfer stake = KEY.sign(TxKind.STAKE, "chain", A, 10, 1, 0);
    Transfer asUnstake = Transfer.of(TxKind.UNSTAKE, "chain", stake.from(), A, 10, 1, 0, stake.signature());
    assertNotEquals(stake.id(), asUnstake.id());
    assertTrue(!Transfers.verify(asUnstake));
    byte[] full = TransferBytes.encode(stake);
    full[0] = 0;
    Transfer plain = TransferBytes.decode(full);
    assertEquals(TxKind.TRANSFER, plain.kind());
    assertTrue(!Transfers.verify(plain));
  }

  @Test
  void aKindIsRequired() {
    Transfer t = KEY.sign(TxKind.STAKE, "chain", A, 10, 1, 0);
    assertThrows(NullPointerException.class, () -> new Transfer(null, "chain", t.from(), A, 10, 1, 0, t.signature(), t.id()));
    assertThrows(IllegalArgumentException.class,
        () -> new Transfer(TxKind.TRANSFER, "chain", t.from(), A, 10, 1, 0, t.signature(), t.id()));
    byte[] full = TransferBytes.encode(t);
    full[0] = 9;
    assertEquals("transaction kind 9 is unknown",
        assertThrows(LedgerFormatException.class, () -> TransferBytes.decode(Arrays.copyOf(full, full.length))).getMessage());
  }
}
