package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Offence;
import java.util.HashMap;
import java.util.Map;

/**
 * Misbehaviour scores per node id. Each {@link Offence} adds points; points drain at a steady
 * rate, so an honest peer's rare slip is forgotten while a steady offender crosses the
 * threshold. Deciding what to do about it is the caller's: this only keeps the score.
 */
public final class Reputation {
  private final double threshold;
  private final double decayPerSecond;
  private final Map<String, Score> scores = new HashMap<>();

  private static final class Score {
    double points;
    long atNanos;
  }

  public Reputation(double threshold, double decayPerSecond) {
    this.threshold = threshold;
    this.decayPerSecond = decayPerSecond;
  }

  /** Adds the offence's points; true when the peer's score is now at or over the threshold. */
  public boolean penalize(String nodeId, Offence offence, long nowNanos) {
    Score s = scores.computeIfAbsent(nodeId, k -> new Score());
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
