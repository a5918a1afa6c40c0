package dev.meshledger.domain.pow;

import java.util.Arrays;

/**
 * What the proof-of-work rules need to know about a block and the chain behind it, kept with the
 * block so that checking its child reads one record: its height, the time of its branch's anchor
 * (the first block after genesis, see {@link PowRules}) and the timestamps of up to
 * {@link MedianTimePast#SPAN} blocks ending with its own.
 *
 * @param recent oldest first, this block's timestamp last; 1..SPAN entries (not copied: never modify)
 */
public record Ancestry(long height, long anchorTime, long[] recent) {
  public Ancestry {
    if (height < 0 || recent.length == 0 || recent.length > MedianTimePast.SPAN) {
      throw new IllegalArgumentException("an ancestry has a height >= 0 and 1.." + MedianTimePast.SPAN + " timestamps");
    }
  }

  /** The genesis block's: nothing before it, no anchor yet. */
  public static Ancestry genesis(long timestamp) {
    return new Ancestry(0, timestamp, new long[] {timestamp});
  }

  public long timestamp() {
    return recent[recent.length - 1];
  }

  /** The median of the recent timestamps: a child's timestamp must be above it. */
  public long medianTimePast() {
    long[] sorted = recent.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The ancestry of a child with {@code timestamp}; the first block after genesis becomes the anchor. */
  public Ancestry child(long timestamp) {
    int keep = Math.min(recent.length, MedianTimePast.SPAN - 1);
    long[] next = Arrays.copyOfRange(recent, recent.length - keep, recent.length + 1);
    next[keep] = timestamp;
    return new Ancestry(height + 1, height == 0 ? timestamp : anchorTime, next);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ancestry a && height == a.height && anchorTime == a.anchorTime && Arrays.equals(recent, a.recent);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(height) * 31 + Arrays.hashCode(recent);
  }

  @Override
  public String toString() {
    return "Ancestry[" + height + " anchor " + anchorTime + " " + Arrays.toString(recent) + "]";
  }
}
