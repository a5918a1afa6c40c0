package dev.meshledger.storage;

import dev.meshledger.domain.Hash;
import java.nio.ByteBuffer;

/** What fork choice needs of a stored block without reading it: the header index entry. */
public record BlockMeta(long height, Hash prevHash, long totalWork) {
  static final int SIZE = 8 + Hash.SIZE + 8;

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putLong(height);
    prevHash.writeTo(b);
    b.putLong(totalWork);
    return b.array();
  }

  static BlockMeta decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long height = b.getLong();
    byte[] prev = new byte[Hash.SIZE];
    b.get(prev);
    return new BlockMeta(height, Hash.wrap(prev), b.getLong());
  }
}
