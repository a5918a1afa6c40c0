package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressBookTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long BASE = 100;
  private static final long MAX = 2_000;

  /** A Random whose jitter is always the middle: back-off without noise. */
  private static final class NoJitter extends Random {
    @Override
    public double nextDouble() {
      return 0.5;
    }
  }

  private static String id(int i) {
    return String.format("%064x", i);
  }

  private static String addr(int i) {
    return "10.0." + (i / 250) + "." + (i % 250 + 1) + ":7001";
  }

  private static long delay(AddressBook book, String address) {
    return book.get(address).nextAttempt() - NOW;
  }

  @Test
  void backOffDoublesPerFailureUpToTheCap() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.add(addr(1), null, "seed", 0);
    long[] expected = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
    for (int i = 0; i < expected.length; i++) {
      book.onFailed(addr(1), NOW, false);
      assertEquals(expected[i], delay(book, addr(1)), "after failure " + (i + 1));
      assertEquals(i + 1, book.get(addr(1)).failures());
    }
  }

  @Test
  void backOffJitterStaysWithin25PercentAndVaries() {
    AddressBook book = new AddressBook(BASE, MAX, new Random(7));
    for (int failures = 1; failures <= 8; failures++) {
      long nominal = Math.min(MAX, BASE << (failures - 1));
      Set<Long> seen = new HashSet<>();
      for (int run = 0; run < 200; run++) {
        long b = book.backoff(failures);
        assertTrue(b >= nominal * 0.75 && b <= nominal * 1.25, "failure " + failures + ": " + b + " vs " + nominal);
        seen.add(b);
      }
      assertTrue(seen.size() > 10, "jittered, not one fixed delay: " + seen.size() + " distinct values");
    }
  }

  @Test
  void aDueAddressIsNotOfferedAgainUntilItsBackOffIsOver() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.add(addr(1), null, "api", 0);
    assertEquals(List.of(addr(1)), book.candidates(NOW, 8, Set.of()));
    book.onFailed(addr(1), NOW, false);
    assertEquals(List.of(), book.candidates(NOW + 99, 8, Set.of()));
    assertEquals(List.of(addr(1)), book.candidates(NOW + 100, 8, Set.of()));
  }

  @Test
  void aPermanentRefusalWaitsFarLongerThanTheCap() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.add(addr(1), null, "api", 0);
    book.onFailed(addr(1), NOW, true);
    assertTrue(delay(book, addr(1)) > MAX, "waited " + delay(book, addr(1)));
  }

  @Test
  void aWorkingConnectionResetsTheFailures() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.add(addr(1), null, "api", 0);
    for (int i = 0; i < 5; i++) {
      book.onFailed(addr(1), NOW, false);
    }
    book.onConnected(addr(1), id(1), NOW + 10_000);
    assertEquals(0, book.get(addr(1)).failures());
    book.onFailed(addr(1), NOW, false);
    assertEquals(BASE, delay(book, addr(1)), "back to the first step");
  }

  @Test
  void seedsAreNeverForgottenNorEvicted() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.addSeed("seed.example:7001");
    book.forget("seed.example:7001");
    assertNotNull(book.get("seed.example:7001"), "forget leaves a seed");
    for (int i = 0; i < 20; i++) {
      book.onFailed("seed.example:7001", NOW, false);
    }
    for (int i = 0; i < AddressBook.MAX_ENTRIES + 50; i++) {
      book.add(addr(i), id(i), "pex:x", 0);
    }
    assertEquals(AddressBook.MAX_ENTRIES, book.size());
    assertTrue(book.get("seed.example:7001").seed(), "the seed with the most failures is still there");

    book.add(addr(5_000), null, "api", 0);
    book.forget(addr(5_000));
    assertNull(book.get(addr(5_000)), "a non-seed can be forgotten");
  }

  @Test
  void theBookIsBoundedAndDropsTheLeastUsefulFirst() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.add("bad.example:1", null, "pex:x", 0);
    book.onFailed("bad.example:1", NOW, false);
    book.add("good.example:1", id(1), "pex:x", 0);
    book.onConnected("good.example:1", id(1), NOW);
    for (int i = 0; book.size() < AddressBook.MAX_ENTRIES; i++) {
      book.add(addr(i), null, "pex:x", 0);
    }
    assertTrue(book.add("new.example:1", null, "pex:y", 0));
    assertEquals(AddressBook.MAX_ENTRIES, book.size());
    assertNull(book.get("bad.example:1"), "the address that failed went first");
    assertNotNull(book.get("good.example:1"), "the one that worked stays");
    assertNotNull(book.get("new.example:1"));
  }

  @Test
  void candidatesSkipConnectedNodeIdsAndAddresses() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.add(addr(1), id(1), "pex:x", 0);
    book.add(addr(2), id(2), "pex:x", 0);
    book.add(addr(3), null, "pex:x", 0);
    List<String> c = book.candidates(NOW, 8, Set.of(id(1), addr(3)));
    assertEquals(List.of(addr(2)), c);
  }

  @Test
  void addressesThatWorkedComeFirstThenSeeds() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.add(addr(1), null, "x", 0);
    book.addSeed(addr(2));
    book.add(addr(3), id(3), "x", 0);
    book.onConnected(addr(3), id(3), NOW - 60_000);
    book.onDisconnected(addr(3), NOW - 60_000);
    assertEquals(List.of(addr(3)), book.candidates(NOW, 1, Set.of()));
    assertEquals(List.of(addr(3), addr(2), addr(1)), book.candidates(NOW, 3, Set.of()));
  }

  @Test
  void candidatesTakeOneSourceAtATime() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    for (int i = 0; i < 5; i++) {
      book.add(addr(i), null, "pex:flooder", 0); // one peer told us of many
    }
    book.add(addr(10), null, "pex:honest", 0);
    book.add(addr(11), null, "api", 0);
    List<String> c = book.candidates(NOW, 3, Set.of());
    assertEquals(3, c.size());
    assertTrue(c.contains(addr(10)) && c.contains(addr(11)), "one slot per source before a second from any: " + c);
    assertEquals(7, book.candidates(NOW, 100, Set.of()).size());
  }

  @Test
  void jsonRoundTripKeepsWhatWasLearned() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.addSeed(addr(1));
    book.add(addr(2), id(2), "pex:abc", 0);
    book.onConnected(addr(2), id(2), NOW);
    book.add(addr(3), null, "api", 0);
    book.onFailed(addr(3), NOW, false);
    book.onFailed(addr(3), NOW, false);
    JsonObject json = new JsonObject(book.toJson().encode()); // through text, as on disk

    AddressBook loaded = new AddressBook(BASE, MAX, new NoJitter());
    loaded.addSeed(addr(1));
    loaded.loadJson(json);
    assertEquals(3, loaded.size());
    assertTrue(loaded.get(addr(1)).seed());
    assertEquals(id(2), loaded.get(addr(2)).nodeId());
    assertEquals(NOW, loaded.get(addr(2)).lastSeen());
    assertEquals("pex:abc", loaded.get(addr(2)).source());
    assertEquals(2, loaded.get(addr(3)).failures());
    assertEquals(3, loaded.candidates(NOW, 8, Set.of()).size(), "all due at once after a restart");
  }

  @Test
  void aSavedSeedThatIsNoLongerConfiguredIsAnOrdinaryAddress() {
    AddressBook book = new AddressBook(BASE, MAX, new NoJitter());
    book.addSeed(addr(1));
    AddressBook loaded = new AddressBook(BASE, MAX, new NoJitter());
    loaded.loadJson(book.toJson());
    assertFalse(loaded.get(addr(1)).seed());
    loaded.forget(addr(1));
    assertNull(loaded.get(addr(1)));
  }
}
