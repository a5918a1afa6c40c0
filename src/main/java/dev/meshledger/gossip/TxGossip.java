package dev.meshledger.gossip;

import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.gossip.TxGossipAction.LookUp;
import dev.meshledger.gossip.TxGossipAction.Penalize;
import dev.meshledger.gossip.TxGossipAction.Send;
import dev.meshledger.gossip.TxGossipAction.Submit;
import dev.meshledger.gossip.TxGossipAction.Verify;
import dev.meshledger.limits.TokenBucket;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.TxAnnounce;
import dev.meshledger.wire.Message.TxRequest;
import dev.meshledger.wire.Message.Txs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transaction gossip as a pure state machine, as Bitcoin's inv/getdata and eth/68's
 * NewPooledTransactionHashes/GetPooledTransactions: a transfer new to our mempool is announced by
 * id to every peer not known to have it, in batches; a peer asks for the ids it lacks, one
 * announcer at a time, the next one after a timeout; only asked-for transfers are taken, checked
 * and submitted. No bus, no clock: callers pass the time in milliseconds.
 *
 * <p>Everything is bounded: the recently seen ids and each peer's known ids are LRUs, in-flight
 * requests are capped, and each peer's tx messages go through a token bucket.
 */
public final class TxGossip {
  /** Refusals that only a misbehaving peer sends: an honest one relays what its mempool accepted. */
  static final Set<String> OFFENDING_CODES = Set.of("BAD_SIGNATURE", "MALFORMED_TRANSACTION", "WRONG_CHAIN");
  /** Peers recently gone, so a message that raced their disconnect does not bring them back. */
  private static final int GONE_CAPACITY = 256;

  private final TxGossipLimits limits;
  private final Map<String, PeerState> peers = new HashMap<>();
  private final LruSet<String> gone = new LruSet<>(GONE_CAPACITY);
  private final LruSet<Hash> seen;
  /** In deadline order: every entry waits the same timeout, and a re-ask moves it to the end. */
  private final LinkedHashMap<Hash, InFlight> inFlight = new LinkedHashMap<>();

  public TxGossip(TxGossipLimits limits) {
    this.limits = limits;
    this.seen = new LruSet<>(limits.seenCapacity());
  }

  private final class PeerState {
    final LruSet<Hash> known = new LruSet<>(limits.knownPerPeer());
    final LinkedHashSet<Hash> queue = new LinkedHashSet<>();
    final TokenBucket messages;
    final TokenBucket unrequested;

    PeerState(long now) {
      messages = new TokenBucket(limits.messagesPerSecond(), 2.0 * limits.messagesPerSecond(), nanos(now));
      unrequested = new TokenBucket(limits.unrequestedPerSecond(), 64.0 * limits.unrequestedPerSecond(), nanos(now));
    }
  }

  private static final class InFlight {
    String peerId;
    long deadline;
    final LinkedHashSet<String> alternates = new LinkedHashSet<>();
    final Set<String> asked = new LinkedHashSet<>();

    InFlight(String peerId, long deadline) {
      this.peerId = peerId;
      this.deadline = deadline;
      asked.add(peerId);
    }
  }

  // ---- peers ----

  public void onPeerConnected(String peerId, long now) {
    gone.remove(peerId);
    peers.computeIfAbsent(peerId, k -> new PeerState(now));
  }

  /** A peer left: what was asked of it is asked of another announcer. */
  public List<TxGossipAction> onPeerGone(String peerId, long now) {
    if (peers.remove(peerId) == null) {
      return List.of();
    }
    gone.add(peerId);
    List<Hash> orphaned = new ArrayList<>();
    inFlight.forEach((id, f) -> {
      f.alternates.remove(peerId);
      if (f.peerId.equals(peerId)) {
        orphaned.add(id);
      }
    });
    return reassign(orphaned, now);
  }

  // ---- our mempool ----

  /** A transfer newly entered our mempool (from the API, or from {@code fromPeer}): queue its announcement. */
  public List<TxGossipAction> onAccepted(Transfer t, String fromPeer, long now) {
    Hash id = t.id();
    seen.add(id);
    inFlight.remove(id);
    List<TxGossipAction> out = new ArrayList<>();
    for (Map.Entry<String, PeerState> e : peers.entrySet()) {
      PeerState p = e.getValue();
      if (e.getKey().equals(fromPeer)) {
        p.known.add(id);
        continue;
      }
      if (p.known.add(id)) {
        p.queue.add(id);
        if (p.queue.size() >= limits.maxIdsPerMessage()) {
          out.add(flush(e.getKey(), p));
        }
      }
    }
    return out;
  }

