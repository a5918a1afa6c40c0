package dev.meshledger.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.finality.TestCommits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commit section at the end of a block's encoding. */
class BlockCodecCommitTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final ChainParams PARAMS = ChainParams.of("codec-bft-test", 0, 1024).withBft(TestCommits.params(KEYS));
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block BLOCK =
      new BlockFactory(KEYS.get(0), PARAMS).make(GENESIS, TestBlocks.T0, TestBlocks.utf8("with a commit"));
  private static final Commit COMMIT = TestCommits.commit(GENESIS.hash(), 1, 3, BLOCK.hash(), KEYS.subList(0, 3));
  private static final Block FINAL = BLOCK.withCommit(COMMIT);

  /** Where the commit section starts in {@link #FINAL}'s encoding. */
  private static int commitOffset() {
    return BlockCodec.encodedSize(BLOCK) - 2;
  }

  @Test
  void aBlockWithItsCommitRoundTrips() {
    byte[] bytes = BlockCodec.encode(FINAL);
    assertEquals(BlockCodec.encodedSize(BLOCK) + 4 + 3 * CommitSig.SIZE, bytes.length);
    assertEquals(bytes.length, BlockCodec.encodedSize(FINAL));
    Block decoded = BlockCodec.decode(bytes);
    assertEquals(FINAL, decoded);
    assertEquals(COMMIT, decoded.commit());
    assertEquals(3, decoded.commit().round());
    // the commit is not part of the hash
    assertEquals(BLOCK.hash(), decoded.hash());
    assertEquals(FINAL, BlockCodec.decodeStored(bytes, BLOCK.hash()));
  }

  @Test
  void theCommitSectionIsAsDocumented() {
    byte[] bytes = BlockCodec.encode(FINAL);
    ByteBuffer b = ByteBuffer.wrap(bytes, commitOffset(), bytes.length - commitOffset());
    assertEquals(3, b.getShort());
    assertEquals(3, b.getInt());
    for (CommitSig s : COMMIT.signatures()) {
      byte[] id = new byte[32];
      byte[] sig = new byte[64];
      b.get(id).get(sig);
      assertArrayEquals(s.validator(), id);
      assertArrayEquals(s.signature(), sig);
    }
    assertEquals(0, b.remaining());
    // without a commit: a count of 0 and nothing more
    byte[] none = BlockCodec.encode(BLOCK);
    assertEquals(0, ByteBuffer.wrap(none, none.length - 2, 2).getShort());
    assertEquals(Commit.NONE, BlockCodec.decode(none).commit());
  }

  @Test
  void aCountOver32767IsReadUnsigned() {
    // the count is a u16: 0x8000 signatures announced with none there is refused as a count, not misread
    byte[] bytes = Arrays.copyOf(BlockCodec.encode(BLOCK), BlockCodec.encodedSize(BLOCK) + 4);
    ByteBuffer.wrap(bytes).putShort(commitOffset(), (short) 0x8000).putInt(commitOffset() + 2, 0);
    assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
  }

  @Test
  void aCountLargerThanTheRemainingBytesIsRefused() {
    byte[] bytes = BlockCodec.encode(FINAL);
    ByteBuffer.wrap(bytes).putShort(commitOffset(), (short) 4);
    CodecException e = assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
    assertEquals(true, e.getMessage().contains("count 4"), e.getMessage());
    // one byte short of the last signature
    byte[] cut = Arrays.copyOf(BlockCodec.encode(FINAL), BlockCodec.encodedSize(FINAL) - 1);
    assertThrows(CodecException.class, () -> BlockCodec.decode(cut));
  }

  @Test
  void aCountSmallerThanTheSignaturesLeavesTrailingBytes() {
    byte[] bytes = BlockCodec.encode(FINAL);
    ByteBuffer.wrap(bytes).putShort(commitOffset(), (short) 2);
    assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
  }

  @Test
  void aNegativeRoundIsRefused() {
    byte[] bytes = BlockCodec.encode(FINAL);
    ByteBuffer.wrap(bytes).putInt(commitOffset() + 2, -1);
    CodecException e = assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
    assertEquals(true, e.getMessage().contains("round -1"), e.getMessage());
    ByteBuffer.wrap(bytes).putInt(commitOffset() + 2, Integer.MIN_VALUE);
    assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
    ByteBuffer.wrap(bytes).putInt(commitOffset() + 2, Integer.MAX_VALUE);
    assertEquals(Integer.MAX_VALUE, BlockCodec.decode(bytes).commit().round());
  }

  @Test
  void aCountWithoutItsRoundIsTruncated() {
    byte[] bytes = Arrays.copyOf(BlockCodec.encode(BLOCK), BlockCodec.encodedSize(BLOCK) + 2);
    ByteBuffer.wrap(bytes).putShort(commitOffset(), (short) 1);
    assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
  }

  @Test
  void moreSignaturesThanAnyValidatorSetIsRefusedEvenWhenTheyAreThere() {
    int count = Commit.MAX_SIGNATURES + 1;
    byte[] block = BlockCodec.encode(BLOCK);
    ByteBuffer b = ByteBuffer.allocate(block.length + 4 + count * CommitSig.SIZE);
    b.put(block).putShort(commitOffset(), (short) count).putInt(0);
    assertThrows(CodecException.class, () -> BlockCodec.decode(b.array()));
  }
}
