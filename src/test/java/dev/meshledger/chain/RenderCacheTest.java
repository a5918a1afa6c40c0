package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The readers' cache of renderings: bounded in bytes, least recently used out first, keyed by hash. */
class RenderCacheTest {
  private static final int O = RenderCache.ENTRY_OVERHEAD;

  private static Hash h(int i) {
    return Sha256.of(new byte[] {(byte) i});
  }

  private static byte[] bytes(int n) {
    return new byte[n];
  }

  @Test
  void anEntryCostsItsBytesAndTheOverhead() {
    assertEquals(96, O);
    assertEquals(O, RenderCache.cost(bytes(0)));
    assertEquals(100 + O, RenderCache.cost(bytes(100)));
  }

  @ParameterizedTest(name = "capacity {0}, entries of {1} bytes: {2} kept")
  @CsvSource({
      // capacity | entry bytes | entries put | kept (the newest)
      "0,           0,  3, 0",
      "95,          0,  3, 0",
      "96,          0,  3, 1",
      "191,         0,  3, 1",
      "192,         0,  3, 2",
      "1000,        4,  3, 3",
      "200,         4,  3, 2",
      "199,         4,  3, 1",
      "100,         5,  3, 0",
  })
  void theNewestEntriesThatFitAreKept(long capacity, int entryBytes, int puts, int kept) {
    RenderCache c = new RenderCache(capacity);
    for (int i = 0; i < puts; i++) {
      c.put(h(i), bytes(entryBytes));
    }
    assertEquals(kept, c.size());
    assertEquals(kept * (long) (entryBytes + O), c.bytes());
    for (int i = 0; i < puts; i++) {
      assertEquals(i >= puts - kept, c.get(h(i)) != null, "entry " + i);
    }
  }

  @Test
  void aReadMakesAnEntryTheMostRecentlyUsed() {
    RenderCache c = new RenderCache(2 * (10 + O));
    byte[] a = bytes(10);
    c.put(h(1), a);
    c.put(h(2), bytes(10));
    assertSame(a, c.get(h(1))); // 2 is now the eldest
    c.put(h(3), bytes(10));
    assertSame(a, c.get(h(1)));
    assertNull(c.get(h(2)));
    assertEquals(2, c.size());
    assertNull(c.getAll(List.of(h(2)))[0]);
    c.getAll(List.of(h(3))); // 1 is now the eldest
    c.put(h(4), bytes(10));
    assertNull(c.get(h(1)));
    assertEquals(2, c.getAll(List.of(h(3), h(4))).length);
  }

  @Test
  void replacingAnEntryCountsOnlyTheNewBytes() {
    RenderCache c = new RenderCache(1000);
    c.put(h(1), bytes(10));
    c.put(h(1), bytes(30));
    assertEquals(1, c.size());
    assertEquals(30 + O, c.bytes());
    assertEquals(30, c.get(h(1)).length);
  }

  @Test
  void oneTooLargeForTheWholeCacheIsNotKeptAndEvictsNothing() {
    RenderCache c = new RenderCache(200);
    c.put(h(1), bytes(10));
    c.put(h(2), bytes(200 - O + 1));
    assertNull(c.get(h(2)));
    assertEquals(10 + O, c.bytes());
    c.put(h(3), bytes(200 - O)); // exactly the capacity: kept, the other goes
    assertEquals(200, c.bytes());
    assertNull(c.get(h(1)));
  }

  @Test
  void getAllAnswersInTheOrderAskedWithNullForWhatIsMissing() {
    RenderCache c = new RenderCache(1000);
    byte[] one = {1};
    byte[] three = {3};
    c.put(h(1), one);
    c.put(h(3), three);
    byte[][] got = c.getAll(List.of(h(3), h(2), h(1), h(3)));
    assertEquals(4, got.length);
    assertArrayEquals(three, got[0]);
    assertNull(got[1]);
    assertSame(one, got[2]);
    assertSame(three, got[3]);
    assertEquals(0, c.getAll(List.of()).length);
  }

  @Test
  void aNegativeCapacityIsRefused() {
    assertEquals("a cache holds 0 bytes or more, got -1",
        assertThrows(IllegalArgumentException.class, () -> new RenderCache(-1)).getMessage());
    assertEquals(0, new RenderCache(0).bytes());
  }
}
