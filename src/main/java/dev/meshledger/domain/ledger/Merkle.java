package dev.meshledger.domain.ledger;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The transactions root of a block and inclusion proofs, as RFC 6962 (Certificate Transparency)
 * section 2.1 defines them, so any CT library can check our proofs and its test vectors check
 * us:
 *
 * <pre>
 * leaf  = SHA-256(0x00 | transfer id)          (the leaf data is the 32-byte id)
 * node  = SHA-256(0x01 | left | right)
 * MTH({}) = SHA-256()      MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of 2 below n
 * </pre>
 *
 * The prefixes keep a leaf from passing for an inner node (the second-preimage trick against
 * Bitcoin's tree), and the split, unlike Bitcoin's duplicated last leaf, gives no two lists
 * the same root.
 */
public final class Merkle {
  /** RFC 6962's MTH of the empty list: SHA-256 of nothing. */
  public static final Hash EMPTY_ROOT = Sha256.of(new byte[0]);
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private Merkle() {}

  /** The root over these transfer ids, in block order. */
  public static Hash root(List<Hash> ids) {
    return rootOfLeaves(leafHashes(ids));
  }

  /** The inclusion proof of {@code ids.get(index)}. */
  public static Proof proof(List<Hash> ids, int index) {
    Objects.checkIndex(index, ids.size());
    return new Proof(index, ids.size(), path(leafHashes(ids), index, 0, ids.size()));
  }

  /** RFC 6962's leaf hash of arbitrary leaf data; ours is always a transfer id. */
  static Hash leafHash(byte[] data) {
    byte[] in = new byte[1 + data.length];
    in[0] = LEAF_PREFIX;
    System.arraycopy(data, 0, in, 1, data.length);
    return Sha256.of(in);
  }

  static Hash nodeHash(Hash left, Hash right) {
    byte[] in = new byte[1 + 2 * Hash.SIZE];
    in[0] = NODE_PREFIX;
    left.copyTo(in, 1);
    right.copyTo(in, 1 + Hash.SIZE);
    return Sha256.of(in);
  }

  /** MTH over leaf hashes already computed. */
  static Hash rootOfLeaves(List<Hash> leaves) {
    return leaves.isEmpty() ? EMPTY_ROOT : subtree(leaves, 0, leaves.size());
  }

  /** The path of leaf {@code m} of {@code leaves[from:to]}, bottom-up (RFC 6962's PATH). */
  static List<Hash> path(List<Hash> leaves, int m, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = split(n);
    List<Hash> p;
    if (m < k) {
      p = path(leaves, m, from, from + k);
      p.add(subtree(leaves, from + k, to));
    } else {
      p = path(leaves, m - k, from + k, to);
      p.add(subtree(leaves, from, from + k));
    }
    return p;
  }

  /** The largest power of two smaller than {@code n}, for {@code n >= 2}. */
  static int split(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static Hash subtree(List<Hash> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = split(n);
    return nodeHash(subtree(leaves, from, from + k), subtree(leaves, from + k, to));
  }

  private static List<Hash> leafHashes(List<Hash> ids) {
    List<Hash> leaves = new ArrayList<>(ids.size());
    for (Hash id : ids) {
      leaves.add(leafHash(id.toBytes()));
    }
    return leaves;
  }

  /**
   * That the leaf at {@code index} of a tree of {@code size} leaves hashes up to a root, with
   * the siblings of {@code path}, bottom-up. Compact form (for the API and offline checks):
   * {@code index u32 | size u32 | count u8 | count x 32 bytes}, big-endian, or its hex.
   */
  public record Proof(int index, int size, List<Hash> path) {
    /** A tree of at most 2^31-1 leaves is at most 31 levels deep. */
    public static final int MAX_PATH = 31;
    private static final int HEADER = 4 + 4 + 1;
    private static final HexFormat HEX = HexFormat.of();

    public Proof {
      if (index < 0 || index >= size) {
        throw new IllegalArgumentException("index " + index + " is not in a tree of " + size);
      }
      if (path.size() > MAX_PATH) {
        throw new IllegalArgumentException("a path has at most " + MAX_PATH + " hashes, got " + path.size());
      }
      path = List.copyOf(path);
    }

    /**
     * True when the transfer {@code leafId} is in the tree of {@code root}, at {@code index} if
     * the tree has {@code size} leaves. The root does not fix the size: a path whose shape fits
     * several sizes (the first leaf of 3 or of 4) verifies with any of them, so a caller that
     * knows the block's transaction count uses {@link #verify(Hash, Hash, int)}.
     */
    public boolean verify(Hash leafId, Hash root) {
      return root.equals(rootFrom(leafHash(leafId.toBytes())));
    }

    /** {@link #verify(Hash, Hash)}, and the proof is for a tree of {@code treeSize} leaves. */
    public boolean verify(Hash leafId, Hash root, int treeSize) {
      return size == treeSize && verify(leafId, root);
    }

    /**
     * The root this path leads to from a leaf hash, or null when the path's length does not
     * fit the index and size (RFC 9162 section 2.1.3.2).
     */
    Hash rootFrom(Hash leaf) {
      long fn = index;
      long sn = size - 1L;
      Hash r = leaf;
      for (Hash p : path) {
        if (sn == 0) {
          return null;
        }
        if ((fn & 1) == 1 || fn == sn) {
          r = nodeHash(p, r);
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        } else {
          r = nodeHash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
      }
      return sn == 0 ? r : null;
    }

    public byte[] toBytes() {
      ByteBuffer b = ByteBuffer.allocate(HEADER + path.size() * Hash.SIZE);
      b.putInt(index);
      b.putInt(size);
      b.put((byte) path.size());
      for (Hash h : path) {
        h.writeTo(b);
      }
      return b.array();
    }

    public String toHex() {
      return HEX.formatHex(toBytes());
    }

    /** @throws LedgerFormatException unless exactly one well-formed proof */
    public static Proof fromBytes(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      try {
        int index = b.getInt();
        int size = b.getInt();
        if (index < 0 || index >= size) { // also every size <= 0
          throw new LedgerFormatException("proof index " + Integer.toUnsignedString(index)
              + " is not in a tree of " + Integer.toUnsignedString(size));
        }
        int count = Byte.toUnsignedInt(b.get());
        if (count > MAX_PATH) {
          throw new LedgerFormatException("proof path has " + count + " hashes, at most " + MAX_PATH);
        }
        List<Hash> path = new ArrayList<>(count);
        byte[] h = new byte[Hash.SIZE];
        for (int i = 0; i < count; i++) {
          b.get(h);
          path.add(Hash.wrap(h));
        }
        if (b.hasRemaining()) {
          throw new LedgerFormatException("proof has " + b.remaining() + " trailing bytes");
        }
        return new Proof(index, size, path);
      } catch (BufferUnderflowException e) {
        throw new LedgerFormatException("proof is truncated");
      }
    }

    /** @throws LedgerFormatException unless the hex of exactly one well-formed proof */
    public static Proof fromHex(String hex) {
      byte[] bytes;
      try {
        bytes = HEX.parseHex(hex);
      } catch (IllegalArgumentException e) {
        throw new LedgerFormatException("proof is not hex");
      }
      return fromBytes(bytes);
    }
  }
}
