package dev.meshledger.sync;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Which peer is asked for which height range during a sync, and the order blocks come out in.
 * Pure: no sockets, no clocks of its own (callers pass the time), so every rule is unit-tested.
 *
 * <p>Ranges above the fork point are asked of every peer high enough, a few at a time each, within a
 * window ahead of the next height to hand out, in batches and in bytes (fewer blocks a request once they
 * turn out large), so memory stays bounded whatever the chain length and block size. Responses are
 * checked on arrival (heights in sequence, each the parent of the next) and handed out in height order
 * once they link to what came before; a range that does not link is asked again of the anchor.
 */
public final class SyncPool {
  /** A CHAIN_REQUEST to send. */
  public record Request(String peerId, long requestId, long from, int count) {}

  /** Blocks ready to validate and store, in order, and who served them. */
  public record Batch(String peerId, List<Block> blocks) {
    public long from() {
      return blocks.get(0).height();
    }
  }

  /** OFF_BRANCH: linked blocks, but not the ones the checked headers name (another branch, or made up). */
  public enum Verdict { ACCEPTED, UNSOLICITED, BAD, OFF_BRANCH }

  /** Heights {@code from} to {@code from + count - 1}; {@code anchorOnly} when only the anchor may be asked. */
  record Range(long from, int count, boolean anchorOnly) {}

  private final int batchSize, maxPerPeer, windowBatches;
  private final long windowBytes, timeoutMs;
  private final Map<String, Long> peerHeights = new HashMap<>();
  private final InFlightRequests inFlight = new InFlightRequests();
  private final ReceivedBatches received = new ReceivedBatches();
  private final Deque<Range> retry = new ArrayDeque<>();
  private String anchor;
  private long nextFrom;
  private long nextToDrain;
  private Hash lastHash;
  private long target;
  private long nextId = 1;
  private boolean diverged;
  /** The hash each height must have, from checked headers; null when only links are checked. */
  private LongFunction<Hash> expected;
  private final Set<String> offBranch = new HashSet<>();

  public SyncPool(int batchSize, int maxPerPeer, int windowBatches, long timeoutMs) {
    this(batchSize, maxPerPeer, windowBatches, Long.MAX_VALUE, timeoutMs);
  }

  /** @param windowBytes no new range is asked for while received blocks not yet handed out hold this many bytes */
  public SyncPool(int batchSize, int maxPerPeer, int windowBatches, long windowBytes, long timeoutMs) {
    this.batchSize = batchSize;
    this.maxPerPeer = maxPerPeer;
    this.windowBatches = windowBatches;
    this.windowBytes = windowBytes;
    this.timeoutMs = timeoutMs;
  }

  /** Starts after the fork point: the next block handed out must be a child of {@code forkHash}. */
  public void start(String anchorPeer, long forkHeight, Hash forkHash, long targetHeight) {
    anchor = anchorPeer;
    nextFrom = forkHeight + 1;
    nextToDrain = forkHeight + 1;
    lastHash = forkHash;
    target = targetHeight;
  }

  /**
   * Every block handed out must have the hash {@code hashAt} gives for its height (the checked headers
   * of the branch being synced): the target then stays where the headers end.
   */
  public void expect(LongFunction<Hash> hashAt) {
    expected = hashAt;
  }

  /** More headers were checked: the target moves up to {@code height}, which {@code peerId} (their source) has. */
  public void extendTarget(String peerId, long height) {
    target = Math.max(target, height);
    peer(peerId, height);
  }

  public void peer(String peerId, long height) {
    if (offBranch.contains(peerId)) {
      return;
    }
    peerHeights.merge(peerId, height, Math::max);
    if (height > target && peerId.equals(anchor) && expected == null) {
      target = height;
    }
  }

