package dev.meshledger.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.TestBlocks.Field;
import dev.meshledger.domain.TestBlocks;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockCodecTest {
  private static final ChainParams PARAMS = ChainParams.of("codec-test", 4, 1024);
  private static final Block BLOCK = TestBlocks.child(PARAMS, Genesis.of(PARAMS), "héllo, codec");

  @Test
  void headerIs289BytesAndBlockIsHeaderLengthAndData() {
    assertEquals(289, HeaderBytes.HEADER_SIZE);
    assertEquals(289, HeaderBytes.header(BLOCK).length);
    // the 2 bytes at the end: an empty commit's count (proof of work)
    assertEquals(289 + 4 + BLOCK.data().length + 2, BlockCodec.encode(BLOCK).length);
    assertEquals(BlockCodec.encode(BLOCK).length, BlockCodec.encodedSize(BLOCK));
  }

  @Test
  void decodeOfEncodeGivesTheSameBlock() {
    Block decoded = BlockCodec.decode(BlockCodec.encode(BLOCK));
    assertEquals(BLOCK, decoded);
    assertArrayEquals(BLOCK.data(), decoded.data());
    assertEquals("héllo, codec", decoded.dataAsString());
  }

  @Test
  void emptyDataRoundTrips() {
    Block empty = TestBlocks.child(PARAMS, Genesis.of(PARAMS), "");
    assertEquals(empty, BlockCodec.decode(BlockCodec.encode(empty)));
  }

  @Test
  void hashIsSha256OfTheHeader() {
    assertEquals(Sha256.of(HeaderBytes.header(BLOCK)), BLOCK.hash());
    assertEquals(BLOCK.hash(), HeaderBytes.computeHash(BLOCK));
  }

  @Test
  void decodedHashIsRecomputedNotTrusted() {
    // The hash is not part of the encoding: whatever a sender claims, decode computes it.
    Block lying = TestBlocks.with(BLOCK, Field.HASH, Hash.ZERO);
    Block decoded = BlockCodec.decode(BlockCodec.encode(lying));
    assertEquals(BLOCK.hash(), decoded.hash());

    byte[] bytes = BlockCodec.encode(BLOCK);
    bytes[20] ^= 1; // inside prevHash
    Block tampered = BlockCodec.decode(bytes);
    assertNotEquals(BLOCK.hash(), tampered.hash());
    assertEquals(HeaderBytes.computeHash(tampered), tampered.hash());
  }

  @Test
  void aStoredBlockDecodesUnderTheHashItWasStoredBy() {
    byte[] bytes = BlockCodec.encode(BLOCK);
    Block stored = BlockCodec.decodeStored(bytes, BLOCK.hash());
    assertEquals(BlockCodec.decode(bytes), stored);
    assertArrayEquals(BLOCK.data(), stored.data());
    assertEquals(BLOCK.hash(), stored.hash());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(CodecException.class, () -> BlockCodec.decodeStored(longer, BLOCK.hash()));
    assertThrows(CodecException.class, () -> BlockCodec.decodeStored(Arrays.copyOf(bytes, 100), BLOCK.hash()));
  }

  @Test
  void truncatedInputIsRejected() {
    byte[] bytes = BlockCodec.encode(BLOCK);
    for (int len : new int[] {0, 1, 100, 184, 185, 188, bytes.length - 1}) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThrows(CodecException.class, () -> BlockCodec.decode(cut), "length " + len);
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] bytes = BlockCodec.encode(BLOCK);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    CodecException e = assertThrows(CodecException.class, () -> BlockCodec.decode(longer));
    assertEquals("1 trailing bytes after a block", e.getMessage());
  }

  @Test
  void dataLengthBeyondTheInputOrNegativeIsRejected() {
    for (int length : new int[] {Integer.MAX_VALUE, -1, BLOCK.data().length + 1}) {
      byte[] bytes = BlockCodec.encode(BLOCK);
      ByteBuffer.wrap(bytes).putInt(HeaderBytes.HEADER_SIZE, length);
      assertThrows(CodecException.class, () -> BlockCodec.decode(bytes), "length " + length);
    }
  }

  @Test
  void dataLongerThanTheCallersLimitIsRejected() {
    ByteBuffer b = ByteBuffer.wrap(BlockCodec.encode(BLOCK));
    int size = BLOCK.data().length;
    assertThrows(CodecException.class, () -> BlockCodec.decodeFrom(b, size - 1));
    b.rewind();
    assertEquals(BLOCK, BlockCodec.decodeFrom(b, size));
  }

  @Test
  void decodeFromReadsConsecutiveBlocksInOneBuffer() {
    Block second = TestBlocks.child(PARAMS, BLOCK, "second");
    ByteBuffer b = ByteBuffer.allocate(BlockCodec.encodedSize(BLOCK) + BlockCodec.encodedSize(second));
    BlockCodec.encodeTo(b, BLOCK);
    BlockCodec.encodeTo(b, second);
    b.flip();
    assertEquals(BLOCK, BlockCodec.decodeFrom(b, 1024));
    assertEquals(second, BlockCodec.decodeFrom(b, 1024));
    assertEquals(0, b.remaining());
  }

  @Test
  void signedBytesAreTheHeaderUpToTheVote() {
    byte[] signed = HeaderBytes.signedBytes(BLOCK);
    assertEquals(217, signed.length);
    assertArrayEquals(Arrays.copyOf(HeaderBytes.header(BLOCK), 217), signed);
  }

  @Test
  void bitsAreFourBigEndianBytesAfterTheStateRootAndRoundTripAnyValue() {
    int offset = 8 + 32 + 8 + 32 + 32 + 4 + 32;
    for (int bits : new int[] {0, 0x1d00_ffff, 0x2100_ffff, 0xffff_ffff, 0x8000_0000}) {
      Block b = TestBlocks.rehashed(TestBlocks.with(BLOCK, TestBlocks.Field.BITS, bits));
      byte[] header = HeaderBytes.header(b);
      assertEquals(bits, java.nio.ByteBuffer.wrap(header, offset, 4).getInt());
      assertEquals(b, BlockCodec.decode(BlockCodec.encode(b)), "the codec carries bits it would refuse to validate");
    }
  }

  @Test
  void aTransferCountTheBytesCannotHoldIsRefusedBeforeReadingAny() {
    var alice = dev.meshledger.domain.ledger.WalletKey.generate();
    var t = alice.transfer("codec-test", alice.account(), 1, 1, 0);
    Block one = new dev.meshledger.domain.BlockFactory(TestBlocks.KEY, PARAMS).make(0, Genesis.of(PARAMS).hash(),
        TestBlocks.T0, TestBlocks.utf8("x"), new dev.meshledger.domain.BlockBody(List.of(t), Hash.ZERO), () -> false)
        .orElseThrow();
    assertEquals(one, BlockCodec.decode(BlockCodec.encode(one)));
    byte[] bytes = BlockCodec.encode(one);
    int countAt = 8 + 32 + 8 + 32 + 32;
    ByteBuffer.wrap(bytes).putInt(countAt, 2);
    CodecException e = assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
    assertTrue(e.getMessage().contains("transfer count 2"), e.getMessage());
    ByteBuffer.wrap(bytes).putInt(countAt, -1);
    assertThrows(CodecException.class, () -> BlockCodec.decode(bytes));
  }
}
