package dev.meshledger.codec;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The canonical binary encoding of blocks, used for hashing, signing, storage and the wire.
 *
 * <pre>
 * header  = height u64 | prevHash 32 | timestamp i64 | dataHash 32 | difficultyBits u8
 *         | producer 32 | signature 64 | nonce u64                      (185 bytes, big-endian)
 * signed  = the first 113 bytes of the header (up to and including producer)
 * hash    = SHA-256(header)
 * block   = header | dataLength u32 | data
 * </pre>
 */
public final class BlockCodec {
  public static final int SIGNED_SIZE = 8 + 32 + 8 + 32 + 1 + 32;
  public static final int HEADER_SIZE = SIGNED_SIZE + 64 + 8;
  public static final int NONCE_OFFSET = HEADER_SIZE - 8;

  private BlockCodec() {}

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

  public static int encodedSize(Block block) {
    return HEADER_SIZE + 4 + block.data().length;
  }

  public static byte[] encode(Block block) {
    ByteBuffer b = ByteBuffer.allocate(encodedSize(block));
    encodeTo(b, block);
    return b.array();
  }

  public static void encodeTo(ByteBuffer b, Block block) {
    putHeader(b, block);
    b.putInt(block.data().length);
    b.put(block.data());
  }

  /** Decodes one block; the hash is recomputed, never trusted from outside. */
  public static Block decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    Block block = decodeFrom(b, Integer.MAX_VALUE);
    if (b.hasRemaining()) {
      throw new CodecException(b.remaining() + " trailing bytes after a block");
    }
    return block;
  }

  /**
   * Decodes a block read back from our own store under its hash, which is taken as it is rather
   * than computed again (RocksDB checks its own blocks' checksums on every read).
   */
  public static Block decodeStored(byte[] bytes, Hash hash) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    Block block = decodeFrom(b, Integer.MAX_VALUE, hash);
    if (b.hasRemaining()) {
      throw new CodecException(b.remaining() + " trailing bytes after a block");
    }
    return block;
  }

  /** Decodes one block from the buffer's position, refusing data longer than {@code maxData}. */
  public static Block decodeFrom(ByteBuffer b, int maxData) {
    return decodeFrom(b, maxData, null);
  }

  private static Block decodeFrom(ByteBuffer b, int maxData, Hash knownHash) {
    try {
      int start = b.position();
      long height = b.getLong();
      Hash prev = readHash(b);
      long timestamp = b.getLong();
      Hash dataHash = readHash(b);
      int bits = b.get() & 0xff;
      byte[] producer = new byte[Block.PRODUCER_SIZE];
      b.get(producer);
      byte[] signature = new byte[Block.SIGNATURE_SIZE];
      b.get(signature);
      long nonce = b.getLong();
      Hash hash = knownHash != null ? knownHash : Sha256.of(b.array(), b.arrayOffset() + start, HEADER_SIZE);
      int length = b.getInt();
      if (length < 0 || length > maxData || length > b.remaining()) {
        throw new CodecException("block data length " + Integer.toUnsignedString(length) + " is out of bounds");
      }
      byte[] data = new byte[length];
      b.get(data);
      if (height < 0) {
        throw new CodecException("negative block height");
      }
      return new Block(height, prev, timestamp, dataHash, bits, producer, signature, nonce, data, hash);
    } catch (BufferUnderflowException e) {
      throw new CodecException("truncated block");
    }
  }

  public static Hash readHash(ByteBuffer b) {
    byte[] h = new byte[Hash.SIZE];
    b.get(h);
    return Hash.wrap(h);
  }

  private static void putHeader(ByteBuffer b, Block block) {
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
