package dev.meshledger.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.api.BlockJson;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The validator vote in the signed header: how it is written, read back strictly, shown and checked. */
class BlockCodecVoteTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final ChainParams PARAMS = ChainParams.of("codec-vote-test", 0, 1024).withBft(TestCommits.params(KEYS));
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final String SUBJECT = TestBlocks.keyFrom(98).id();
  /** Where the vote starts: right after the producer, the last field before the signature. */
  private static final int VOTE_OFFSET = HeaderBytes.SIGNED_SIZE - HeaderBytes.VOTE_SIZE;

  private static Block withVote(ChainParams params, ValidatorVote vote) {
    return new BlockFactory(KEYS.get(0), params).make(0, Genesis.of(params).hash(), TestBlocks.T0,
        TestBlocks.utf8("a vote"), BlockBody.unchanged(Genesis.of(params).stateRoot()), vote, () -> false).orElseThrow();
  }

  @Test
  void aVoteRoundTripsAndIsSignedAndHashed() {
    for (boolean add : new boolean[] {true, false}) {
      Block b = withVote(PARAMS, new ValidatorVote(SUBJECT, add));
      byte[] bytes = BlockCodec.encode(b);
      assertEquals(add ? HeaderBytes.VOTE_ADD : HeaderBytes.VOTE_REMOVE, bytes[VOTE_OFFSET]);
      Block decoded = BlockCodec.decode(bytes);
      assertEquals(b, decoded);
      assertEquals(new ValidatorVote(SUBJECT, add), decoded.vote());
      assertEquals(Optional.empty(), new BlockValidator(PARAMS).checkIntrinsic(decoded, TestBlocks.T0, false));
    }
    Block none = withVote(PARAMS, null);
    assertNull(BlockCodec.decode(BlockCodec.encode(none)).vote());
    assertEquals(HeaderBytes.HEADER_SIZE, HeaderBytes.header(none).length);
    // the vote is in the signed bytes: the same block with another vote is another block
    assertNotEquals(HeaderBytes.computeHash(none), HeaderBytes.computeHash(withVote(PARAMS, new ValidatorVote(SUBJECT, true))));
  }

  @Test
  void anUnknownKindOrASubjectWithoutAVoteIsRefused() {
    byte[] kind4 = BlockCodec.encode(withVote(PARAMS, new ValidatorVote(SUBJECT, true)));
    kind4[VOTE_OFFSET] = 4;
    assertThrows(CodecException.class, () -> BlockCodec.decode(kind4));
    // kind 3 (evidence) promises an evidence section the block does not have
    byte[] kind3 = BlockCodec.encode(withVote(PARAMS, new ValidatorVote(SUBJECT, true)));
    kind3[VOTE_OFFSET] = 3;
    assertThrows(CodecException.class, () -> BlockCodec.decode(kind3));
    byte[] subjectWithoutVote = BlockCodec.encode(withVote(PARAMS, null));
    subjectWithoutVote[VOTE_OFFSET + 32] = 1;
    assertThrows(CodecException.class, () -> BlockCodec.decode(subjectWithoutVote));
  }

  @Test
  void aChangedVoteBreaksTheSignature() {
    byte[] bytes = BlockCodec.encode(withVote(PARAMS, new ValidatorVote(SUBJECT, true)));
    bytes[VOTE_OFFSET] = HeaderBytes.VOTE_REMOVE;
    Block flipped = BlockCodec.decode(bytes);
    assertEquals(Optional.of(Rejection.BAD_SIGNATURE), new BlockValidator(PARAMS).checkIntrinsic(flipped, TestBlocks.T0, false));
  }

  @Test
  void proofOfWorkRefusesAVote() {
    ChainParams pow = ChainParams.of("codec-vote-pow", 0, 1024);
    Block b = withVote(pow, new ValidatorVote(SUBJECT, true));
    assertEquals(Optional.of(Rejection.BAD_VOTE), new BlockValidator(pow).checkIntrinsic(b, TestBlocks.T0));
  }

  @Test
  void theJsonShowsTheVoteAndItsHeaderHashesBack() {
    Block b = withVote(PARAMS, new ValidatorVote(SUBJECT, false));
    JsonObject json = BlockJson.of(b);
    assertEquals(new JsonObject().put("validator", SUBJECT).put("add", false), json.getJsonObject("vote"));
    assertEquals(b.hash(), BlockJson.header(json).computeHash());
    assertEquals(json, new JsonObject(BlockJson.encode(b)));
    assertEquals(null, BlockJson.of(withVote(PARAMS, null)).getValue("vote"));
  }
}
