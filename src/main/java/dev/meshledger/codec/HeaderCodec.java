package dev.meshledger.codec;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.ledger.LedgerFormatException;
import dev.meshledger.domain.ledger.TransferBytes;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The encoding of a {@link Header} in a HEADERS message: the header bytes as {@link HeaderBytes}
 * makes them, then the commit as it ends a block ({@link BlockCodec#writeCommit}; a count of 0 under
 * proof of work). The hash is recomputed on reading, never taken from outside.
 */
public final class HeaderCodec {
  /** Where the transfer count sits in the header: after height, prevHash, timestamp, dataHash and txRoot. */
  private static final int TX_COUNT_OFFSET = 8 + Hash.SIZE + 8 + Hash.SIZE + Hash.SIZE;

  private HeaderCodec() {}

  public static int encodedSize(Header h) {
    return HeaderBytes.HEADER_SIZE + h.commit().encodedSize();
  }

  public static void encodeTo(ByteBuffer b, Header h) {
    b.put(h.bytes());
    BlockCodec.writeCommit(b, h.commit());
  }

  public static Header decodeFrom(ByteBuffer b) {
    try {
      byte[] bytes = new byte[HeaderBytes.HEADER_SIZE];
      b.get(bytes);
      return fields(bytes, Sha256.of(bytes), BlockCodec.readCommit(b));
    } catch (BufferUnderflowException e) {
      throw new CodecException("truncated header");
    }
  }

  /**
   * The header and commit of a block read back from our own store under {@code hash} (taken as it is,
   * as {@link BlockCodec#decodeStored} does): its data and transfers are skipped, not decoded, so a run
   * of headers costs the header bytes, not the bodies' objects.
   */
  public static Header ofStored(byte[] stored, Hash hash) {
    try {
      ByteBuffer b = ByteBuffer.wrap(stored);
      byte[] bytes = new byte[HeaderBytes.HEADER_SIZE];
      b.get(bytes);
      int txCount = ByteBuffer.wrap(bytes, TX_COUNT_OFFSET, 4).getInt();
      int dataLength = b.getInt();
      if (dataLength < 0 || txCount < 0) {
        throw new CodecException("stored block " + hash + " has a negative data length or transfer count");
      }
      b.position(b.position() + dataLength);
      for (int i = 0; i < txCount; i++) {
        TransferBytes.skip(b);
      }
      return fields(bytes, hash, BlockCodec.readCommit(b));
    } catch (BufferUnderflowException | IllegalArgumentException | LedgerFormatException e) {
      throw new CodecException("truncated stored block " + hash);
    }
  }

  private static Header fields(byte[] bytes, Hash hash, Commit commit) {
    ByteBuffer f = ByteBuffer.wrap(bytes);
    long height = f.getLong();
    if (height < 0) {
      throw new CodecException("negative header height");
    }
    Hash prev = BlockCodec.readHash(f);
    long timestamp = f.getLong();
    f.position(f.position() + Hash.SIZE * 2 + 4 + Hash.SIZE); // dataHash, txRoot, txCount, stateRoot
    int bits = f.getInt();
    byte[] producer = new byte[32];
    f.get(producer);
    ValidatorVote vote = BlockCodec.readVote(f);
    return new Header(height, prev, timestamp, bits, producer, vote, hash, bytes, commit);
  }
}
