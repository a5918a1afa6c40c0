package dev.meshledger.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The signatures verified lately, so that one seen twice is checked once: a transfer checked on
 * entry to the mempool is not checked again in the block that carries it (gossip, compact relay,
 * the chain), a BFT precommit checked as a vote is not checked again in the block's commit, and a
 * block checked in gossip is not checked again by a sync. A hit costs one SHA-256 (~1 us) against
 * an Ed25519 verify (~110 us).
 *
 * <p>An entry is the SHA-256 of public key, signature and message (the first two fixed-size, so
 * the concatenation is unambiguous): a hit means this very triple verified before, and no other
 * key, message or signature can hit without a SHA-256 collision. Only successful checks are kept.
 *
 * <p>Bounded: two generations of at most {@code capacity / 2} entries each (~100 bytes an entry);
 * when the newer one fills, the older is dropped whole and the newer takes its place. No lock on
 * lookups; a few concurrent inserts may overshoot a generation by one each. Thread-safe.
 */
public final class VerifiedSignatures implements SignatureCheck {
  private final SignatureCheck delegate;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private volatile int generationSize;
  private volatile Set<Key> current = newSet();
  private volatile Set<Key> previous = newSet();

  /** A 256-bit digest as four longs: 48 bytes on the heap where a byte[] with a wrapper takes ~80. */
  private record Key(long a, long b, long c, long d) {}

  /**
   * @param capacity entries kept at most (0: none, every check goes to {@code delegate})
   * @param delegate the real check
   */
  public VerifiedSignatures(int capacity, SignatureCheck delegate) {
    this.delegate = delegate;
    resize(capacity);
  }

  /**
   * Keeps at most {@code capacity} entries from now on (rounded down to even, but at least 2 unless 0),
   * forgetting all; nothing changes when the capacity does not.
   */
  public synchronized void resize(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("a signature cache holds 0 or more entries, not " + capacity);
    }
    int size = capacity == 0 ? 0 : Math.max(1, capacity / 2);
    if (size == generationSize) {
      return;
    }
    generationSize = size;
    current = newSet();
    previous = newSet();
  }

  /** True when the triple verified before (a hit) or verifies now, which is then remembered. */
  @Override
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return verify(publicKey, message, signature, true);
  }

  /**
   * As {@link #verify(byte[], byte[], byte[])}; {@code remember} false only looks the triple up, for a
   * check whose signatures are unlikely to come again (a sync's blocks) and would push out the ones
   * that will (the mempool's transfers).
   */
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature, boolean remember) {
    if (generationSize == 0 || publicKey.length != Ed25519.PUBLIC_KEY_SIZE
        || signature.length != Ed25519.SIGNATURE_SIZE) {
      misses.increment();
      return delegate.verify(publicKey, message, signature);
    }
    Key key = keyOf(publicKey, message, signature);
    if (current.contains(key) || previous.contains(key)) {
      hits.increment();
      return true;
    }
    misses.increment();
    boolean ok = delegate.verify(publicKey, message, signature);
    if (ok && remember) {
      remember(key);
    }
    return ok;
  }

  /** A check through this cache that never adds to it. */
  public SignatureCheck lookupOnly() {
    return (publicKey, message, signature) -> verify(publicKey, message, signature, false);
  }

  private void remember(Key key) {
    Set<Key> cur = current;
    cur.add(key);
    if (cur.size() >= generationSize) {
      synchronized (this) {
        if (current == cur) {
          previous = cur;
          current = newSet();
        }
      }
    }
  }

  /** Checks answered from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** Checks that ran the real verification (uncached, failed or new). */
  public long misses() {
    return misses.sum();
  }

  /** Entries held now. */
  public int size() {
    return current.size() + previous.size();
  }

  private static Set<Key> newSet() {
    return ConcurrentHashMap.newKeySet();
  }

  private static Key keyOf(byte[] publicKey, byte[] message, byte[] signature) {
    MessageDigest sha = SHA256.get();
    sha.update(publicKey);
    sha.update(signature);
    sha.update(message);
    ByteBuffer d = ByteBuffer.wrap(sha.digest());
    return new Key(d.getLong(), d.getLong(), d.getLong(), d.getLong());
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  });
}
