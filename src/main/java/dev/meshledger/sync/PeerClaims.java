package dev.meshledger.sync;

import dev.meshledger.domain.pow.Work;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each connected peer claims to have, and which peers we were told to sync from while busy:
 * the rules for whom a sync starts with. Pure.
 */
final class PeerClaims {
  /** Peers whose refuted claims are remembered across reconnects: a bound on a liar renaming itself is its key. */
  static final int MAX_REFUTED = 4096;

  private final Map<String, PeerClaim> claims = new LinkedHashMap<>();
  private final Set<String> wanted = new LinkedHashSet<>();
  private final Map<String, Work> refuted = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Work> eldest) {
      return size() > MAX_REFUTED;
    }
  };

  /** A peer connected, with the claim of its handshake; a claim no higher than one it was caught on counts no work. */
  void connected(String peerId, PeerClaim claim) {
    claims.put(peerId, believable(peerId, claim));
  }

  private PeerClaim believable(String peerId, PeerClaim claim) {
    Work caught = refuted.get(peerId);
    return caught != null && !claim.totalWork().beats(caught) ? claim.withWork(Work.ZERO) : claim;
  }

  /**
   * Its headers proved the claim false (they did not link, or carried less work): it is never picked
   * again for that claim, not even after a reconnect, only for a higher one.
   */
  void refute(String peerId) {
    PeerClaim c = claims.get(peerId);
    if (c != null) {
      refuted.merge(peerId, c.totalWork(), Work::max);
      claims.put(peerId, c.withWork(Work.ZERO));
    }
  }

  void remove(String peerId) {
    claims.remove(peerId);
    wanted.remove(peerId);
  }

  boolean knows(String peerId) {
    return claims.containsKey(peerId);
  }

  /** Null for a peer that is not connected. */
  PeerClaim get(String peerId) {
    return claims.get(peerId);
  }

  /** Raises a connected peer's claim; null (and nothing kept) for any other. */
  PeerClaim raise(String peerId, long height, Work totalWork) {
    return claims.computeIfPresent(peerId, (k, c) -> believable(k, c.raise(height, totalWork)));
  }

  /** False for a peer caught on a claim it has not since raised: it is not asked for anything. */
  boolean trusted(String peerId) {
    Work caught = refuted.get(peerId);
    PeerClaim c = claims.get(peerId);
    return c != null && (caught == null || c.totalWork().beats(caught));
  }

  /** It did not answer where our chains part: its work counts for nothing until it claims more. */
  void distrust(String peerId) {
    claims.computeIfPresent(peerId, (k, c) -> c.withWork(Work.ZERO));
  }

  /** It had nothing past our locator: it has no more work than {@code ours}. */
  void capWork(String peerId, Work ours) {
    claims.computeIfPresent(peerId, (k, c) -> c.withWork(c.totalWork().min(ours)));
  }

  /** The peer claiming the most work, if more than {@code ours}; on a tie, the one connected first. */
  Optional<String> heaviestAbove(Work ours) {
    String best = null;
    Work bestWork = ours;
    for (Map.Entry<String, PeerClaim> e : claims.entrySet()) {
      if (e.getValue().totalWork().beats(bestWork)) {
        best = e.getKey();
        bestWork = e.getValue().totalWork();
      }
    }
    return Optional.ofNullable(best);
  }

  /** A connected peer has blocks we lack, but a sync is under way: remember to ask it after. */
  void want(String peerId) {
    if (knows(peerId)) {
      wanted.add(peerId);
    }
  }

  /** The peer wanted first, taken out; empty when none is. */
  Optional<String> takeWanted() {
    Iterator<String> it = wanted.iterator();
    if (!it.hasNext()) {
      return Optional.empty();
    }
    String id = it.next();
    it.remove();
    return Optional.of(id);
  }

  Map<String, PeerClaim> all() {
    return Collections.unmodifiableMap(claims);
  }

  int size() {
    return claims.size();
  }
}
