package dev.meshledger.gossip;

import dev.meshledger.domain.Hash;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The transfer ids asked of peers and not yet answered: of whom, until when, and whom to ask next.
 * Apart from {@link TxGossip} so that its bookkeeping and caps can be tested without messages;
 * TxGossip decides what to send. Not thread-safe; callers pass the time in milliseconds.
 */
final class TxRequests {
  private final int maxInFlight;
  private final int alternatesPerId;
  private final long timeoutMs;
  /** In deadline order: every entry waits the same timeout, and a re-ask moves it to the end. */
  private final LinkedHashMap<Hash, InFlight> inFlight = new LinkedHashMap<>();

  TxRequests(int maxInFlight, int alternatesPerId, long timeoutMs) {
    this.maxInFlight = maxInFlight;
    this.alternatesPerId = alternatesPerId;
    this.timeoutMs = timeoutMs;
  }

  private static final class InFlight {
    String peerId;
    long deadline;
    final LinkedHashSet<String> alternates = new LinkedHashSet<>();
    /** Everyone asked so far: a late answer from an earlier one is still taken. */
    final Set<String> asked = new LinkedHashSet<>();

    InFlight(String peerId, long deadline) {
      this.peerId = peerId;
      this.deadline = deadline;
      asked.add(peerId);
    }
  }

  /**
   * {@code peerId} announced {@code id} (not yet seen): true when it is to be asked of it now;
   * otherwise it is kept as an alternate if there is room, or dropped when the table is full
   * (a later announcement will ask again).
   */
  boolean announced(Hash id, String peerId, long now) {
    InFlight f = inFlight.get(id);
    if (f != null) {
      if (!f.asked.contains(peerId) && f.alternates.size() < alternatesPerId) {
        f.alternates.add(peerId);
      }
      return false;
    }
    if (inFlight.size() >= maxInFlight) {
      return false;
    }
    inFlight.put(id, new InFlight(peerId, now + timeoutMs));
    return true;
  }

  /** {@code peerId} sent {@code id}: true, and no longer in flight, when it had been asked of it. */
  boolean answered(Hash id, String peerId) {
    InFlight f = inFlight.get(id);
    if (f == null || !f.asked.contains(peerId)) {
      return false;
    }
    inFlight.remove(id);
    return true;
  }

  /** {@code id} arrived some other way: no longer wanted. */
  void forget(Hash id) {
    inFlight.remove(id);
  }

  /** Requests past their deadline, moved to their next announcer still connected. */
  Map<String, List<Hash>> expire(long now, Predicate<String> connected) {
    List<Hash> expired = new ArrayList<>();
    for (Map.Entry<Hash, InFlight> e : inFlight.entrySet()) {
      if (e.getValue().deadline > now) {
        break;
      }
      expired.add(e.getKey());
    }
    return reassign(expired, now, connected);
  }

  /** A peer left: it is no one's alternate, and what was asked of it moves on at once. */
  Map<String, List<Hash>> peerGone(String peerId, long now, Predicate<String> connected) {
    List<Hash> orphaned = new ArrayList<>();
    inFlight.forEach((id, f) -> {
      f.alternates.remove(peerId);
      if (f.peerId.equals(peerId)) {
        orphaned.add(id);
      }
    });
    return reassign(orphaned, now, connected);
  }

  /** Each id to its next connected alternate, by peer; an id with none is dropped. */
  private Map<String, List<Hash>> reassign(List<Hash> ids, long now, Predicate<String> connected) {
    Map<String, List<Hash>> byPeer = new LinkedHashMap<>();
    for (Hash id : ids) {
      InFlight f = inFlight.remove(id);
      String next = null;
      for (Iterator<String> it = f.alternates.iterator(); it.hasNext() && next == null; ) {
        String candidate = it.next();
        it.remove();
        if (connected.test(candidate)) {
          next = candidate;
        }
      }
      if (next == null) {
        continue;
      }
      f.peerId = next;
      f.asked.add(next);
      f.deadline = now + timeoutMs;
      inFlight.put(id, f);
      byPeer.computeIfAbsent(next, k -> new ArrayList<>()).add(id);
    }
    return byPeer;
  }

  int size() {
    return inFlight.size();
  }

  /** Whom an id is being asked of, or null. */
  String askedOf(Hash id) {
    InFlight f = inFlight.get(id);
    return f == null ? null : f.peerId;
  }
}
