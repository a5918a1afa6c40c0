package dev.meshledger.storage;

import dev.meshledger.domain.Hash;
import java.nio.ByteBuffer;

/**
 * What fork choice and the ledger need of a stored block without reading it: the header index
 * entry, with the state root its children's transfers apply to.
 */
public record BlockMeta(long height, Hash prevHash, long totalWork, Hash stateRoot) {
  static final int SIZE = 8 + Hash.SIZE + 8 + Hash.SIZE;

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putLong(height);
    prevHash.writeTo(b);
    b.putLong(totalWork);
    stateRoot.writeTo(b);
    return b.array();
  }

  static BlockMeta decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long height = b.getLong();
    byte[] prev = new byte[Hash.SIZE];
    b.get(prev);
    long totalWork = b.getLong();
    byte[] root = new byte[Hash.SIZE];
    b.get(root);
    return new BlockMeta(height, Hash.wrap(prev), totalWork, Hash.wrap(root));
  }
}
