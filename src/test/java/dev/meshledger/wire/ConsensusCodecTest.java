package dev.meshledger.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.wire.Message.DataMessage;
import dev.meshledger.wire.Message.ProposalMessage;
import dev.meshledger.wire.Message.VoteMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PROPOSAL, VOTE and DATA bodies built by hand: what a peer may send, and what is refused. */
class ConsensusCodecTest {
  private static final int MAX_DATA = 64;
  private static final ChainParams PARAMS = ChainParams.of("consensus-wire-test", 0, MAX_DATA);
  private static final Block B1 = TestBlocks.child(PARAMS, Genesis.of(PARAMS), "proposed");
  private static final WireCodec CODEC = new WireCodec(MAX_DATA);
  private static final String ID = "0123456789abcdef".repeat(4);
  private static final byte[] SIG = filled(64, 7);
  private static final Hash X = Hash.fromHex("11".repeat(32));

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  static byte[] vote(int type, long height, int round, int has, Hash block) {
    ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 4 + 1 + 32 + 32 + 64);
    b.put((byte) MessageType.VOTE.code()).put((byte) type).putLong(height).putInt(round).put((byte) has)
        .put(block.toBytes()).put(HexFormat.of().parseHex(ID)).put(SIG);
    return b.array();
  }

  static byte[] proposal(long height, int round, int polRound, Block block) {
    byte[] encoded = BlockCodec.encode(block);
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + 4 + 32 + 64 + encoded.length);
    b.put((byte) MessageType.PROPOSAL.code()).putLong(height).putInt(round).putInt(polRound)
        .put(HexFormat.of().parseHex(ID)).put(SIG).put(encoded);
    return b.array();
  }

  static byte[] data(int announced, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + data.length);
    b.put((byte) MessageType.DATA.code()).putInt(announced).put(data);
    return b.array();
  }

  private static void assertRefused(byte[] body, String what) {
    assertThrows(ProtocolException.class, () -> CODEC.decode(body), what);
  }

  private static byte[] body(Message m) {
    byte[] frame = CODEC.encode(m);
    return Arrays.copyOfRange(frame, WireCodec.LENGTH_SIZE, frame.length);
  }

  @Test
  void handBuiltBodiesDecodeToTheirMessages() {
    assertEquals(new VoteMessage(2, 9, 1, Optional.of(X), ID, SIG), CODEC.decode(vote(2, 9, 1, 1, X)));
    assertEquals(new VoteMessage(1, 1, 0, Optional.empty(), ID, SIG), CODEC.decode(vote(1, 1, 0, 0, Hash.ZERO)));
    assertEquals(new ProposalMessage(4, 3, 2, ID, SIG, B1), CODEC.decode(proposal(4, 3, 2, B1)));
    assertEquals(new DataMessage(new byte[] {1, 2, 3}), CODEC.decode(data(3, new byte[] {1, 2, 3})));
  }

  @Test
  void encodingIsTheDocumentedLayout() {
    assertArrayEquals(vote(2, 9, 1, 1, X), body(new VoteMessage(2, 9, 1, Optional.of(X), ID, SIG)));
    assertArrayEquals(vote(1, 5, 0, 0, Hash.ZERO), body(new VoteMessage(1, 5, 0, Optional.empty(), ID, SIG)));
    assertArrayEquals(proposal(4, 3, -1, B1), body(new ProposalMessage(4, 3, -1, ID, SIG, B1)));
    assertArrayEquals(data(2, new byte[] {9, 8}), body(new DataMessage(new byte[] {9, 8})));
    assertEquals(4 + 1 + 142, CODEC.encode(new VoteMessage(1, 5, 0, Optional.empty(), ID, SIG)).length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 4, 17, 255, 128})
  void voteTypesOtherThanPrevoteAndPrecommitAreRefused(int type) {
    assertRefused(vote(type, 1, 0, 1, X), "type " + type);
  }

  @Test
  void prevotesAndPrecommitsAreTaken() {
    assertEquals(1, ((VoteMessage) CODEC.decode(vote(1, 1, 0, 1, X))).voteType());
    assertEquals(2, ((VoteMessage) CODEC.decode(vote(2, 1, 0, 1, X))).voteType());
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "-1, 0", "-9223372036854775808, 0", "1, -1", "5, -2147483648"})
  void voteHeightBelowOneOrNegativeRoundIsRefused(long height, int round) {
    assertRefused(vote(1, height, round, 1, X), height + "/" + round);
  }

  @Test
  void theLowestHeightAndRoundAndTheHighestAreTaken() {
    VoteMessage v = (VoteMessage) CODEC.decode(vote(1, 1, 0, 1, X));
    assertEquals(1, v.height());
    assertEquals(0, v.round());
    VoteMessage w = (VoteMessage) CODEC.decode(vote(1, Long.MAX_VALUE, Integer.MAX_VALUE, 1, X));
    assertEquals(Long.MAX_VALUE, w.height());
    assertEquals(Integer.MAX_VALUE, w.round());
  }

  @Test
  void aNilVoteHasANilByteAndAZeroHash() {
    assertRefused(vote(1, 1, 0, 0, X), "nil with a hash");
    assertRefused(vote(2, 1, 0, 0, Hash.fromHex("00".repeat(31) + "01")), "nil with a hash ending in 1");
    assertRefused(vote(1, 1, 0, 2, X), "hasBlock 2");
    assertRefused(vote(1, 1, 0, 255, X), "hasBlock 255");
    assertRefused(vote(1, 1, 0, 2, Hash.ZERO), "hasBlock 2 with a zero hash");
    // a vote for a block whose hash is all zeros is not a nil vote
    assertEquals(Optional.of(Hash.ZERO), ((VoteMessage) CODEC.decode(vote(1, 1, 0, 1, Hash.ZERO))).block());
    assertEquals(Optional.empty(), ((VoteMessage) CODEC.decode(vote(1, 1, 0, 0, Hash.ZERO))).block());
  }

  @Test
  void aVoteCutShortOrWithTrailingBytesIsRefused() {
    byte[] v = vote(1, 1, 0, 1, X);
    assertRefused(Arrays.copyOf(v, v.length - 1), "truncated");
    assertRefused(Arrays.copyOf(v, v.length + 1), "trailing");
  }

  static Stream<Arguments> polRounds() {
    return Stream.of(
        Arguments.of(0, -1, true),
        Arguments.of(0, 0, false),
        Arguments.of(0, -2, false),
        Arguments.of(3, -1, true),
        Arguments.of(3, 0, true),
        Arguments.of(3, 2, true),
        Arguments.of(3, 3, false),
        Arguments.of(3, 4, false),
        Arguments.of(3, -2, false),
        Arguments.of(3, Integer.MIN_VALUE, false),
        Arguments.of(1, 0, true),
        Arguments.of(Integer.MAX_VALUE, Integer.MAX_VALUE - 1, true),
        Arguments.of(Integer.MAX_VALUE, Integer.MAX_VALUE, false));
  }

  @ParameterizedTest(name = "round {0} polRound {1}")
  @MethodSource("polRounds")
  void aProposalsPolRoundIsMinusOneOrAnEarlierRound(int round, int polRound, boolean taken) {
    byte[] body = proposal(2, round, polRound, B1);
    if (taken) {
      assertEquals(polRound, ((ProposalMessage) CODEC.decode(body)).polRound());
    } else {
      ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(body));
      assertTrue(e.getMessage().contains("polRound " + polRound + " is not in -1.." + (round - 1)), e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "-1, 0", "1, -1", "1, -2147483648"})
  void aProposalsHeightBelowOneOrNegativeRoundIsRefused(long height, int round) {
    assertRefused(proposal(height, round, -1, B1), height + "/" + round);
  }

  @Test
  void aProposalsBlockIsHeldToTheDataLimit() {
    Block big = TestBlocks.child(ChainParams.of(PARAMS.chainId(), 0, 1000), Genesis.of(PARAMS), "x".repeat(MAX_DATA + 1));
    assertRefused(proposal(1, 0, -1, big), "block data over the limit");
    Block full = TestBlocks.child(PARAMS, Genesis.of(PARAMS), "x".repeat(MAX_DATA));
    assertEquals(full, ((ProposalMessage) CODEC.decode(proposal(1, 0, -1, full))).block());
    byte[] p = proposal(1, 0, -1, B1);
    assertRefused(Arrays.copyOf(p, p.length - 1), "truncated block");
  }

  @Test
  void dataUpToTheBlockLimitIsTaken() {
    assertEquals(new DataMessage(new byte[0]), CODEC.decode(data(0, new byte[0])));
    byte[] max = filled(MAX_DATA, 5);
    assertEquals(new DataMessage(max), CODEC.decode(data(MAX_DATA, max)));
  }

  @Test
  void dataOverTheLimitNegativeOrTruncatedIsRefused() {
    assertRefused(data(MAX_DATA + 1, filled(MAX_DATA + 1, 5)), "over the limit");
    assertRefused(data(-1, new byte[0]), "negative length");
    assertRefused(data(Integer.MIN_VALUE, new byte[0]), "negative length");
    assertRefused(data(5, new byte[4]), "truncated");
    assertRefused(data(MAX_DATA, new byte[0]), "announced, none sent");
    assertRefused(data(3, new byte[4]), "trailing");
    ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(data(5, new byte[4])));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void encodingRefusesIdsAndSignaturesOfTheWrongSize() {
    assertThrows(IllegalArgumentException.class,
        () -> CODEC.encode(new VoteMessage(1, 1, 0, Optional.of(X), "ab".repeat(31), SIG)));
    assertThrows(IllegalArgumentException.class,
        () -> CODEC.encode(new VoteMessage(1, 1, 0, Optional.of(X), ID, new byte[63])));
    assertThrows(IllegalArgumentException.class,
        () -> CODEC.encode(new ProposalMessage(1, 0, -1, "ab".repeat(33), SIG, B1)));
    assertThrows(IllegalArgumentException.class,
        () -> CODEC.encode(new ProposalMessage(1, 0, -1, ID, new byte[65], B1)));
  }

  @Test
  void otherMessageTypesAreNotTheConsensusCodecs() {
    assertThrows(IllegalStateException.class, () -> ConsensusCodec.payloadSize(new Message.Ping(1)));
    assertThrows(IllegalStateException.class,
        () -> ConsensusCodec.encode(ByteBuffer.allocate(16), new Message.Ping(1)));
    assertThrows(IllegalStateException.class,
        () -> ConsensusCodec.decode(MessageType.PING, ByteBuffer.allocate(16), MAX_DATA));
  }
}
