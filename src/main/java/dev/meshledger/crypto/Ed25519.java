package dev.meshledger.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

/**
 * Ed25519 through BouncyCastle's lightweight API: ~29k signs/s and ~12k verifies/s per core
 * here, 8-19x the JDK's {@code Signature("Ed25519")} (docs/architecture.md, Known traps).
 * Thread-safe. Verification keeps the decoded points of recently seen keys (a chain has few
 * producers), which saves decoding and checking the key on every signature, and {@link #verify}
 * remembers the signatures that verified ({@link #cache()}, config key
 * {@code verify.signatureCacheEntries}), so that one seen twice costs one check.
 */
public final class Ed25519 {
  public static final int PUBLIC_KEY_SIZE = 32;
  public static final int SECRET_KEY_SIZE = 32;
  public static final int SIGNATURE_SIZE = 64;
  /** Decoded keys kept; past this the cache starts over, so many keys cost no more than none. */
  static final int KEY_CACHE_SIZE = 1024;
  /** Signatures remembered by default: 12x the mempool's default 5,120 transfers, ~6 MB. */
  public static final int DEFAULT_SIGNATURE_CACHE_ENTRIES = 65_536;

  private static final Map<ByteBuffer, PublicPoint> points = new ConcurrentHashMap<>();

  private static final VerifiedSignatures CACHE =
      new VerifiedSignatures(DEFAULT_SIGNATURE_CACHE_ENTRIES, Ed25519::verifyUncached);

  private Ed25519() {}

  /**
   * The process's verified-signature cache, behind {@link #verify}: one per process, like the key
   * points (a signature valid for one node is valid for all); the node sizes it at start.
   */
  public static VerifiedSignatures cache() {
    return CACHE;
  }

  /** A new random secret key, from the platform's strong source. */
  public static byte[] newSecretKey() {
    byte[] sk = new byte[SECRET_KEY_SIZE];
    new SecureRandom().nextBytes(sk);
    return sk;
  }

  public static byte[] publicKeyOf(byte[] secretKey) {
    byte[] pk = new byte[PUBLIC_KEY_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(secretKey, 0, pk, 0);
    return pk;
  }

  public static byte[] sign(byte[] secretKey, byte[] publicKey, byte[] message) {
    byte[] sig = new byte[SIGNATURE_SIZE];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(secretKey, 0, publicKey, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /**
   * False for a bad signature and for a malformed key or signature: never throws. A triple that
   * verified lately is answered from {@link #cache()}.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return CACHE.verify(publicKey, message, signature);
  }

  /** As {@link #verify}, always doing the arithmetic: for benchmarks and tests that count checks. */
  public static boolean verifyUncached(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != PUBLIC_KEY_SIZE || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      PublicPoint point = pointOf(publicKey);
      return point != null
          && org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The key's point, fully validated (as {@code verify(byte[] pk, ...)} would); null when invalid. */
  private static PublicPoint pointOf(byte[] publicKey) {
    ByteBuffer key = ByteBuffer.wrap(publicKey);
    PublicPoint point = points.get(key);
    if (point == null) {
      point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(publicKey, 0);
      if (point != null) {
        if (points.size() >= KEY_CACHE_SIZE) {
          points.clear();
        }
        points.put(ByteBuffer.wrap(publicKey.clone()), point);
      }
    }
    return point;
  }
}
