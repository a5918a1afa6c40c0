package dev.meshledger.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {
  private static final NodeKey KEY = NodeKey.generate();
  private static final NodeKey OTHER = NodeKey.generate();
  private static final byte[] MESSAGE = "a transfer's signed bytes".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SIG = KEY.sign(MESSAGE);

  /** The real check, counted. */
  private static final class Counting implements SignatureCheck {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
      calls.incrementAndGet();
      return Ed25519.verifyUncached(publicKey, message, signature);
    }
  }

  private record Triple(byte[] key, byte[] message, byte[] signature) {}

  private record Case(String name, Triple triple, boolean valid) {}

  private static byte[] flip(byte[] b, int i) {
    byte[] c = b.clone();
    c[i] ^= 1;
    return c;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static Triple genuine() {
    return new Triple(KEY.publicKey(), MESSAGE.clone(), SIG.clone());
  }

  private static Triple with(UnaryOperator<Triple> change) {
    return change.apply(genuine());
  }

  private static final List<Case> CASES = List.of(
      new Case("the genuine triple", genuine(), true),
      new Case("signature byte 0 flipped", with(t -> new Triple(t.key(), t.message(), flip(t.signature(), 0))), false),
      new Case("signature byte 31 flipped", with(t -> new Triple(t.key(), t.message(), flip(t.signature(), 31))), false),
      new Case("signature byte 32 flipped", with(t -> new Triple(t.key(), t.message(), flip(t.signature(), 32))), false),
      new Case("signature byte 63 flipped", with(t -> new Triple(t.key(), t.message(), flip(t.signature(), 63))), false),
      new Case("message byte flipped", with(t -> new Triple(t.key(), flip(t.message(), 3), t.signature())), false),
      new Case("message one byte longer", with(t -> new Triple(t.key(), concat(t.message(), new byte[1]), t.signature())),
          false),
      new Case("message one byte shorter",
          with(t -> new Triple(t.key(), Arrays.copyOf(t.message(), t.message().length - 1), t.signature())), false),
      new Case("empty message", with(t -> new Triple(t.key(), new byte[0], t.signature())), false),
      new Case("another key", with(t -> new Triple(OTHER.publicKey(), t.message(), t.signature())), false),
      new Case("key byte flipped", with(t -> new Triple(flip(t.key(), 7), t.message(), t.signature())), false),
      new Case("another key's signature of the message", with(t -> new Triple(t.key(), t.message(), OTHER.sign(MESSAGE))),
          false),
      // the same bytes in a row, split differently: a 33-byte key takes the signature's first byte
      new Case("key one byte longer, same bytes in a row", with(t -> new Triple(concat(t.key(), new byte[] {t.signature()[0]}),
          Arrays.copyOfRange(t.message(), 1, t.message().length),
          concat(Arrays.copyOfRange(t.signature(), 1, 64), new byte[] {t.message()[0]}))), false),
      new Case("signature one byte longer, same bytes in a row", with(t -> new Triple(t.key(),
          Arrays.copyOfRange(t.message(), 1, t.message().length), concat(t.signature(), new byte[] {t.message()[0]}))),
          false),
      new Case("signature one byte shorter", with(t -> new Triple(t.key(), t.message(), Arrays.copyOf(t.signature(), 63))),
          false));

  @Test
  void onlyTheVeryTripleThatVerifiedHitsTheCache() {
    for (Case c : CASES) {
      Counting real = new Counting();
      VerifiedSignatures cache = new VerifiedSignatures(1024, real);
      assertTrue(cache.verify(KEY.publicKey(), MESSAGE, SIG), "the genuine triple verifies");
      assertEquals(1, real.calls.get());
      Triple t = c.triple();
      assertEquals(c.valid(), cache.verify(t.key(), t.message(), t.signature()), c.name());
      assertEquals(c.valid() ? 1 : 2, real.calls.get(), c.name() + ": checked again unless it is the genuine one");
      assertEquals(c.valid() ? 1 : 0, cache.hits(), c.name());
      assertEquals(c.valid() ? 1 : 2, cache.misses(), c.name());
      // and once more: a refused triple was not remembered, the genuine one still is
      assertEquals(c.valid(), cache.verify(t.key(), t.message(), t.signature()), c.name());
      assertEquals(c.valid() ? 1 : 3, real.calls.get(), c.name());
    }
  }

  /** Any triple with a first message byte of 1 "verifies": the bounds need many, and no arithmetic. */
  private static final class Fake implements SignatureCheck {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
      calls.incrementAndGet();
      return message.length > 0 && message[0] == 1;
    }
  }

  private static byte[] msg(int i) {
    return new byte[] {1, (byte) (i >> 24), (byte) (i >> 16), (byte) (i >> 8), (byte) i};
  }

  private static boolean check(VerifiedSignatures cache, int i) {
    return cache.verify(new byte[32], msg(i), new byte[64]);
  }

  @Test
  void theOldestGenerationGoesWhenTheNewerFills() {
    Fake real = new Fake();
    VerifiedSignatures cache = new VerifiedSignatures(4, real);
    for (int i = 0; i < 4; i++) {
      assertTrue(check(cache, i));
    }
    assertEquals(4, real.calls.get());
    assertEquals(2, cache.size());
    assertTrue(check(cache, 3));
    assertTrue(check(cache, 2));
    assertEquals(4, real.calls.get(), "the two newest are remembered");
    assertTrue(check(cache, 1));
    assertTrue(check(cache, 0));
    assertEquals(6, real.calls.get(), "the two oldest were dropped");
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    for (int capacity : new int[] {2, 3, 10, 101}) {
      VerifiedSignatures cache = new VerifiedSignatures(capacity, new Fake());
      for (int i = 0; i < 1000; i++) {
        check(cache, i);
        assertTrue(cache.size() <= capacity, "capacity " + capacity + ": " + cache.size() + " held");
      }
      assertTrue(cache.size() >= capacity / 2 - 1, "capacity " + capacity + ": the newer generation is kept");
    }
  }

  @Test
  void aCapacityOfOneStillRemembersTheLastCheck() {
    Fake real = new Fake();
    VerifiedSignatures cache = new VerifiedSignatures(1, real);
    assertTrue(check(cache, 7));
    assertTrue(check(cache, 7));
    assertEquals(1, real.calls.get());
  }

  @Test
  void capacityZeroChecksEveryTime() {
    Fake real = new Fake();
    VerifiedSignatures cache = new VerifiedSignatures(0, real);
    assertTrue(check(cache, 1));
    assertTrue(check(cache, 1));
    assertEquals(2, real.calls.get());
    assertEquals(0, cache.size());
    assertEquals(0, cache.hits());
    assertEquals(2, cache.misses());
  }

  @Test
  void lookupOnlyAnswersHitsButRemembersNothing() {
    Fake real = new Fake();
    VerifiedSignatures cache = new VerifiedSignatures(100, real);
    assertTrue(check(cache, 1));
    SignatureCheck lookup = cache.lookupOnly();
    assertTrue(lookup.verify(new byte[32], msg(1), new byte[64]));
    assertEquals(1, real.calls.get(), "a hit");
    assertTrue(lookup.verify(new byte[32], msg(2), new byte[64]));
    assertTrue(lookup.verify(new byte[32], msg(2), new byte[64]));
    assertEquals(3, real.calls.get(), "not remembered");
    assertFalse(lookup.verify(new byte[32], new byte[] {0}, new byte[64]), "a refusal is a refusal");
    assertEquals(1, cache.size());
    assertEquals(1, cache.hits());
    assertEquals(4, cache.misses());
  }

  @Test
  void resizingForgetsUnlessTheCapacityIsTheSame() {
    Fake real = new Fake();
    VerifiedSignatures cache = new VerifiedSignatures(100, real);
    check(cache, 1);
    cache.resize(100);
    assertEquals(1, cache.size());
    cache.resize(101);
    assertEquals(1, cache.size(), "101 holds as many as 100");
    cache.resize(50);
    assertEquals(0, cache.size());
    assertTrue(check(cache, 1));
    assertEquals(2, real.calls.get());
    cache.resize(0);
    assertEquals(0, cache.size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.resize(-1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void workersShareItSafely() throws Exception {
    Fake real = new Fake();
    int capacity = 64;
    VerifiedSignatures cache = new VerifiedSignatures(capacity, real);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        all.add(pool.submit(() -> {
          boolean ok = true;
          for (int i = 0; i < 5000; i++) {
            ok &= check(cache, i % 200);
            ok &= !cache.verify(new byte[32], new byte[] {0, (byte) i}, new byte[64]);
          }
          return ok;
        }));
      }
      for (Future<Boolean> f : all) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(cache.size() <= capacity + threads, cache.size() + " held");
    assertEquals(threads * 10_000L, cache.hits() + cache.misses());
  }

  @Test
  void theNodesChecksGoThroughTheProcessCache() {
    byte[] message = ("unique " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    byte[] sig = KEY.sign(message);
    long misses = Ed25519.cache().misses();
    long hits = Ed25519.cache().hits();
    assertTrue(Ed25519.verify(KEY.publicKey(), message, sig));
    assertTrue(Ed25519.verify(KEY.publicKey(), message, sig));
    assertFalse(Ed25519.verify(KEY.publicKey(), message, flip(sig, 40)));
    assertTrue(Ed25519.cache().misses() >= misses + 2);
    assertTrue(Ed25519.cache().hits() >= hits + 1);
  }
}
