package dev.meshledger.domain.pow;

import java.util.List;

/**
 * Bitcoin's median time past ({@code GetMedianTimePast}) and the timestamp rule built on it. A
 * block's time must rise above the median of the 11 before it, so no single miner can drag time
 * back, and may not run far ahead of the clock, so no one can drag it forward; ASERT reads block
 * timestamps, so both bounds limit how far a miner can bend the difficulty.
 */
public final class MedianTimePast {
  /** Bitcoin's {@code nMedianTimeSpan}: an odd count, so the median is one actual timestamp. */
  public static final int SPAN = 11;

  private MedianTimePast() {}

  /**
   * The median of the last {@link #SPAN} of {@code timestamps} (oldest first, the block itself
   * last), or of all of them near genesis. For an even count it is the upper middle value, as
   * Bitcoin takes {@code sorted[n / 2]}. Order does not matter: timestamps need not rise.
   */
  public static long of(List<Long> timestamps) {
    int n = timestamps.size();
    if (n == 0) {
      throw new IllegalArgumentException("the median of no timestamps is undefined");
    }
    long[] window = timestamps.subList(Math.max(0, n - SPAN), n).stream()
        .mapToLong(Long::longValue).sorted().toArray();
    return window[window.length / 2];
  }

  /**
   * Checks a block's timestamp: strictly above its parent's median time past, and at most
   * {@code maxFutureMillis} after {@code now} (all epoch milliseconds; the caller reads the clock).
   */
  public static TimestampVerdict check(long timestamp, long parentMedianTimePast, long now,
      long maxFutureMillis) {
    if (timestamp <= parentMedianTimePast) {
      return TimestampVerdict.TIME_TOO_OLD;
    }
    if (timestamp - now > maxFutureMillis) {
      return TimestampVerdict.TIME_TOO_NEW;
    }
    return TimestampVerdict.OK;
  }
}
