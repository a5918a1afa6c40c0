package dev.meshledger.domain;

import dev.meshledger.domain.pow.PowRules;
import java.math.BigInteger;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** Grinds the nonce until the header hash, read as an unsigned number, is at most the target. */
public final class ProofOfWork {
  /** How many nonces between looks at the cancel flag: ~1 ms of hashing here. */
  private static final int CANCEL_CHECK_INTERVAL = 4096;

  private ProofOfWork() {}

  public static boolean meets(Hash hash, BigInteger target) {
    return PowRules.meets(hash.toBytes(), target);
  }

  /**
   * Seals {@code header} (a full canonical header whose nonce is ignored), returning the winning
   * nonce, or -1 when {@code cancelled} turns true first. The header array is left with the
   * winning nonce in place.
   */
  public static long seal(byte[] header, BigInteger target, long startNonce, BooleanSupplier cancelled) {
    byte[] limit = toBytes(target);
    MessageDigest prefix = Sha256.newDigest();
    prefix.update(header, 0, HeaderBytes.NONCE_OFFSET);
    byte[] out = new byte[Hash.SIZE];
    long nonce = startNonce;
    try {
      for (long i = 0; ; i++, nonce++) {
        if (i % CANCEL_CHECK_INTERVAL == 0 && i > 0 && cancelled.getAsBoolean()) {
          return -1;
        }
        writeNonce(header, nonce);
        MessageDigest d = (MessageDigest) prefix.clone();
        d.update(header, HeaderBytes.NONCE_OFFSET, 8);
        d.digest(out, 0, Hash.SIZE);
        if (Arrays.compareUnsigned(out, limit) <= 0) {
          return nonce;
        }
      }
    } catch (CloneNotSupportedException | DigestException e) {
      throw new IllegalStateException("the JDK's SHA-256 clones and digests into arrays", e);
    }
  }

  private static void writeNonce(byte[] header, long nonce) {
    for (int i = 7; i >= 0; i--) {
      header[HeaderBytes.NONCE_OFFSET + i] = (byte) nonce;
      nonce >>>= 8;
    }
  }

  /** The target as 32 big-endian bytes, so a hash compares to it without a BigInteger per nonce. */
  private static byte[] toBytes(BigInteger target) {
    if (target.signum() <= 0 || target.bitLength() > 8 * Hash.SIZE) {
      throw new IllegalArgumentException("a target is in [1, 2^256 - 1]");
    }
    byte[] raw = target.toByteArray();
    byte[] out = new byte[Hash.SIZE];
    int n = Math.min(raw.length, Hash.SIZE);
    System.arraycopy(raw, raw.length - n, out, Hash.SIZE - n, n);
    return out;
  }
}
