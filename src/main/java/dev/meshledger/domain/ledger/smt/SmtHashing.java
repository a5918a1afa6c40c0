package dev.meshledger.domain.ledger.smt;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.state.Account;
import java.nio.ByteBuffer;

/**
 * The hashing of the state tree, shared by {@link SparseMerkleTree} and {@link AccountProof}:
 *
 * <pre>
 * key(id)      = SHA-256(id's 32 bytes)                        the path: bit 0 is the top bit of byte 0, 0 = left
 * leaf         = SHA-256(0x00 | key | balance u64 | nonce u64)  big-endian
 * inner        = SHA-256(0x01 | left | right)
 * DEFAULT[256] = 32 zero bytes (no leaf), DEFAULT[i] = inner(DEFAULT[i+1], DEFAULT[i+1])
 * </pre>
 *
 * Depth 0 is the root, depth 256 a leaf. Hashing the id spreads accounts evenly whoever picks
 * the keys. The 0x00/0x01 prefixes (as in {@code Merkle}) keep a leaf from passing for an inner
 * node; the key inside the leaf hash makes a leaf's hash say which account it is.
 */
final class SmtHashing {
  static final int DEPTH = 256;
  static final Hash EMPTY_LEAF = Hash.ZERO;
  private static final Hash[] DEFAULTS = defaults();

  private SmtHashing() {}

  /** The hash of an empty subtree whose root is at {@code depth} (0 = the whole tree). */
  static Hash empty(int depth) {
    return DEFAULTS[depth];
  }

  static Hash key(AccountId id) {
    return Sha256.of(id.bytes());
  }

  /** The hash of an account's leaf, or {@link #EMPTY_LEAF} for an absent or empty account. */
  static Hash leaf(Hash key, Account account) {
    if (account == null || account.equals(Account.ZERO)) {
      return EMPTY_LEAF;
    }
    ByteBuffer b = ByteBuffer.allocate(1 + Hash.SIZE + 8 + 8);
    b.put((byte) 0x00);
    key.writeTo(b);
    b.putLong(account.balance());
    b.putLong(account.nonce());
    return Sha256.of(b.array());
  }

  static Hash inner(Hash left, Hash right) {
    byte[] in = new byte[1 + 2 * Hash.SIZE];
    in[0] = 0x01;
    left.copyTo(in, 1);
    right.copyTo(in, 1 + Hash.SIZE);
    return Sha256.of(in);
  }

  /** Bit {@code depth} of the key, most significant first: 1 means the right child. */
  static boolean bit(byte[] key, int depth) {
    return ((key[depth >>> 3] >>> (7 - (depth & 7))) & 1) == 1;
  }

  private static Hash[] defaults() {
    Hash[] d = new Hash[DEPTH + 1];
    d[DEPTH] = EMPTY_LEAF;
    for (int i = DEPTH - 1; i >= 0; i--) {
      d[i] = inner(d[i + 1], d[i + 1]);
    }
    return d;
  }
}
