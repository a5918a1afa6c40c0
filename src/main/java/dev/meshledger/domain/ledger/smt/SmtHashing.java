package dev.meshledger.domain.ledger.smt;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.state.Account;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The hashing of the state tree, shared by {@link SparseMerkleTree} and {@link AccountProof}:
 *
 * <pre>
 * key(id) = SHA-256(id's 32 bytes)                        the path: bit 0 is the top bit of byte 0, 0 = left
 * leaf    = SHA-256(0x00 | key | balance u64 | nonce u64)  big-endian
 * inner   = SHA-256(0x01 | left | right)
 * empty   = 32 zero bytes, at every depth
 * </pre>
 *
 * A leaf's hash does not depend on its depth, so a leaf can move up or down the tree without
 * being rehashed. Hashing the id spreads accounts evenly whoever picks the keys. The 0x00/0x01
 * prefixes (as in {@code Merkle}) keep a leaf from passing for an inner node; the key inside the
 * leaf hash makes a leaf's hash say which account it is.
 */
final class SmtHashing {
  /** The most bits a path can use: no two keys share more than 255. */
  static final int DEPTH = 256;
  static final Hash EMPTY = Hash.ZERO;

  private SmtHashing() {}

  static Hash key(AccountId id) {
    return Sha256.of(id.bytes());
  }

  /** The hash of an account's leaf; {@code account} is never {@link Account#ZERO}, which has no leaf. */
  static Hash leaf(Hash key, Account account) {
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

  /** How many leading bits {@code a} and {@code b} share (256 if equal). */
  static int commonPrefix(byte[] a, byte[] b) {
    int i = Arrays.mismatch(a, b);
    return i < 0 ? DEPTH : i * 8 + Integer.numberOfLeadingZeros((a[i] ^ b[i]) & 0xff) - 24;
  }
}
