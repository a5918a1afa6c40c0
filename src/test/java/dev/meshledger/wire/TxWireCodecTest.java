package dev.meshledger.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.wire.Message.TxAnnounce;
import dev.meshledger.wire.Message.TxRequest;
import dev.meshledger.wire.Message.Txs;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** TX_ANNOUNCE, TX_REQUEST and TXS: their bytes, their round trips and every way a peer can get them wrong. */
class TxWireCodecTest {
  private static final WireCodec CODEC = new WireCodec(256);
  private static final HexFormat HEX = HexFormat.of();

  /** A well-formed (not validly signed: the codec does not check signatures) transfer. */
  static Transfer transfer(String chainId, int n) {
    byte[] sig = new byte[TransferBytes.SIGNATURE_SIZE];
    Arrays.fill(sig, (byte) n);
    return Transfer.of(chainId, AccountId.fromHex("01".repeat(32)), AccountId.fromHex("02".repeat(32)), 1000 + n, 10, n,
        sig);
  }

  private static Hash id(int n) {
    return Sha256.of(new byte[] {(byte) n, (byte) (n >> 8)});
  }

  private static List<Hash> ids(int count) {
    return IntStream.range(0, count).mapToObj(TxWireCodecTest::id).toList();
  }

  private static byte[] body(Message m) {
    byte[] frame = CODEC.encode(m);
    return Arrays.copyOfRange(frame, WireCodec.LENGTH_SIZE, frame.length);
  }

  private static ProtocolException refused(byte[] body) {
    return assertThrows(ProtocolException.class, () -> CODEC.decode(body));
  }

  @Test
  void anAnnounceIsACountAndThe32ByteIds() {
    Hash id = id(7);
    byte[] frame = CODEC.encode(new TxAnnounce(List.of(id)));
    // length 1 + 4 + 32 = 37, type 13, count 1, the id's bytes
    assertEquals("00000025" + "0d" + "00000001" + id.toHex(), HEX.formatHex(frame));
    // TX_REQUEST is the same layout, type 14
    assertEquals("00000025" + "0e" + "00000001" + id.toHex(), HEX.formatHex(CODEC.encode(new TxRequest(List.of(id)))));
  }

  @Test
  void aTransferInsideTxsIsItsCanonicalEncoding() {
    Transfer t = transfer("mesh", 3);
    byte[] frame = CODEC.encode(new Txs(List.of(t)));
    String transferHex = "0004" + HEX.formatHex("mesh".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "01".repeat(32) + "02".repeat(32) + "00000000000003eb" + "000000000000000a" + "0000000000000003"
        + "03".repeat(64);
    assertEquals(HEX.formatHex(TransferBytes.encode(t)), transferHex);
    assertEquals(HEX.formatHex(ByteBuffer.allocate(4).putInt(1 + 4 + transferHex.length() / 2).array())
        + "0f" + "00000001" + transferHex, HEX.formatHex(frame));
  }

  static Stream<Message> samples() {
    return Stream.of(
        new TxAnnounce(List.of()), new TxAnnounce(ids(3)), new TxAnnounce(ids(WireCodec.MAX_TX_IDS)),
        new TxRequest(List.of()), new TxRequest(ids(WireCodec.MAX_TX_IDS)),
        new Txs(List.of()), new Txs(List.of(transfer("a", 1), transfer("ü".repeat(32), 2), transfer("b".repeat(64), 3))),
        new Txs(IntStream.range(0, WireCodec.MAX_TXS).mapToObj(i -> transfer("x", i)).toList()));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void roundTripsAtEverySizeUpToTheCap(Message m) {
    assertEquals(m, CODEC.decode(body(m)));
  }

  @Test
  void overCapListsAreRefusedBothWays() {
    assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new TxAnnounce(ids(WireCodec.MAX_TX_IDS + 1))));
    assertThrows(IllegalArgumentException.class,
        () -> CODEC.encode(new Txs(IntStream.range(0, WireCodec.MAX_TXS + 1).mapToObj(i -> transfer("x", i)).toList())));
  }

