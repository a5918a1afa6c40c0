package dev.meshledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AwaitTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  /** A description that must not be needed: it fails the test if the wait asks for it. */
  private static final Supplier<String> UNUSED = () -> {
    throw new AssertionError("the description is only for a failure");
  };

  @Test
  void returnsAtTheFirstPollThatHolds() {
    AtomicInteger polls = new AtomicInteger();
    long started = System.nanoTime();
    Await.until(LONG, () -> polls.incrementAndGet() == 3, UNUSED);
    assertEquals(3, polls.get());
    assertTrue(System.nanoTime() - started < LONG.toNanos() / 2, "returned long before the deadline");
  }

  @Test
  void aConditionThatAlreadyHoldsIsAskedOnceEvenWithoutTime() {
    AtomicInteger polls = new AtomicInteger();
    Await.until(Duration.ZERO, () -> polls.incrementAndGet() > 0, UNUSED);
    assertEquals(1, polls.get());
  }

  @Test
  void aNeverTrueConditionTimesOutNamingWhatWasAwaited() {
    AtomicInteger polls = new AtomicInteger();
    long started = System.nanoTime();
    AssertionError e = assertThrows(AssertionError.class,
        () -> Await.until(Duration.ofMillis(200), () -> polls.incrementAndGet() < 0, () -> "the moon to turn blue"));
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals("timed out after 200 ms waiting for: the moon to turn blue", e.getMessage());
    assertTrue(elapsedMs >= 200, "waited the whole timeout, not " + elapsedMs + " ms");
    assertTrue(elapsedMs < 10_000, "gave up soon after the timeout, not " + elapsedMs + " ms");
    assertTrue(polls.get() > 1, "polled more than once: " + polls.get());
  }

  @Test
  void anExceptionMeansNotYet() {
    AtomicInteger polls = new AtomicInteger();
    Await.until(LONG, () -> {
      if (polls.incrementAndGet() < 3) {
        throw new IllegalStateException("still starting");
      }
      return true;
    }, UNUSED);
    assertEquals(3, polls.get());
  }

  @Test
  void anExceptionUntilTheDeadlineIsNamedInTheFailure() {
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until(Duration.ofMillis(50), () -> {
      throw new IllegalStateException("still starting");
    }, () -> "the node"));
    assertTrue(e.getMessage().startsWith("timed out after 50 ms waiting for: the node"), e.getMessage());
    assertTrue(e.getMessage().contains("still starting"), e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void aFailedAssertionInTheConditionEndsTheWaitAtOnce() {
    AtomicInteger polls = new AtomicInteger();
    AssertionError thrown = new AssertionError("the node died");
    AssertionError e = assertThrows(AssertionError.class, () -> Await.until(LONG, () -> {
      polls.incrementAndGet();
      throw thrown;
    }, UNUSED));
    assertSame(thrown, e);
    assertEquals(1, polls.get());
  }
}