  /** Forgets a peer; its ranges in flight go back to be asked of others. */
  public void removePeer(String peerId) {
    peerHeights.remove(peerId);
    inFlight.dropPeer(peerId).forEach(a -> retry.addFirst(a.range()));
    if (peerId.equals(anchor)) {
      anchor = peerHeights.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
  }

  /** New requests for idle peers, within the window. */
  public List<Request> nextRequests(long now) {
    List<Request> out = new ArrayList<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, Long> p : peerHeights.entrySet()) {
        if (inFlight.of(p.getKey()) >= maxPerPeer) {
          continue;
        }
        Range r = take(p.getKey(), p.getValue());
        if (r == null) {
          continue;
        }
        long id = nextId++;
        inFlight.add(id, new InFlightRequests.Asked(p.getKey(), r, now + timeoutMs));
        out.add(new Request(p.getKey(), id, r.from(), r.count()));
        progress = true;
      }
    }
    return out;
  }

  private Range take(String peerId, long height) {
    int per = received.blocksPerRequest(batchSize, windowBatches, windowBytes);
    boolean full = received.bytes() >= windowBytes;
    for (Iterator<Range> it = retry.iterator(); it.hasNext(); ) {
      Range r = it.next();
      // a full window still asks for the range the next hand-out waits on, else nothing would drain
      if ((!r.anchorOnly() || peerId.equals(anchor)) && height >= r.from() && (!full || r.from() == nextToDrain)) {
        it.remove();
        if (r.count() > per) { // the rest of a short answer, asked in pieces once the blocks turned out large
          retry.addFirst(new Range(r.from() + per, r.count() - per, r.anchorOnly()));
        }
        return new Range(r.from(), Math.min(per, r.count()), r.anchorOnly());
      }
    }
    long windowEnd = nextToDrain + (long) windowBatches * per;
    if (nextFrom > target || nextFrom >= windowEnd || height < nextFrom || full) {
      return null;
    }
    int count = (int) Math.min(per, target - nextFrom + 1);
    Range r = new Range(nextFrom, count, false);
    nextFrom += count;
    return r;
  }

  /** Checks a CHAIN_RESPONSE against the request it answers. */
  public Verdict onResponse(String peerId, long requestId, List<Block> blocks) {
    InFlightRequests.Asked asked = inFlight.answer(requestId, peerId);
    if (asked == null) {
      return Verdict.UNSOLICITED;
    }
    Range r = asked.range();
    if (blocks.size() > r.count() || !BlockRuns.linked(blocks, r.from())) {
      retry.addFirst(r);
      return Verdict.BAD;
    }
    if (expected != null && !blocks.stream().allMatch(b -> b.hash().equals(expected.apply(b.height())))) {
      retry.addFirst(r);
      offBranch.add(peerId);
      removePeer(peerId);
      return Verdict.OFF_BRANCH;
    }
    if (blocks.size() < r.count()) {
      // The peer's chain is shorter than we thought: ask someone else for the rest.
      long servedTo = r.from() + blocks.size() - 1;
      peerHeights.computeIfPresent(peerId, (k, h) -> Math.min(h, servedTo));
      retry.addFirst(new Range(r.from() + blocks.size(), r.count() - blocks.size(), r.anchorOnly()));
    }
    if (!blocks.isEmpty()) {
      received.put(new Batch(peerId, blocks));
    }
    return Verdict.ACCEPTED;
  }

  /**
   * The next batch in height order, if it has arrived and links to what was handed out before;
   * null otherwise. A batch from a peer on another branch is dropped and asked of the anchor.
   */
  public Batch poll() {
    if (diverged) {
      return null; // nothing more until the caller starts over, or a rewind explains it
    }
    while (true) {
      Map.Entry<Long, Batch> e = received.first();
      if (e == null || e.getKey() != nextToDrain) {
        return null;
      }
      received.remove(e.getKey());
      Batch b = e.getValue();
      if (!b.blocks().get(0).prevHash().equals(lastHash)) {
        retry.addFirst(new Range(b.from(), b.blocks().size(), true));
        if (b.peerId().equals(anchor)) {
          diverged = true; // the anchor itself moved to another branch: the caller starts over
          return null;
        }
        continue;
      }
      nextToDrain += b.blocks().size();
      lastHash = b.blocks().get(b.blocks().size() - 1).hash();
      return b;
    }
  }

  /**
   * After a handed-out batch turned out invalid: ask again from its first height, of others. The batches
   * handed out after it and not yet stored come back to be handed out again (the bad peer's are asked again).
   */
  public void rewind(Batch bad, Hash parentHash, List<Batch> handedOutAfter) {
    diverged = false; // the bad batch, not the anchor, may be why the next one did not link
    for (Batch b : handedOutAfter) {
      if (b.peerId().equals(bad.peerId())) {
        retry.addFirst(new Range(b.from(), b.blocks().size(), false));
      } else {
        received.put(b);
      }
    }
    long from = bad.from();
    nextToDrain = from;
    lastHash = parentHash;
    retry.addFirst(new Range(from, bad.blocks().size(), false));
    // Everything else that peer served is suspect too.
    for (Batch b : List.copyOf(received.values())) {
      if (b.peerId().equals(bad.peerId())) {
        retry.addFirst(new Range(b.from(), b.blocks().size(), false));
        received.remove(b.from());
      }
    }
    removePeer(bad.peerId());
  }

  /** Requests past their deadline: back in the queue; the returned peers were too slow. */
  public List<String> expire(long now) {
    List<String> slow = new ArrayList<>();
    for (InFlightRequests.Asked a : inFlight.expire(now)) {
      retry.addFirst(a.range());
      slow.add(a.peerId());
    }
    return slow;
  }

  /** True when the anchor's own blocks stopped linking (it reorged), or no anchor is left: start over. */
  public boolean anchorDiverged() {
    return diverged || anchor == null;
  }

  public boolean done() {
    return nextToDrain > target && inFlight.isEmpty() && received.isEmpty() && retry.isEmpty();
  }

  /** Nothing in flight and nobody left who can serve what is missing. */
  public boolean stalled() {
    if (done() || !inFlight.isEmpty()) {
      return false;
    }
    long need = retry.isEmpty() ? nextFrom : retry.peekFirst().from();
    return peerHeights.values().stream().noneMatch(h -> h >= need);
  }

  public long target() {
    return target;
  }

  public long nextHeight() {
    return nextToDrain;
  }

  public int inFlightCount() {
    return inFlight.size();
  }

  /** Encoded bytes of the blocks received and not yet handed out. */
  public long bufferedBytes() {
    return received.bytes();
  }

  public int bufferedBlocks() {
    return received.blocks();
  }

  public String anchor() {
    return anchor;
  }
}
