package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Rendered ranges of GET /api/blocks kept while the chain does not reach them. */
class RangeCacheTest {
  private static Buffer body(int bytes) {
    return Buffer.buffer(new byte[bytes]);
  }

  @Test
  void aRangeIsServedAgainUntilBlocksAreAddedWithinIt() {
    RangeCache c = new RangeCache(1000);
    Buffer low = body(100);
    Buffer top = body(100);
    c.put(0, 10, low, c.version()); // heights 0..9
    c.put(10, 10, top, c.version()); // heights 10..19, the tip at 15
    assertEquals(low, c.get(0, 10));
    assertEquals(top, c.get(10, 10));
    assertNull(c.get(0, 11), "another limit is another range");
    assertNull(c.get(1, 10), "another start is another range");
    c.onAdded(16); // the next block on top: only the range holding height 16 is stale
    assertEquals(low, c.get(0, 10));
    assertNull(c.get(10, 10));
    assertEquals(100, c.bytes());
    c.onAdded(9); // a batch from height 9 up reaches the last height of the low range
    assertNull(c.get(0, 10));
    assertEquals(0, c.bytes());
    assertEquals(0, c.size());
  }

  @Test
  void aReorgDropsEverything() {
    RangeCache c = new RangeCache(1000);
    c.put(0, 10, body(100), c.version());
    c.put(100, 10, body(100), c.version());
    c.onReorg();
    assertNull(c.get(0, 10));
    assertNull(c.get(100, 10));
    assertEquals(0, c.bytes());
  }

  @Test
  void aRenderingAskedForBeforeTheChainMovedIsNotKept() {
    RangeCache c = new RangeCache(1000);
    long askedAt = c.version();
    c.onAdded(1_000); // far above the range, but the rendering may have been made before it
    c.put(0, 10, body(100), askedAt);
    assertNull(c.get(0, 10));
    askedAt = c.version();
    c.onReorg();
    c.put(0, 10, body(100), askedAt);
    assertNull(c.get(0, 10));
    c.put(0, 10, body(100), c.version());
    assertEquals(100, c.get(0, 10).length());
  }

  @Test
  void aRenderingFromBeforeTwoMovesIsNotKeptEither() {
    RangeCache c = new RangeCache(1000);
    long askedAt = c.version();
    c.onAdded(1_000);
    c.onReorg();
    c.put(0, 10, body(100), askedAt);
    assertNull(c.get(0, 10), "every move is a new version, never an old one again");
  }

  @Test
  void theLeastRecentlyUsedGoFirstWithinTheByteBound() {
    RangeCache c = new RangeCache(250);
    c.put(0, 10, body(100), c.version());
    c.put(10, 10, body(100), c.version());
    c.get(0, 10); // used: the range from 10 is now the oldest
    c.put(20, 10, body(100), c.version());
    assertNull(c.get(10, 10));
    assertEquals(100, c.get(0, 10).length());
    assertEquals(100, c.get(20, 10).length());
    assertEquals(200, c.bytes());
    c.put(30, 10, body(251), c.version()); // larger than the whole cache: not kept, nothing evicted
    assertNull(c.get(30, 10));
    assertEquals(2, c.size());
    c.put(20, 10, body(150), c.version()); // replaced: counted once
    assertEquals(250, c.bytes());
    c.put(40, 10, body(250), c.version()); // exactly the bound: everything else goes
    assertEquals(1, c.size());
    assertEquals(250, c.bytes());
  }

  @Test
  void aZeroBoundKeepsNothing() {
    RangeCache c = new RangeCache(0);
    c.put(0, 10, body(1), c.version());
    assertNull(c.get(0, 10));
    assertEquals(0, c.size());
  }
}
