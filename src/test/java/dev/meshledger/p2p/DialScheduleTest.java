package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When to ask peers for addresses, and forgetting an address, on the schedule itself. */
class DialScheduleTest {
  private static final String SELF = "5".repeat(64);
  private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(DialSchedule.PEERS_REQUEST_INTERVAL_MS);
  private static final long NOW = 1_700_000_000_000L; // millis

  private final AddressBook book = new AddressBook(1_000, 8_000, new Random(7));
  private final DialSchedule dials = new DialSchedule(SELF, List.of("127.0.0.1"), book);

  @Test
  void theFirstAskWaitsAWholeIntervalThenOneAskPerInterval() {
    long t0 = 1_000_000_000_000L;
    assertFalse(dials.timeToAsk(t0, true), "not at once when the node starts");
    assertFalse(dials.timeToAsk(t0 + INTERVAL - 1, true));
    assertTrue(dials.timeToAsk(t0 + INTERVAL, true));
    assertFalse(dials.timeToAsk(t0 + INTERVAL + 1, true), "just asked");
    assertTrue(dials.timeToAsk(t0 + 2 * INTERVAL, true));
  }

  @Test
  void theIntervalCountsFromTheFirstTickWhateverTheClocksOrigin() {
    // System.nanoTime() may be negative: the first tick, not zero, starts the interval.
    long t0 = -5 * INTERVAL;
    assertFalse(dials.timeToAsk(t0, true));
    assertTrue(dials.timeToAsk(t0 + INTERVAL, true));
  }

  @Test
  void noAskWithoutRoomOrWhileADialIsUnderWay() {
    long t0 = 1_000_000_000_000L;
    dials.timeToAsk(t0, true);
    assertFalse(dials.timeToAsk(t0 + INTERVAL, false), "no free slot or nobody to ask");
    dials.begin("10.0.0.1:7001", Set.of());
    assertFalse(dials.timeToAsk(t0 + INTERVAL, true), "a dial under way may bring addresses of its own");
    dials.done("10.0.0.1:7001");
    assertTrue(dials.timeToAsk(t0 + INTERVAL, true));
  }

  @Test
  void aForgottenAddressIsNoLongerDialledButASeedStays() {
    book.addSeed("10.0.0.1:7001");
    dials.heardOf("10.0.0.2:7001", "2".repeat(64), "pex:test");
    assertEquals(List.of("10.0.0.1:7001", "10.0.0.2:7001"), dials.due(NOW, 8, Set.of()));
    dials.forget("10.0.0.2:7001");
    dials.forget("10.0.0.1:7001");
    assertNull(book.get("10.0.0.2:7001"));
    assertNotNull(book.get("10.0.0.1:7001"), "seeds are never forgotten");
    assertEquals(List.of("10.0.0.1:7001"), dials.due(NOW, 8, Set.of()));
  }
}
