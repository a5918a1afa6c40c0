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
  private final Map<String, PeerClaim> claims = new LinkedHashMap<>();
  private final Set<String> wanted = new LinkedHashSet<>();

  /** A peer connected, with the claim of its handshake (a reconnect starts afresh). */
  void connected(String peerId, PeerClaim claim) {
    claims.put(peerId, claim);
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
    return claims.computeIfPresent(peerId, (k, c) -> c.raise(height, totalWork));
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
