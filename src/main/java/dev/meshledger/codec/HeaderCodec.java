package dev.meshledger.codec;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.ValidatorVote;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The encoding of a {@link Header} in a HEADERS message: the header bytes as {@link HeaderBytes}
 * makes them, then the commit as it ends a block ({@link BlockCodec#writeCommit}; a count of 0 under
 * proof of work). The hash is recomputed on reading, never taken from outside.
 */
public final class HeaderCodec {
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
      Commit commit = BlockCodec.readCommit(b);
      return new Header(height, prev, timestamp, bits, producer, vote, Sha256.of(bytes), bytes, commit);
    } catch (BufferUnderflowException e) {
      throw new CodecException("truncated header");
    }
  }
}
