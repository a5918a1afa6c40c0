package dev.meshledger.sync;

/** How far a sync has come and how fast. Pure: the caller passes the clock (nanoseconds) and the height. */
final class SyncMeter {
  private final long startedNanos;
  private final long startHeight;
  private long lastNanos;
  private long lastHeight;
  private double rate;

  SyncMeter(long nowNanos, long height) {
    this.startedNanos = nowNanos;
    this.startHeight = height;
    this.lastNanos = nowNanos;
    this.lastHeight = height;
  }

  /** Measures the rate over the time since the last sample, once {@code everyNanos} passed; false before. */
  boolean sample(long nowNanos, long height, long everyNanos) {
    if (nowNanos - lastNanos < everyNanos) {
      return false;
    }
    rate = (height - lastHeight) / ((nowNanos - lastNanos) / 1e9);
    lastNanos = nowNanos;
    lastHeight = height;
    return true;
  }

  /** Blocks per second over the last sampled interval; 0 before the first. */
  double rate() {
    return rate;
  }

  long blocksSince(long height) {
    return height - startHeight;
  }

  double seconds(long nowNanos) {
    return (nowNanos - startedNanos) / 1e9;
  }
}
