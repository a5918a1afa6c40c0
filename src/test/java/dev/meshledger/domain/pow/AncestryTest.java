package dev.meshledger.domain.pow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record a block keeps for its children's proof-of-work checks. */
class AncestryTest {

  @Test
  void genesisHasOnlyItsOwnTime() {
    Ancestry g = Ancestry.genesis(0);
    assertEquals(0, g.height());
    assertArrayEquals(new long[] {0}, g.recent());
    assertEquals(0, g.timestamp());
    assertEquals(0, g.medianTimePast());
  }

  @Test
  void theFirstBlockAfterGenesisIsTheAnchorAndStaysIt() {
    Ancestry a = Ancestry.genesis(0).child(500);
    assertEquals(1, a.height());
    assertEquals(500, a.anchorTime());
    Ancestry later = a.child(700).child(900);
    assertEquals(3, later.height());
    assertEquals(500, later.anchorTime(), "the anchor does not move");
    assertEquals(900, later.timestamp());
  }

  @Test
  void theWindowKeepsTheLastElevenAndTheirMedianMatchesMedianTimePast() {
    Ancestry a = Ancestry.genesis(0);
    List<Long> all = new ArrayList<>(List.of(0L));
    long[] times = {5, 3, 9, 9, 1, 12, 15, 14, 20, 2, 30, 31, 40, 18, 50};
    for (long t : times) {
      a = a.child(t);
      all.add(t);
      assertEquals(MedianTimePast.of(all), a.medianTimePast(), "after " + t);
      assertEquals(Math.min(all.size(), MedianTimePast.SPAN), a.recent().length);
      assertEquals(t, a.timestamp());
    }
    assertArrayEquals(new long[] {9, 1, 12, 15, 14, 20, 2, 30, 31, 40, 18, 50}.length - 1 == 11
        ? new long[] {1, 12, 15, 14, 20, 2, 30, 31, 40, 18, 50} : null, a.recent());
  }

  @Test
  void equalityIsByContent() {
    Ancestry a = new Ancestry(3, 1, new long[] {1, 2, 3});
    assertEquals(a, new Ancestry(3, 1, new long[] {1, 2, 3}));
    assertEquals(a.hashCode(), new Ancestry(3, 1, new long[] {1, 2, 3}).hashCode());
    assertNotEquals(a, new Ancestry(4, 1, new long[] {1, 2, 3}));
    assertNotEquals(a, new Ancestry(3, 2, new long[] {1, 2, 3}));
    assertNotEquals(a, new Ancestry(3, 1, new long[] {1, 2, 4}));
    assertNotEquals(a, "a string");
    assertNotEquals(a.hashCode(), new Ancestry(4, 1, new long[] {1, 2, 3}).hashCode());
    assertNotEquals(a.hashCode(), new Ancestry(3, 1, new long[] {1, 2, 4}).hashCode());
    assertEquals("Ancestry[3 anchor 1 [1, 2, 3]]", a.toString());
  }

  @Test
  void malformedAncestriesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Ancestry(-1, 0, new long[] {0}));
    assertThrows(IllegalArgumentException.class, () -> new Ancestry(1, 0, new long[0]));
    assertThrows(IllegalArgumentException.class, () -> new Ancestry(1, 0, new long[12]));
    new Ancestry(0, 0, new long[11]); // eleven is fine
  }
}
