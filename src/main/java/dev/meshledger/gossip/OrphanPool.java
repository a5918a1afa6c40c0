package dev.meshledger.gossip;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks whose parent we do not have yet, kept until the parent arrives or they expire. Bounded:
 * when full the oldest goes. Pure.
 */
public final class OrphanPool {
  /** A block waiting for its parent, and the peer that sent it (the one to answer for it). */
  public record Orphan(Block block, String peerId, long addedMillis) {}

  private final int capacity;
  private final long ttlMillis;
  private final LinkedHashMap<Hash, Orphan> byHash = new LinkedHashMap<>();
  private final Map<Hash, List<Hash>> byParent = new HashMap<>();

  public OrphanPool(int capacity, long ttlMillis) {
    this.capacity = capacity;
    this.ttlMillis = ttlMillis;
  }

  public boolean add(Block block, String peerId, long now) {
    if (byHash.containsKey(block.hash())) {
      return false;
    }
    if (byHash.size() >= capacity) {
      remove(byHash.keySet().iterator().next());
    }
    byHash.put(block.hash(), new Orphan(block, peerId, now));
    byParent.computeIfAbsent(block.prevHash(), k -> new ArrayList<>()).add(block.hash());
    return true;
  }

  /** Takes out the orphans whose parent is {@code parent}, each with its own sender. */
  public List<Orphan> takeChildren(Hash parent) {
    List<Hash> children = byParent.remove(parent);
    if (children == null) {
      return List.of();
    }
    List<Orphan> out = new ArrayList<>(children.size());
    for (Hash h : children) {
      Orphan o = byHash.remove(h);
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }

  public void expire(long now) {
    Iterator<Map.Entry<Hash, Orphan>> it = byHash.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Hash, Orphan> e = it.next();
      if (now - e.getValue().addedMillis() < ttlMillis) {
        break; // insertion order is age order
      }
      it.remove();
      unlink(e.getValue().block());
    }
  }

  private void remove(Hash h) {
    Orphan o = byHash.remove(h);
    if (o != null) {
      unlink(o.block());
    }
  }

  private void unlink(Block b) {
    List<Hash> siblings = byParent.get(b.prevHash());
    if (siblings != null) {
      siblings.remove(b.hash());
      if (siblings.isEmpty()) {
        byParent.remove(b.prevHash());
      }
    }
  }

  public int size() {
    return byHash.size();
  }

  /** Parents some orphan waits for: never more than the orphans, so nothing is left behind. */
  int waitingParents() {
    return byParent.size();
  }
}
