package dev.meshledger.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.BlockAnnounce;
import dev.meshledger.wire.Message.BlockMessage;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message.Disconnect;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.Message.PeerAddress;
import dev.meshledger.wire.Message.Peers;
import dev.meshledger.wire.Message.PeersRequest;
import dev.meshledger.wire.Message.Ping;
import dev.meshledger.wire.Message.Pong;
import dev.meshledger.wire.Message.ValidationRequest;
import dev.meshledger.wire.Message.ValidationResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private static final ChainParams PARAMS = ChainParams.of("wire-test", 4, 256);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block B1 = TestBlocks.child(PARAMS, GENESIS, "one");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "twö");
  private static final String ID = "0123456789abcdef".repeat(4);
  private static final WireCodec CODEC = new WireCodec(PARAMS.maxBlockDataBytes());

  /** One message of every type, with non-default values in every field. */
  private static Map<MessageType, Message> oneOfEach() {
    Map<MessageType, Message> m = new EnumMap<>(MessageType.class);
    put(m, new Hello(WireCodec.PROTOCOL, "wire-test", GENESIS.hash(), ID, "node-1.example", 7001, 12, Work.of(3456)));
    put(m, new Ping(-7));
    put(m, new Pong(Long.MAX_VALUE));
    put(m, new Disconnect(DisconnectReason.WRONG_GENESIS, "my genesis is … not yours"));
    put(m, new BlockMessage(B1));
    put(m, new BlockAnnounce(B2.hash(), 2, Work.of(512)));
    put(m, new ChainRequest(99, List.of(B2.hash(), B1.hash(), GENESIS.hash()), 0, 500));
    put(m, new ChainResponse(100, List.of(B1, B2), 2));
    put(m, new ValidationRequest(5));
    put(m, new ValidationResponse(5, true, 2, B2.hash(), 3));
    put(m, new PeersRequest());
    put(m, new Peers(List.of(new PeerAddress("127.0.0.1", 7002, ID, 1_700_000_000_000L),
        new PeerAddress("::1", 65_535, "ff".repeat(32), 0))));
    put(m, new Message.TxAnnounce(List.of(B1.hash(), B2.hash())));
    byte[] sig = new byte[64];
    Arrays.fill(sig, (byte) 7);
    put(m, new Message.ProposalMessage(3, 2, 1, ID, sig, B1.withCommit(new Commit(4, List.of(
        new CommitSig(HexFormat.of().parseHex(ID), sig))))));
    put(m, new Message.VoteMessage(2, 9, 1, java.util.Optional.of(B2.hash()), ID, sig));
    put(m, new Message.DataMessage("dätä".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    put(m, new Message.TxRequest(List.of(B2.hash())));
    put(m, new Message.Txs(List.of(TxWireCodecTest.transfer("wire-test", 1), TxWireCodecTest.transfer("wïre", 2))));
    Block withTransfers = dev.meshledger.domain.TestTransfers.blockWith(PARAMS, B1, "tx",
        dev.meshledger.domain.TestTransfers.transfers("wire-test", 3));
    put(m, dev.meshledger.gossip.CompactRelay.compact(withTransfers, 42));
    put(m, new Message.GetBlockTxn(withTransfers.hash(), List.of(0, 2)));
    put(m, new Message.BlockTxn(withTransfers.hash(), withTransfers.transactions().subList(0, 2)));
    put(m, new Message.GetHeaders(7, List.of(B1.hash(), GENESIS.hash()), 2000));
    put(m, new Message.Headers(8, List.of(dev.meshledger.domain.Header.of(B1), dev.meshledger.domain.Header.of(B2)), 9));
    return m;
  }

  private static void put(Map<MessageType, Message> m, Message msg) {
    m.put(msg.type(), msg);
  }

  /** A frame's body: the type code and payload, as the frame decoder hands it on. */
  private static byte[] body(Message m) {
    byte[] frame = CODEC.encode(m);
    return Arrays.copyOfRange(frame, WireCodec.LENGTH_SIZE, frame.length);
  }

  private static void assertRefused(byte[] body, String what) {
    assertThrows(ProtocolException.class, () -> CODEC.decode(body), what);
  }

  @Test
  void everyMessageTypeRoundTrips() {
    Map<MessageType, Message> all = oneOfEach();
    assertEquals(EnumSet.allOf(MessageType.class), all.keySet(), "a sample of every type");
    for (Message m : all.values()) {
      byte[] frame = CODEC.encode(m);
      assertEquals(frame.length - WireCodec.LENGTH_SIZE, ByteBuffer.wrap(frame).getInt(), m.type() + " length prefix");
      assertEquals(m.type().code(), frame[WireCodec.LENGTH_SIZE], m.type() + " type byte");
      assertEquals(m, CODEC.decode(body(m)), m.type().toString());
    }
  }

  @Test
  void everyDisconnectReasonRoundTrips() {
    for (DisconnectReason r : DisconnectReason.values()) {
      assertEquals(new Disconnect(r, r.text()), CODEC.decode(body(new Disconnect(r, r.text()))));
    }
  }

  @Test
  void typeCodesAreStable() {
    // Part of protocol meshledger/1: a renumbering would split the network.
    int[] expected = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23};
    assertEquals(Arrays.toString(expected), Arrays.toString(Arrays.stream(MessageType.values()).mapToInt(MessageType::code).toArray()));
  }

  @Test
  void unknownTypeCodeAndEmptyFrameAreProtocolErrors() {
    for (int code : new int[] {0, 24, 100, 255}) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(new byte[] {(byte) code, 0, 0}));
      assertTrue(e.getMessage().contains("unknown message type " + code), e.getMessage());
    }
    assertRefused(new byte[0], "empty frame");
  }

  @Test
  void trailingBytesAreProtocolErrors() {
    for (Message m : oneOfEach().values()) {
      byte[] b = body(m);
      byte[] longer = Arrays.copyOf(b, b.length + 1);
      ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(longer), m.type().toString());
      assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }
  }

  @Test
  void everyTruncationIsAProtocolError() {
    for (Message m : oneOfEach().values()) {
      byte[] b = body(m);
      for (int len = 1; len < b.length; len++) {
        assertRefused(Arrays.copyOf(b, len), m.type() + " cut to " + len + " of " + b.length);
      }
    }
  }

  @Test
  void locatorOfMoreThan64HashesIsRefused() {
    List<Hash> sixtyFour = IntStream.range(0, WireCodec.MAX_LOCATOR).mapToObj(i -> B1.hash()).toList();
    ChainRequest ok = new ChainRequest(1, sixtyFour, 0, 10);
    assertEquals(ok, CODEC.decode(body(ok)));

    List<Hash> sixtyFive = new ArrayList<>(sixtyFour);
    sixtyFive.add(B2.hash());
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> CODEC.decode(body(new ChainRequest(1, sixtyFive, 0, 10))));
    assertTrue(e.getMessage().contains("locator 65"), e.getMessage());
  }

  @Test
  void chainRequestForMoreThan2000BlocksIsRefused() {
    assertEquals(2000, ((ChainRequest) CODEC.decode(body(new ChainRequest(1, List.of(), 5, 2000)))).maxCount());
    assertRefused(body(new ChainRequest(1, List.of(), 5, 2001)), "maxCount 2001");
    assertRefused(body(new ChainRequest(1, List.of(), 5, -1)), "maxCount -1");
  }

  @Test
  void hugeCountsAreRefusedBeforeAnythingIsAllocated() {
    // Only the count is sent: a decoder that trusted it would allocate (or loop) first.
    for (int count : new int[] {2001, Integer.MAX_VALUE, -1}) {
      byte[] response = ByteBuffer.allocate(1 + 8 + 8 + 4).put((byte) MessageType.CHAIN_RESPONSE.code())
          .putLong(1).putLong(0).putInt(count).array();
      ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(response));
      assertTrue(e.getMessage().contains("block count " + Integer.toUnsignedString(count)), e.getMessage());

      byte[] locator = ByteBuffer.allocate(1 + 8 + 4).put((byte) MessageType.CHAIN_REQUEST.code())
          .putLong(1).putInt(count).array();
      assertRefused(locator, "locator count " + count);

      byte[] peers = ByteBuffer.allocate(1 + 4).put((byte) MessageType.PEERS.code()).putInt(count).array();
      assertRefused(peers, "peer count " + count);
    }
  }

  @Test
  void moreThan2000BlocksInAResponseAreRefused() {
    List<Block> many = java.util.Collections.nCopies(WireCodec.MAX_BLOCKS_PER_RESPONSE + 1, B1);
    assertRefused(body(new ChainResponse(1, many, 1)), "2001 blocks");
  }

  @Test
  void badUtf8IsAProtocolError() {
    byte[] hello = body(new Hello("ab", "wire-test", GENESIS.hash(), ID, "h", 1, 0, Work.of(0)));
    // type, u16 length 2, then the protocol id's two bytes: C3 28 is a broken two-byte sequence
    hello[3] = (byte) 0xC3;
    hello[4] = (byte) 0x28;
    ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(hello));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());

    byte[] disconnect = body(new Disconnect(DisconnectReason.REQUESTED, "x"));
    disconnect[4] = (byte) 0xFF; // never valid in UTF-8
    assertRefused(disconnect, "DISCONNECT detail 0xFF");
  }

  @Test
  void stringLongerThanTheFrameIsAProtocolError() {
    byte[] b = body(new Disconnect(DisconnectReason.REQUESTED, "x"));
    b[2] = (byte) 0xFF; // claims 0x00FF bytes, has 1
    assertRefused(b, "string length over the rest of the frame");
  }

  @Test
  void negativeHeightsAndBadWorkAreProtocolErrors() {
    assertRefused(body(new Hello(WireCodec.PROTOCOL, "c", Hash.ZERO, ID, "h", 1, -1, Work.of(0))), "HELLO height -1");
    assertRefused(body(new BlockAnnounce(B1.hash(), -1, Work.ZERO)), "BLOCK_ANNOUNCE height -1");
    byte[] announce = body(new BlockAnnounce(B1.hash(), 1, Work.of(5)));
    announce[1 + Hash.SIZE + 8] = 0; // the work's length byte
    assertRefused(announce, "BLOCK_ANNOUNCE work of 0 bytes");
    announce[1 + Hash.SIZE + 8] = (byte) (Work.MAX_BYTES + 1);
    assertRefused(announce, "BLOCK_ANNOUNCE work over " + Work.MAX_BYTES + " bytes");
    assertRefused(body(new ChainRequest(1, List.of(), -1, 10)), "CHAIN_REQUEST fromHeight -1");
    assertRefused(body(new ChainResponse(1, List.of(), -1)), "CHAIN_RESPONSE peerHeight -1");
    assertRefused(body(new ValidationResponse(1, true, -1, B1.hash(), 0)), "VALIDATION_RESPONSE height -1");
  }

  @Test
  void workBeyondSixtyFourBitsRoundTrips() {
    Work big = new Work(java.math.BigInteger.ONE.shiftLeft(300).add(java.math.BigInteger.TEN));
    Message hello = new Hello(WireCodec.PROTOCOL, "c", Hash.ZERO, ID, "h", 1, 7, big);
    assertEquals(hello, CODEC.decode(body(hello)));
    Message announce = new BlockAnnounce(B1.hash(), 7, big);
    assertEquals(announce, CODEC.decode(body(announce)));
  }

  @Test
  void portOutOfRangeAndBadBooleanAreProtocolErrors() {
    assertRefused(body(new Hello(WireCodec.PROTOCOL, "c", Hash.ZERO, ID, "h", 65_536, 0, Work.ZERO)), "port 65536");
    assertRefused(body(new Peers(List.of(new PeerAddress("h", -1, ID, 0)))), "peer port -1");
    byte[] v = body(new ValidationResponse(1, true, 1, B1.hash(), 1));
    v[1 + 8] = 2; // the valid flag
    assertRefused(v, "boolean byte 2");
  }

  @Test
  void blockDataOverTheChainLimitIsAProtocolError() {
    Block big = TestBlocks.child(ChainParams.of("wire-test", 4, 4096), GENESIS, "x".repeat(1000));
    assertRefused(body(new BlockMessage(big)), "1000 bytes of data under a 256-byte limit");
  }
}
