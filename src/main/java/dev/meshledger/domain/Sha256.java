package dev.meshledger.domain;

import dev.meshledger.domain.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with one digest per thread (MessageDigest is not thread-safe, and cheap to reuse). */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  public static Hash of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  public static Hash of(byte[] bytes, int offset, int length) {
    MessageDigest d = DIGEST.get();
    d.update(bytes, offset, length);
    return Hash.wrap(d.digest());
  }
}