  static Stream<Arguments> overCapCounts() {
    // only a count is sent: a decoder that trusted it would allocate or loop first
    return Stream.of(MessageType.TX_ANNOUNCE, MessageType.TX_REQUEST, MessageType.TXS).flatMap(t -> Stream.of(
        Arguments.of(t, WireCodec.MAX_TX_IDS + 1), Arguments.of(t, Integer.MAX_VALUE), Arguments.of(t, -1)));
  }

  @ParameterizedTest(name = "{0} count {1}")
  @MethodSource("overCapCounts")
  void overCapCountsAreRefusedBeforeAnythingIsAllocated(MessageType type, int count) {
    byte[] b = ByteBuffer.allocate(1 + 4).put((byte) type.code()).putInt(count).array();
    ProtocolException e = refused(b);
    assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
  }

  @Test
  void aCountTheBytesCannotHoldIsRefused() {
    byte[] ids = ByteBuffer.allocate(1 + 4 + 32).put((byte) MessageType.TX_ANNOUNCE.code()).putInt(2).put(new byte[32])
        .array();
    assertTrue(refused(ids).getMessage().contains("truncated"));
    byte[] txs = ByteBuffer.allocate(1 + 4 + 10).put((byte) MessageType.TXS.code()).putInt(4096).array();
    assertTrue(refused(txs).getMessage().contains("truncated"));
  }

  static Stream<Arguments> everyTruncationAndTrailingByte() {
    return samples().filter(m -> body(m).length < 2000).map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("everyTruncationAndTrailingByte")
  void truncationAndTrailingBytesAreRefused(Message m) {
    byte[] b = body(m);
    for (int len = 1; len < b.length; len++) {
      byte[] cut = Arrays.copyOf(b, len);
      assertThrows(ProtocolException.class, () -> CODEC.decode(cut), m.type() + " cut to " + len);
    }
    ProtocolException e = refused(Arrays.copyOf(b, b.length + 1));
    assertTrue(e.getMessage().contains("trailing") || e.getMessage().contains("bad transfer"), e.getMessage());
  }

  /** Ways to spoil the one transfer of a TXS, by its offset in the frame body. */
  static Stream<Arguments> badTransfers() {
    // body: type 1 | count 4 | chainIdLength 2 | "mesh" 4 | from 32 | to 32 | amount 8 | fee 8 | nonce 8 | sig 64
    Function<byte[], byte[]> zeroChainLength = b -> { b[5] = 0; b[6] = 0; return b; };
    Function<byte[], byte[]> chainLength65 = b -> { b[5] = 0; b[6] = 65; return b; };
    Function<byte[], byte[]> badUtf8 = b -> { b[7] = (byte) 0xC3; b[8] = (byte) 0x28; return b; };
    Function<byte[], byte[]> negativeAmount = b -> { b[7 + 4 + 64] = (byte) 0x80; return b; };
    Function<byte[], byte[]> negativeNonce = b -> { b[7 + 4 + 64 + 16] = (byte) 0xff; return b; };
    return Stream.of(Arguments.of("chain id length 0", zeroChainLength), Arguments.of("chain id length 65", chainLength65),
        Arguments.of("chain id not UTF-8", badUtf8), Arguments.of("amount >= 2^63", negativeAmount),
        Arguments.of("nonce >= 2^63", negativeNonce));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTransfers")
  void aBadTransferMakesTheWholeFrameAProtocolError(String what, Function<byte[], byte[]> spoil) {
    byte[] good = body(new Txs(List.of(transfer("mesh", 3))));
    assertEquals(transfer("mesh", 3), ((Txs) CODEC.decode(good)).transfers().get(0));
    ProtocolException e = refused(spoil.apply(good.clone()));
    assertTrue(e.getMessage().contains("TXS"), what + ": " + e.getMessage());
  }
}
