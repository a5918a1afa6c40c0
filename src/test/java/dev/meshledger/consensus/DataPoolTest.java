package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.consensus.DataPool.Added;
import dev.meshledger.domain.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Data waiting for a block: first in, first proposed; one copy of each; bounded; never evicted. */
class DataPoolTest {
  private static byte[] d(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyPoolHasNothingToPropose() {
    DataPool p = new DataPool(4, 100);
    assertTrue(p.isEmpty());
    assertEquals(0, p.size());
    assertEquals(0, p.bytes());
    assertEquals(Optional.empty(), p.oldest());
  }

  @Test
  void theOldestIsProposedUntilABlockHoldsIt() {
    DataPool p = new DataPool(4, 100);
    assertEquals(Added.NEW, p.add(d("first")));
    assertEquals(Added.NEW, p.add(d("second")));
    assertEquals(Added.NEW, p.add(d("third")));
    assertFalse(p.isEmpty());
    assertEquals(3, p.size());
    assertEquals(5 + 6 + 5, p.bytes());
    assertArrayEquals(d("first"), p.oldest().orElseThrow());
    assertArrayEquals(d("first"), p.oldest().orElseThrow(), "oldest() leaves it in the pool");
    p.included(Sha256.of(d("first")));
    assertArrayEquals(d("second"), p.oldest().orElseThrow());
    assertEquals(2, p.size());
    assertEquals(6 + 5, p.bytes());
    // a block holding later data takes it out of the middle; the order of the rest stays
    p.add(d("fourth"));
    p.included(Sha256.of(d("third")));
    assertArrayEquals(d("second"), p.oldest().orElseThrow());
    p.included(Sha256.of(d("second")));
    assertArrayEquals(d("fourth"), p.oldest().orElseThrow());
    p.included(Sha256.of(d("fourth")));
    assertTrue(p.isEmpty());
    assertEquals(0, p.bytes());
    assertEquals(Optional.empty(), p.oldest());
  }

  @Test
  void theOldestFewAreWhatIsSentAgain() {
    DataPool p = new DataPool(8, 100);
    assertEquals(java.util.List.of(), p.oldest(3));
    for (String s : new String[] {"a", "b", "c", "d"}) {
      p.add(d(s));
    }
    assertEquals(java.util.List.of("a", "b", "c"), p.oldest(3).stream().map(String::new).toList());
    assertEquals(java.util.List.of("a", "b", "c", "d"), p.oldest(10).stream().map(String::new).toList());
    assertEquals(java.util.List.of(), p.oldest(0));
    p.included(Sha256.of(d("a")));
    assertEquals(java.util.List.of("b"), p.oldest(1).stream().map(String::new).toList());
  }

  @Test
  void theSameDataTwiceIsOneItem() {
    DataPool p = new DataPool(4, 100);
    assertEquals(Added.NEW, p.add(d("same")));
    assertEquals(Added.KNOWN, p.add(d("same")));
    assertEquals(Added.KNOWN, p.add(d("same").clone()));
    assertEquals(1, p.size());
    assertEquals(4, p.bytes());
    // once a block holds it, it may be posted again
    p.included(Sha256.of(d("same")));
    assertEquals(Added.NEW, p.add(d("same")));
  }

  @Test
  void knownDataIsKnownEvenWhenThePoolIsFull() {
    DataPool p = new DataPool(1, 100);
    p.add(d("only"));
    assertEquals(Added.KNOWN, p.add(d("only")));
    assertEquals(Added.FULL, p.add(d("other")));
  }

  @Test
  void pastTheItemLimitNewDataIsRefusedAndOldDataKept() {
    DataPool p = new DataPool(2, 1000);
    assertEquals(Added.NEW, p.add(d("a")));
    assertEquals(Added.NEW, p.add(d("b")));
    assertEquals(Added.FULL, p.add(d("c")));
    assertEquals(2, p.size());
    assertEquals(2, p.bytes());
    assertArrayEquals(d("a"), p.oldest().orElseThrow());
    p.included(Sha256.of(d("a")));
    assertEquals(Added.NEW, p.add(d("c")));
  }

  @Test
  void pastTheByteLimitNewDataIsRefused() {
    DataPool p = new DataPool(100, 10);
    assertEquals(Added.NEW, p.add(d("123456")));
    assertEquals(Added.FULL, p.add(d("12345")), "6 + 5 > 10");
    assertEquals(Added.NEW, p.add(d("1234")), "6 + 4 = 10 fits exactly");
    assertEquals(10, p.bytes());
    assertEquals(Added.FULL, p.add(d("x")));
    assertEquals(Added.FULL, p.add(new byte[11]) , "larger than the whole pool");
    p.included(Sha256.of(d("123456")));
    assertEquals(4, p.bytes());
    assertEquals(Added.NEW, p.add(d("abcdef")));
  }

  @Test
  void emptyDataIsAnItem() {
    DataPool p = new DataPool(2, 1);
    assertEquals(Added.NEW, p.add(new byte[0]));
    assertEquals(Added.KNOWN, p.add(new byte[0]));
    assertEquals(1, p.size());
    assertEquals(0, p.bytes());
    assertArrayEquals(new byte[0], p.oldest().orElseThrow());
  }

  @Test
  void includedDataThatNeverWaitedChangesNothing() {
    DataPool p = new DataPool(4, 100);
    p.add(d("waiting"));
    p.included(Sha256.of(d("not waiting")));
    assertEquals(1, p.size());
    assertEquals(7, p.bytes());
  }

  @Test
  void aPoolHoldsAtLeastOneItemAndOneByte() {
    assertThrows(IllegalArgumentException.class, () -> new DataPool(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new DataPool(10, 0));
    assertThrows(IllegalArgumentException.class, () -> new DataPool(-1, -1));
    DataPool tiny = new DataPool(1, 1);
    assertEquals(Added.NEW, tiny.add(new byte[1]));
  }
}
