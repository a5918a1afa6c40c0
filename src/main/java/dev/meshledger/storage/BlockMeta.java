package dev.meshledger.storage;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.MedianTimePast;
import dev.meshledger.domain.pow.Work;
import java.nio.ByteBuffer;

/**
 * What fork choice, the ledger and the proof-of-work rules need of a stored block without reading
 * it: the header index entry, with the state root its children's transfers apply to and its
 * {@link Ancestry} (anchor time and recent timestamps), so a child's bits and median time past
 * come from this one record.
 *
 * <pre>
 * meta = height u64 | prevHash 32 | stateRoot 32 | anchorTime i64 | n u8 | n x timestamp i64
 *      | work length u8 | work (unsigned big-endian)
 * </pre>
 */
public record BlockMeta(long height, Hash prevHash, Work totalWork, Hash stateRoot, Ancestry ancestry) {
  public BlockMeta {
    if (ancestry.height() != height) {
      throw new IllegalArgumentException("a block's ancestry is at its own height");
    }
  }

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(8 + Hash.SIZE * 2 + 8 + 1 + 8 * ancestry.recent().length
        + BlockCodec.workSize(totalWork));
    b.putLong(height);
    prevHash.writeTo(b);
    stateRoot.writeTo(b);
    b.putLong(ancestry.anchorTime());
    b.put((byte) ancestry.recent().length);
    for (long t : ancestry.recent()) {
      b.putLong(t);
    }
    BlockCodec.writeWork(b, totalWork);
    return b.array();
  }

  static BlockMeta decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long height = b.getLong();
    Hash prev = BlockCodec.readHash(b);
    Hash root = BlockCodec.readHash(b);
    long anchorTime = b.getLong();
    int n = b.get() & 0xff;
    if (n == 0 || n > MedianTimePast.SPAN) {
      throw new StorageException("a stored block's meta holds " + n + " timestamps");
    }
    long[] recent = new long[n];
    for (int i = 0; i < n; i++) {
      recent[i] = b.getLong();
    }
    Work work = BlockCodec.readWork(b);
    return new BlockMeta(height, prev, work, root, new Ancestry(height, anchorTime, recent));
  }
}
