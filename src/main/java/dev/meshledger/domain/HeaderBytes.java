package dev.meshledger.domain;

import java.nio.ByteBuffer;

/**
 * The canonical bytes of a block header: what the producer signs and what the block hash is
 * the SHA-256 of. They define a block's identity, so they live with the block; the full binary
 * encoding for storage and the wire ({@code codec.BlockCodec}) builds on them.
 *
 * <pre>
 * header  = height u64 | prevHash 32 | timestamp i64 | dataHash 32 | difficultyBits u8
 *         | producer 32 | signature 64 | nonce u64                      (185 bytes, big-endian)
 * signed  = the first 113 bytes of the header (up to and including producer)
 * hash    = SHA-256(header)
 * </pre>
 */
public final class HeaderBytes {
  public static final int SIGNED_SIZE = 8 + 32 + 8 + 32 + 1 + 32;
  public static final int HEADER_SIZE = SIGNED_SIZE + 64 + 8;
  public static final int NONCE_OFFSET = HEADER_SIZE - 8;

  private HeaderBytes() {}

  /** The bytes the producer signs: the header without signature and nonce. */
  public static byte[] signedBytes(long height, Hash prev, long timestamp, Hash dataHash, int bits, byte[] producer) {
    ByteBuffer b = ByteBuffer.allocate(SIGNED_SIZE);
    putSigned(b, height, prev, timestamp, dataHash, bits, producer);
    return b.array();
  }

  public static byte[] signedBytes(Block block) {
    return signedBytes(block.height(), block.prevHash(), block.timestamp(), block.dataHash(),
        block.difficultyBits(), block.producer());
  }

  public static byte[] header(Block block) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
    putHeader(b, block);
    return b.array();
  }

  /** Recomputes the hash from the header fields; a valid block's {@code hash} equals this. */
  public static Hash computeHash(Block block) {
    return Sha256.of(header(block));
  }

  public static void putHeader(ByteBuffer b, Block block) {
    putSigned(b, block.height(), block.prevHash(), block.timestamp(), block.dataHash(),
        block.difficultyBits(), block.producer());
    b.put(block.signature());
    b.putLong(block.nonce());
  }

  private static void putSigned(ByteBuffer b, long height, Hash prev, long timestamp, Hash dataHash, int bits, byte[] producer) {
    if (bits < 0 || bits > 255) {
      throw new IllegalArgumentException("difficultyBits must fit a byte");
    }
    b.putLong(height);
    prev.writeTo(b);
    b.putLong(timestamp);
    dataHash.writeTo(b);
    b.put((byte) bits);
    b.put(producer);
  }
}