  /** Every {@code announceIntervalMs}: flush the queued announcements and ask again what timed out. */
  public List<TxGossipAction> onTick(long now) {
    List<TxGossipAction> out = new ArrayList<>();
    peers.forEach((peerId, p) -> {
      if (!p.queue.isEmpty()) {
        out.add(flush(peerId, p));
      }
    });
    List<Hash> expired = new ArrayList<>();
    for (Map.Entry<Hash, InFlight> e : inFlight.entrySet()) {
      if (e.getValue().deadline > now) {
        break;
      }
      expired.add(e.getKey());
    }
    out.addAll(reassign(expired, now));
    return out;
  }

  private Send flush(String peerId, PeerState p) {
    Send s = new Send(peerId, new TxAnnounce(new ArrayList<>(p.queue)));
    p.queue.clear();
    return s;
  }

  // ---- peer messages ----

  /** A message of the transactions channel from a peer. */
  public List<TxGossipAction> onMessage(String peerId, Message m, long now) {
    PeerState p = peer(peerId, now);
    if (p == null) {
      return List.of();
    }
    if (!p.messages.tryTake(1, nanos(now))) {
      return List.of(new Penalize(peerId, Offence.FLOOD, "over " + limits.messagesPerSecond() + " tx messages/s"));
    }
    if (m instanceof TxAnnounce a) {
      return onAnnounce(peerId, p, a.ids(), now);
    } else if (m instanceof TxRequest r) {
      return onRequest(peerId, r.ids());
    } else if (m instanceof Txs t) {
      return onTxs(peerId, p, t.transfers(), now);
    }
    throw new IllegalArgumentException(m.type() + " is not a transactions message");
  }

  private List<TxGossipAction> onAnnounce(String peerId, PeerState p, List<Hash> ids, long now) {
    List<Hash> ask = new ArrayList<>();
    for (Hash id : capped(ids)) {
      p.known.add(id);
      if (seen.contains(id)) {
        continue;
      }
      InFlight f = inFlight.get(id);
      if (f != null) {
        if (!f.asked.contains(peerId) && f.alternates.size() < limits.alternatesPerId()) {
          f.alternates.add(peerId);
        }
        continue;
      }
      if (inFlight.size() >= limits.maxInFlight()) {
        continue; // a later announcement will ask again
      }
      inFlight.put(id, new InFlight(peerId, now + limits.requestTimeoutMs()));
      ask.add(id);
    }
    return ask.isEmpty() ? List.of() : List.of(new Send(peerId, new TxRequest(ask)));
  }

  private List<TxGossipAction> onRequest(String peerId, List<Hash> ids) {
    List<Hash> wanted = capped(ids);
    return wanted.isEmpty() ? List.of() : List.of(new LookUp(peerId, wanted));
  }

