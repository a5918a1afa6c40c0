package dev.meshledger.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The CHAIN_REQUESTs of a sync awaiting their answer: who was asked for which range, and until when. Pure. */
final class InFlightRequests {
  record Asked(String peerId, SyncPool.Range range, long deadline) {}

  private final Map<Long, Asked> byId = new HashMap<>();

  void add(long requestId, Asked asked) {
    byId.put(requestId, asked);
  }

  /** Takes out the request an answer from {@code peerId} refers to; null when it asked no such thing. */
  Asked answer(long requestId, String peerId) {
    Asked a = byId.get(requestId);
    if (a == null || !a.peerId().equals(peerId)) {
      return null;
    }
    byId.remove(requestId);
    return a;
  }

  /** How many requests {@code peerId} has to answer. */
  int of(String peerId) {
    int n = 0;
    for (Asked a : byId.values()) {
      if (a.peerId().equals(peerId)) {
        n++;
      }
    }
    return n;
  }

  /** Takes out the requests of a peer that left. */
  List<Asked> dropPeer(String peerId) {
    return takeIf(a -> a.peerId().equals(peerId));
  }

  /** Takes out the requests past their deadline. */
  List<Asked> expire(long now) {
    return takeIf(a -> a.deadline() <= now);
  }

  private List<Asked> takeIf(java.util.function.Predicate<Asked> p) {
    List<Asked> out = new ArrayList<>();
    Iterator<Asked> it = byId.values().iterator();
    while (it.hasNext()) {
      Asked a = it.next();
      if (p.test(a)) {
        out.add(a);
        it.remove();
      }
    }
    return out;
  }

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }
}
