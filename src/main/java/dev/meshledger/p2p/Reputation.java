package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Offence;
import java.util.HashMap;
import java.util.Map;

/**
 * Misbehaviour scores per node id. Each {@link Offence} adds points; points drain at a steady
 * rate, so an honest peer's rare slip is forgotten while a steady offender crosses the
 * threshold. Deciding what to do about it is the caller's: this only keeps the score. The table
 * holds at most {@code maxEntries} peers: a new one past that evicts the lowest score (a peer
 * churning fresh keys cannot grow it without bound).
 */
public final class Reputation {
  private final double threshold;
  private final double decayPerSecond;
  private final int maxEntries;
  private final Map<String, Score> scores = new HashMap<>();

  private static final class Score {
    double points;
    long atNanos;
  }

  public Reputation(double threshold, double decayPerSecond, int maxEntries) {
    this.threshold = threshold;
    this.decayPerSecond = decayPerSecond;
    this.maxEntries = maxEntries;
  }

  /** Adds the offence's points; true when the peer's score is now at or over the threshold. */
  public boolean penalize(String nodeId, Offence offence, long nowNanos) {
    Score s = scores.get(nodeId);
    if (s == null) {
      if (scores.size() >= maxEntries) {
        evictLowest(nowNanos);
      }
      s = new Score();
      scores.put(nodeId, s);
    }
    decay(s, nowNanos);
    s.points += offence.points();
    return s.points >= threshold;
  }

  public int score(String nodeId, long nowNanos) {
    Score s = scores.get(nodeId);
    if (s == null) {
      return 0;
    }
    decay(s, nowNanos);
    return (int) Math.round(s.points);
  }

  /** Scores kept now. */
  public int size() {
    return scores.size();
  }

  /** The lowest score after decay goes (one pass: the table is small and this happens only when full). */
  private void evictLowest(long nowNanos) {
    String lowest = null;
    double min = Double.MAX_VALUE;
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      decay(e.getValue(), nowNanos);
      if (e.getValue().points < min) {
        min = e.getValue().points;
        lowest = e.getKey();
      }
    }
    scores.remove(lowest);
  }

  public void forget(String nodeId) {
    scores.remove(nodeId);
  }

  private void decay(Score s, long nowNanos) {
    if (s.atNanos != 0) {
      s.points = Math.max(0, s.points - (nowNanos - s.atNanos) / 1e9 * decayPerSecond);
    }
    s.atNanos = nowNanos;
  }
}