  /** The ledger's answer to a {@link LookUp}: the pending ones go to the peer, in frames that fit. */
  public List<TxGossipAction> onPending(String peerId, List<Transfer> pending) {
    PeerState p = peers.get(peerId);
    if (p == null || pending.isEmpty()) {
      return List.of();
    }
    List<TxGossipAction> out = new ArrayList<>();
    List<Transfer> batch = new ArrayList<>();
    int bytes = 0;
    for (Transfer t : pending) {
      int size = TransferBytes.encodedSize(t);
      if (!batch.isEmpty() && (batch.size() >= limits.maxTxsPerMessage() || bytes + size > limits.maxTxsBytes())) {
        out.add(new Send(peerId, new Txs(batch)));
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(t);
      bytes += size;
      p.known.add(t.id());
    }
    out.add(new Send(peerId, new Txs(batch)));
    return out;
  }

  private List<TxGossipAction> onTxs(String peerId, PeerState p, List<Transfer> transfers, long now) {
    List<Transfer> asked = new ArrayList<>();
    int unrequested = 0;
    for (Transfer t : transfers) {
      Hash id = t.id();
      p.known.add(id);
      InFlight f = inFlight.get(id);
      if (f == null || !f.asked.contains(peerId)) {
        unrequested++;
        continue;
      }
      inFlight.remove(id);
      seen.add(id);
      asked.add(t);
    }
    List<TxGossipAction> out = new ArrayList<>();
    if (unrequested > 0 && !p.unrequested.tryTake(unrequested, nanos(now))) {
      out.add(new Penalize(peerId, Offence.UNSOLICITED, unrequested + " transfers nobody asked for"));
    }
    if (!asked.isEmpty()) {
      out.add(new Verify(peerId, asked));
    }
    return out;
  }

  /** A signature checked off the event loop. */
  public List<TxGossipAction> onVerified(String peerId, Transfer t, boolean valid) {
    return valid
        ? List.of(new Submit(peerId, t))
        : List.of(new Penalize(peerId, Offence.INVALID_TRANSACTION, "bad signature on transfer " + t.id().shortHex()));
  }

  /** The ledger's verdict on a {@link Submit}: stale ones race normally, invalid ones cost the sender. */
  public List<TxGossipAction> onSubmitted(String peerId, Transfer t, TransferVerdict v) {
    if (v.isAccepted() || !OFFENDING_CODES.contains(v.code())) {
      return List.of();
    }
    return List.of(new Penalize(peerId, Offence.INVALID_TRANSACTION,
        v.code() + " on transfer " + t.id().shortHex() + (v.message() == null ? "" : ": " + v.message())));
  }

  // ---- helpers ----

  /** Asks each id of its next announcer still connected; an id with none is dropped, to be asked again when announced. */
  private List<TxGossipAction> reassign(List<Hash> ids, long now) {
    Map<String, List<Hash>> byPeer = new LinkedHashMap<>();
    for (Hash id : ids) {
      InFlight f = inFlight.remove(id);
      String next = null;
      for (Iterator<String> it = f.alternates.iterator(); it.hasNext() && next == null; ) {
        String candidate = it.next();
        it.remove();
        if (peers.containsKey(candidate)) {
          next = candidate;
        }
      }
      if (next == null) {
        continue;
      }
      f.peerId = next;
      f.asked.add(next);
      f.deadline = now + limits.requestTimeoutMs();
      inFlight.put(id, f);
      byPeer.computeIfAbsent(next, k -> new ArrayList<>()).add(id);
    }
    List<TxGossipAction> out = new ArrayList<>();
    byPeer.forEach((peerId, list) -> {
      for (int i = 0; i < list.size(); i += limits.maxIdsPerMessage()) {
        out.add(new Send(peerId, new TxRequest(list.subList(i, Math.min(list.size(), i + limits.maxIdsPerMessage())))));
      }
    });
    return out;
  }

  /** Distinct ids, at most the per-message cap (the wire allows more than a node may be configured to take). */
  private List<Hash> capped(List<Hash> ids) {
    LinkedHashSet<Hash> distinct = new LinkedHashSet<>();
    for (Hash id : ids) {
      if (distinct.size() >= limits.maxIdsPerMessage()) {
        break;
      }
      distinct.add(id);
    }
    return new ArrayList<>(distinct);
  }

  /** A peer's state; a message from a peer whose connected event has not come yet makes it, one that left does not. */
  private PeerState peer(String peerId, long now) {
    PeerState p = peers.get(peerId);
    if (p == null && !gone.contains(peerId)) {
      p = new PeerState(now);
      peers.put(peerId, p);
    }
    return p;
  }

  private static long nanos(long millis) {
    return millis * 1_000_000L;
  }

  // ---- for tests and metrics ----

  int seenCount() {
    return seen.size();
  }

  int inFlightCount() {
    return inFlight.size();
  }

  /** Whom an id is being asked of, or null. */
  String askedOf(Hash id) {
    InFlight f = inFlight.get(id);
    return f == null ? null : f.peerId;
  }

  boolean knows(String peerId, Hash id) {
    PeerState p = peers.get(peerId);
    return p != null && p.known.contains(id);
  }

  int knownCount(String peerId) {
    PeerState p = peers.get(peerId);
    return p == null ? 0 : p.known.size();
  }

  int queued(String peerId) {
    PeerState p = peers.get(peerId);
    return p == null ? 0 : p.queue.size();
  }

  boolean isConnected(String peerId) {
    return peers.containsKey(peerId);
  }
}
