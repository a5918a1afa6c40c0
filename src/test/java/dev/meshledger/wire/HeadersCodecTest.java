package dev.meshledger.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.wire.Message.GetHeaders;
import dev.meshledger.wire.Message.Headers;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GETHEADERS and HEADERS: every field read back, counts capped by sync.headersPerRequest before allocation. */
class HeadersCodecTest {
  private static final ChainParams PARAMS = ChainParams.of("headers-codec", 4, 256);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block B1 = TestBlocks.child(PARAMS, GENESIS, "one");
  private static final WireCodec CODEC = new WireCodec(256, 100, 3);

  private static byte[] body(WireCodec codec, Message m) {
    byte[] frame = codec.encode(m);
    return Arrays.copyOfRange(frame, WireCodec.LENGTH_SIZE, frame.length);
  }

  private static void assertSameHeader(Header expected, Header actual) {
    assertEquals(expected.height(), actual.height());
    assertEquals(expected.prevHash(), actual.prevHash());
    assertEquals(expected.timestamp(), actual.timestamp());
    assertEquals(expected.bits(), actual.bits());
    assertArrayEquals(expected.producer(), actual.producer());
    assertEquals(expected.vote(), actual.vote());
    assertEquals(expected.hash(), actual.hash());
    assertArrayEquals(expected.bytes(), actual.bytes());
    assertEquals(expected.commit(), actual.commit());
  }

  @Test
  void aProofOfWorkHeaderReadsBackFieldByFieldWithItsHashRecomputed() {
    Headers decoded = (Headers) CODEC.decode(body(CODEC, new Headers(4, List.of(Header.of(B1)), 12)));
    assertEquals(4, decoded.requestId());
    assertEquals(12, decoded.peerHeight());
    assertSameHeader(Header.of(B1), decoded.headers().get(0));
  }

  @Test
  void aBftHeaderCarriesItsVoteAndCommit() {
    List<NodeKey> keys = TestCommits.keys(4);
    ChainParams bft = ChainParams.of("headers-codec-bft", 0, 64).withBft(TestCommits.params(keys));
    Block genesis = Genesis.of(bft);
    Block b = new BlockFactory(keys.get(0), bft).make(0, genesis.hash(), TestBlocks.T0, TestBlocks.utf8("x"),
        BlockBody.unchanged(genesis.stateRoot()), new ValidatorVote("cd".repeat(32), false), () -> false).orElseThrow();
    Block committed = b.withCommit(TestCommits.commit(genesis.hash(), 1, 2, b.hash(), keys.subList(0, 3)));
    Headers decoded = (Headers) CODEC.decode(body(CODEC, new Headers(1, List.of(Header.of(committed)), 1)));
    assertSameHeader(Header.of(committed), decoded.headers().get(0));
  }

  @Test
  void countsOverTheConfiguredCapAreRefused() {
    WireCodec generous = new WireCodec(256, 100, 10);
    byte[] four = body(generous, new Headers(1, Collections.nCopies(4, Header.of(B1)), 1));
    ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(four));
    assertTrue(e.getMessage().contains("header count 4 is over the limit of 3"), e.getMessage());
    assertEquals(3, ((GetHeaders) CODEC.decode(body(CODEC, new GetHeaders(1, List.of(), 3)))).maxCount());
    assertThrows(ProtocolException.class, () -> CODEC.decode(body(generous, new GetHeaders(1, List.of(), 4))));
    assertEquals(2000, ((GetHeaders) new WireCodec(256, 100).decode(body(CODEC, new GetHeaders(1, List.of(), 2000))))
        .maxCount(), "2000 by default, as Bitcoin's getheaders");
  }

  @Test
  void aCountTheFrameCannotHoldIsRefusedBeforeAnythingIsAllocated() {
    byte[] lying = ByteBuffer.allocate(1 + 8 + 8 + 4 + HeaderBytes.HEADER_SIZE + 2).put((byte) MessageType.HEADERS.code())
        .putLong(1).putLong(1).putInt(2).array();
    ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(lying));
    assertTrue(e.getMessage().contains("more than the frame holds"), e.getMessage());
    byte[] negative = ByteBuffer.allocate(1 + 8 + 8 + 4).put((byte) MessageType.HEADERS.code())
        .putLong(1).putLong(-1).putInt(0).array();
    assertThrows(ProtocolException.class, () -> CODEC.decode(negative));
  }

  @Test
  void aHeaderWithANegativeHeightOrATruncatedOneIsRefused() {
    byte[] ok = body(CODEC, new Headers(1, List.of(Header.of(B1)), 1));
    byte[] negative = ok.clone();
    negative[1 + 8 + 8 + 4] = (byte) 0x80;
    assertThrows(ProtocolException.class, () -> CODEC.decode(negative));
    assertThrows(ProtocolException.class, () -> CODEC.decode(Arrays.copyOf(ok, ok.length - 1)));
  }
}
