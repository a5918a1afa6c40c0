package dev.meshledger.domain;

import dev.meshledger.domain.Sha256;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.function.BooleanSupplier;

/** Grinds the nonce until the header hash has the wanted leading zero bits. */
public final class ProofOfWork {
  /** How many nonces between looks at the cancel flag: ~1 ms of hashing here. */
  private static final int CANCEL_CHECK_INTERVAL = 4096;

  private ProofOfWork() {}

  public static boolean meets(Hash hash, int difficultyBits) {
    return hash.leadingZeroBits() >= difficultyBits;
  }

  /**
   * Seals {@code header} (a full canonical header whose nonce is ignored), returning the winning
   * nonce, or -1 when {@code cancelled} turns true first. The header array is left with the
   * winning nonce in place.
   */
  public static long seal(byte[] header, int difficultyBits, long startNonce, BooleanSupplier cancelled) {
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
        if (leadingZeroBits(out) >= difficultyBits) {
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

  private static int leadingZeroBits(byte[] h) {
    for (int i = 0; i < h.length; i++) {
      if (h[i] != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(h[i] & 0xff) - 24;
      }
    }
    return h.length * 8;
  }
}
