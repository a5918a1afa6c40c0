package dev.meshledger.storage;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.state.Account;
import java.nio.ByteBuffer;

/**
 * State tree nodes as stored: {@code 0x01 | left 32 | right 32} for an inner node,
 * {@code 0x00 | key 32 | balance u64 | nonce u64} for a leaf, {@code 0x02 | accounts root 32 | stake state}
 * for a proof-of-stake state's root. Only this node writes and reads
 * them, under their own hash, from RocksDB, which checksums its blocks.
 */
final class StateNodeCodec {
  private static final byte LEAF = 0x00;
  private static final byte INNER = 0x01;
  private static final byte STAKE_ROOT = 0x02;

  private StateNodeCodec() {}

  static byte[] encode(NodeStore.Node node) {
    if (node instanceof NodeStore.Inner inner) {
      ByteBuffer b = ByteBuffer.allocate(1 + 2 * Hash.SIZE);
      b.put(INNER);
      inner.left().writeTo(b);
      inner.right().writeTo(b);
      return b.array();
    }
    if (node instanceof NodeStore.StakeRoot root) {
      byte[] stake = root.stake();
      ByteBuffer b = ByteBuffer.allocate(1 + Hash.SIZE + stake.length);
      b.put(STAKE_ROOT);
      root.accounts().writeTo(b);
      b.put(stake);
      return b.array();
    }
    NodeStore.Leaf leaf = (NodeStore.Leaf) node;
    ByteBuffer b = ByteBuffer.allocate(1 + Hash.SIZE + 16);
    b.put(LEAF);
    leaf.key().writeTo(b);
    b.putLong(leaf.account().balance());
    b.putLong(leaf.account().nonce());
    return b.array();
  }

  static NodeStore.Node decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte kind = b.get();
    Hash first = read(b);
    if (kind == INNER && bytes.length == 1 + 2 * Hash.SIZE) {
      return new NodeStore.Inner(first, read(b));
    }
    if (kind == STAKE_ROOT) {
      byte[] stake = new byte[b.remaining()];
      b.get(stake);
      return new NodeStore.StakeRoot(first, stake);
    }
    if (kind == LEAF && bytes.length == 1 + Hash.SIZE + 16) {
      return new NodeStore.Leaf(first, new Account(b.getLong(), b.getLong()));
    }
    throw new StorageException("a stored state node of kind " + kind + " and " + bytes.length + " bytes is corrupt");
  }

  private static Hash read(ByteBuffer b) {
    byte[] h = new byte[Hash.SIZE];
    b.get(h);
    return Hash.wrap(h);
  }
}
