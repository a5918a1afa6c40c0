package dev.meshledger.domain.ledger;

import static dev.meshledger.domain.ledger.LedgerFixtures.ALICE;
import static dev.meshledger.domain.ledger.LedgerFixtures.BOB;
import static dev.meshledger.domain.ledger.LedgerFixtures.CHAIN;
import static dev.meshledger.domain.ledger.LedgerFixtures.HEX;
import static dev.meshledger.domain.ledger.LedgerFixtures.sig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TransferBytesTest {
  /** chainId "meshledger-dev", ALICE -> BOB, amount 1000, fee 10, nonce 7: laid out by hand. */
  static final String SIGNED_HEX = "000e" + HEX.formatHex(CHAIN.getBytes(StandardCharsets.UTF_8))
      + LedgerFixtures.PUBLIC_HEX + "02".repeat(32)
      + "00000000000003e8" + "000000000000000a" + "0000000000000007";
  /**
   * SHA-256 of SIGNED_HEX's bytes, computed once with {@code xxd -r -p | sha256sum} outside the
   * JVM. If this changes, every transfer id on every network changes: the encoding is consensus.
   */
  static final String ID_HEX = "a39d3a53aafe6813283cc532c8b2a61732f028cbf164ff2de8ece8615a223ca1";

  @Test
  void signedBytesAreTheDocumentedLayout() {
    Transfer t = LedgerFixtures.signed();
    assertEquals(SIGNED_HEX, HEX.formatHex(TransferBytes.signedBytes(t)));
    assertEquals(2 + 14 + 88, TransferBytes.signedBytes(t).length);
    assertEquals(SIGNED_HEX + HEX.formatHex(t.signature()), HEX.formatHex(TransferBytes.encode(t)));
  }

  @Test
  void theIdIsPinned() {
    Transfer t = LedgerFixtures.signed();
    assertEquals(ID_HEX, t.id().toHex());
    assertEquals(ID_HEX, Sha256.of(HEX.parseHex(SIGNED_HEX)).toHex());
    assertEquals(ID_HEX, TransferBytes.id(CHAIN, ALICE, BOB, 1000, 10, 7).toHex());
    // the signature is not part of the id: a re-signed or malleated copy keeps it
    assertEquals(ID_HEX, Transfer.of(CHAIN, ALICE, BOB, 1000, 10, 7, sig(9)).id().toHex());
  }

  @Test
  void sizesAreExact() {
    assertEquals(155, TransferBytes.MIN_SIZE);
    assertEquals(218, TransferBytes.MAX_SIZE);
    Transfer shortest = Transfer.of("x", ALICE, BOB, 0, 0, 0, sig(1));
    Transfer longest = Transfer.of("y".repeat(64), ALICE, BOB, 0, 0, 0, sig(1));
    assertEquals(155, TransferBytes.encodedSize(shortest));
    assertEquals(155, TransferBytes.encode(shortest).length);
    assertEquals(218, TransferBytes.encodedSize(longest));
    assertEquals(218, TransferBytes.encode(longest).length);
    assertEquals(168, TransferBytes.encodedSize(LedgerFixtures.signed()));
  }

  @Property(tries = 300)
  void decodeInvertsEncode(@ForAll("transfers") Transfer t) {
    byte[] bytes = TransferBytes.encode(t);
    assertEquals(TransferBytes.encodedSize(t), bytes.length);
    Transfer back = TransferBytes.decode(bytes);
    assertEquals(t, back);
    assertEquals(t.id(), back.id());
    assertEquals(t.chainId(), back.chainId());
    assertEquals(t.from(), back.from());
    assertEquals(t.to(), back.to());
    assertEquals(t.amount(), back.amount());
    assertEquals(t.fee(), back.fee());
    assertEquals(t.nonce(), back.nonce());
    assertArrayEquals(t.signature(), back.signature());
    assertArrayEquals(bytes, TransferBytes.encode(back));
  }

  @Provide
  Arbitrary<Transfer> transfers() {
    Arbitrary<String> chain = Arbitraries.strings().ofMinLength(1).ofMaxLength(64)
        .filter(s -> isEncodable(s) && s.getBytes(StandardCharsets.UTF_8).length <= 64);
    Arbitrary<AccountId> account = Arbitraries.bytes().array(byte[].class).ofSize(32).map(AccountId::of);
    Arbitrary<Long> amount = Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
        Arbitraries.of(0L, 1L, Long.MAX_VALUE));
    Arbitrary<byte[]> signature = Arbitraries.bytes().array(byte[].class).ofSize(64);
    return Combinators.combine(chain, account, account, amount, amount, amount, signature)
        .as(Transfer::of);
  }

  private static boolean isEncodable(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  @Test
  void decodeReadsAllOfABufferAndReadStopsAfterOne() {
    Transfer a = LedgerFixtures.signed();
    Transfer b = Transfer.of("other", BOB, ALICE, 5, 6, 8, sig(3));
    byte[] ea = TransferBytes.encode(a);
    byte[] eb = TransferBytes.encode(b);
    ByteBuffer both = ByteBuffer.allocate(3 + ea.length + eb.length);
    both.put(new byte[3]).put(ea).put(eb).flip().position(3);
    assertEquals(a, TransferBytes.read(both));
    assertEquals(3 + ea.length, both.position());
    assertEquals(b, TransferBytes.decode(both));
    assertFalse(both.hasRemaining());
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] full = TransferBytes.encode(LedgerFixtures.signed());
    for (int n = 0; n < full.length; n++) {
      byte[] cut = Arrays.copyOf(full, n);
      assertEquals("transfer is truncated", refused(cut), "cut at " + n);
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] full = TransferBytes.encode(LedgerFixtures.signed());
    assertEquals("transfer has 1 trailing bytes", refused(Arrays.copyOf(full, full.length + 1)));
    assertEquals("transfer has 7 trailing bytes", refused(Arrays.copyOf(full, full.length + 7)));
    ByteBuffer buffer = ByteBuffer.allocate(full.length + 2).put(full);
    buffer.flip().limit(full.length + 2);
    assertThrows(LedgerFormatException.class, () -> TransferBytes.decode(buffer));
  }

  @Test
  void chainIdLengthsOutOfRangeAreRefused() {
    byte[] full = TransferBytes.encode(LedgerFixtures.signed());
    assertEquals("chain id length 0 is not 1..64", refused(withShort(full, 0)));
    assertEquals("chain id length 65 is not 1..64", refused(withShort(full, 65)));
    assertEquals("chain id length 255 is not 1..64", refused(withShort(full, 0xff)));
    // the high byte of the old u16 length is the kind now: unknown kinds are refused
    assertEquals("transaction kind 255 is unknown", refused(withShort(full, 0xffff)));
    assertEquals("transaction kind 3 is unknown", refused(withShort(full, 0x0301)));
    // a length that reaches into the fields: they shift, and the buffer ends early (BOB's key
    // and the amounts are valid UTF-8, so only the end is wrong) or a shifted byte lands in a sign bit
    byte[] small = TransferBytes.encode(Transfer.of("x", BOB, BOB, 0, 0, 0, sig(1)));
    assertEquals("transfer is truncated", refused(withShort(small, 64)));
    assertEquals("fee is above 2^63-1: " + Long.toUnsignedString(0xe8L << 56), refused(withShort(full, 13)));
  }

  @Test
  void chainIdsThatAreNotUtf8AreRefused() {
    byte[] full = TransferBytes.encode(LedgerFixtures.signed());
    byte[] bad = full.clone();
    bad[2] = (byte) 0xff;
    assertEquals("chain id is not valid UTF-8", refused(bad));
    byte[] overlong = full.clone();
    overlong[2] = (byte) 0xc0; // "\0" as two bytes: a second encoding of the same text
    overlong[3] = (byte) 0x80;
    assertEquals("chain id is not valid UTF-8", refused(overlong));
  }

  @Test
  void amountsFeesAndNoncesAboveTheSignedRangeAreRefused() {
    byte[] full = TransferBytes.encode(LedgerFixtures.signed());
    int amountAt = 2 + 14 + 64;
    assertEquals("amount is above 2^63-1: 9223372036854776808", refused(flipHighBit(full, amountAt)));
    assertEquals("fee is above 2^63-1: 9223372036854775818", refused(flipHighBit(full, amountAt + 8)));
    assertEquals("nonce is above 2^63-1: 9223372036854775815", refused(flipHighBit(full, amountAt + 16)));
  }

  @Test
  void decodingRecomputesTheIdFromTheBytes() {
    byte[] full = TransferBytes.encode(LedgerFixtures.signed());
    full[2 + 14 + 64 + 7] = (byte) 0xe9; // amount 1000 (0x03e8) -> 1001
    Transfer t = TransferBytes.decode(full);
    assertEquals(1001, t.amount());
    assertEquals(TransferBytes.id(CHAIN, ALICE, BOB, 1001, 10, 7), t.id());
    assertFalse(t.id().toHex().equals(ID_HEX));
  }

  @Test
  void buildingRefusesWhatCouldNotBeEncoded() {
    assertEquals("amount is negative: -1", illegal(() -> Transfer.of(CHAIN, ALICE, BOB, -1, 0, 0, sig(1))));
    assertEquals("fee is negative: -2", illegal(() -> Transfer.of(CHAIN, ALICE, BOB, 0, -2, 0, sig(1))));
    assertEquals("nonce is negative: " + Long.MIN_VALUE,
        illegal(() -> Transfer.of(CHAIN, ALICE, BOB, 0, 0, Long.MIN_VALUE, sig(1))));
    assertEquals("a transfer needs a chain id", illegal(() -> Transfer.of(null, ALICE, BOB, 0, 0, 0, sig(1))));
    assertEquals("chain id is 0 bytes of UTF-8, not 1..64", illegal(() -> Transfer.of("", ALICE, BOB, 0, 0, 0, sig(1))));
    assertEquals("chain id is 65 bytes of UTF-8, not 1..64",
        illegal(() -> Transfer.of("a".repeat(65), ALICE, BOB, 0, 0, 0, sig(1))));
    // the limit is in bytes: 32 two-byte letters fit, 33 do not
    assertEquals(64 + 2 + 88 + 64, TransferBytes.encodedSize(Transfer.of("é".repeat(32), ALICE, BOB, 0, 0, 0, sig(1))));
    assertEquals("chain id is 66 bytes of UTF-8, not 1..64",
        illegal(() -> Transfer.of("é".repeat(33), ALICE, BOB, 0, 0, 0, sig(1))));
    assertEquals("chain id is not valid Unicode", illegal(() -> Transfer.of("a\ud800", ALICE, BOB, 0, 0, 0, sig(1))));
    assertEquals("a signature is 64 bytes, got 63",
        illegal(() -> Transfer.of(CHAIN, ALICE, BOB, 0, 0, 0, new byte[63])));
    assertThrows(NullPointerException.class, () -> Transfer.of(CHAIN, null, BOB, 0, 0, 0, sig(1)));
    assertThrows(NullPointerException.class, () -> Transfer.of(CHAIN, ALICE, null, 0, 0, 0, sig(1)));
    assertThrows(NullPointerException.class, () -> Transfer.of(CHAIN, ALICE, BOB, 0, 0, 0, null));
    assertThrows(NullPointerException.class, () -> new Transfer(CHAIN, ALICE, BOB, 0, 0, 0, sig(1), null));
  }

  @Test
  void anIdFromOutsideIsNeverTaken() {
    Hash wrong = Hash.fromHex("11".repeat(32));
    String message = illegal(() -> new Transfer(CHAIN, ALICE, BOB, 1000, 10, 7, sig(1), wrong));
    assertEquals("id " + wrong + " is not the SHA-256 of the signed bytes (" + ID_HEX + ")", message);
    Hash right = Hash.fromHex(ID_HEX);
    assertEquals(right, new Transfer(CHAIN, ALICE, BOB, 1000, 10, 7, sig(1), right).id());
  }

  private static String refused(byte[] bytes) {
    return assertThrows(LedgerFormatException.class, () -> TransferBytes.decode(bytes)).getMessage();
  }

  private static String illegal(org.junit.jupiter.api.function.Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  private static byte[] withShort(byte[] full, int value) {
    byte[] out = full.clone();
    out[0] = (byte) (value >>> 8);
    out[1] = (byte) value;
    return out;
  }

  private static byte[] flipHighBit(byte[] full, int at) {
    byte[] out = full.clone();
    out[at] ^= (byte) 0x80;
    return out;
  }
}
