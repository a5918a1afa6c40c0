package dev.meshledger.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The tests' one "poll until a condition holds or a deadline passes" loop. Asks the condition
 * every {@link #POLL} until it holds, and fails with what was awaited once {@code timeout} has
 * passed. Use it instead of sleeping for a guessed time, and instead of a loop of your own.
 */
public final class Await {
  /** The pause between two polls: the step of a bounded wait, not a guess at timing. */
  public static final Duration POLL = Duration.ofMillis(20);

  private Await() {}

  /** A condition to poll; it may throw while it cannot tell yet (a node still starting, say). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Returns as soon as {@code condition} holds; asks it at least once, even with a zero timeout.
   * An exception thrown by the condition counts as "not yet" and is named in the failure if the
   * last poll threw it; an {@link Error} (a failed assertion in the condition) ends the wait at
   * once. Fails with an {@link AssertionError} naming {@code what} (evaluated only then) once
   * {@code timeout} has passed.
   */
  public static void until(Duration timeout, Condition condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Exception failure = null;
      try {
        if (condition.holds()) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what.get(), e);
      } catch (Exception e) {
        failure = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        String message = "timed out after " + timeout.toMillis() + " ms waiting for: " + what.get();
        throw failure == null ? new AssertionError(message)
            : new AssertionError(message + "\nthe last poll threw " + failure, failure);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what.get(), e);
      }
    }
  }
}
