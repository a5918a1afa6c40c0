package dev.meshledger.limits;

/** A token bucket: {@code rate} tokens a second, at most {@code burst} saved up. Not thread-safe. */
public final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code n} tokens if there are that many; false (taking none) otherwise. */
  public boolean tryTake(double n, long nowNanos) {
    refill(nowNanos);
    if (tokens < n) {
      return false;
    }
    tokens -= n;
    return true;
  }

  public double available(long nowNanos) {
    refill(nowNanos);
    return tokens;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * ratePerNano);
      lastNanos = nowNanos;
    }
  }
}
