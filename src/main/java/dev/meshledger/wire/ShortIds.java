package dev.meshledger.wire;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;

/**
 * Short transfer ids of a compact block: the first 6 bytes of SHA-256(blockHash | nonce | txid),
 * as a number below 2^48. Keyed by the block and a nonce the sender picks, so nobody can grind
 * transfers whose ids collide in every block (BIP152 keys SipHash the same way; SHA-256 is what
 * the JDK has, and a few microseconds per mempool transfer is cheap beside a round trip).
 */
public final class ShortIds {
  /** Bytes of a short id on the wire (BIP152's 6: a collision in a 5,000-transfer mempool is ~1 in 10^7 per block). */
  public static final int SIZE = 6;

  private final byte[] key = new byte[Hash.SIZE + 8];

  /** The keying for one compact block. */
  public ShortIds(Hash block, long nonce) {
    block.copyTo(key, 0);
    for (int i = 0; i < 8; i++) {
      key[Hash.SIZE + i] = (byte) (nonce >>> (56 - 8 * i));
    }
  }

  /** The short id of one transfer id. */
  public long of(Hash txid) {
    byte[] input = new byte[key.length + Hash.SIZE];
    System.arraycopy(key, 0, input, 0, key.length);
    txid.copyTo(input, key.length);
    byte[] h = Sha256.of(input).toBytes();
    long v = 0;
    for (int i = 0; i < SIZE; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return v;
  }
}
