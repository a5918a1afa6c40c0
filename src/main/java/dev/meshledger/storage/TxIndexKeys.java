package dev.meshledger.storage;

import dev.meshledger.domain.Hash;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The transfer index's records: key {@code transfer id 32 | block hash 32}, value the transfer's
 * index in the block (u32). One key per block holding the transfer, so a prefix scan by id finds
 * it on every branch.
 */
final class TxIndexKeys {
  private TxIndexKeys() {}

  static byte[] key(Hash transferId, Hash blockHash) {
    byte[] key = new byte[2 * Hash.SIZE];
    transferId.copyTo(key, 0);
    blockHash.copyTo(key, Hash.SIZE);
    return key;
  }

  static byte[] value(int index) {
    return ByteBuffer.allocate(4).putInt(index).array();
  }

  static boolean isFor(byte[] key, byte[] transferId) {
    return key.length == 2 * Hash.SIZE && Arrays.equals(key, 0, Hash.SIZE, transferId, 0, Hash.SIZE);
  }

  static TxLocation location(byte[] key, byte[] value) {
    return new TxLocation(Hash.wrap(Arrays.copyOfRange(key, Hash.SIZE, 2 * Hash.SIZE)), ByteBuffer.wrap(value).getInt());
  }
}
