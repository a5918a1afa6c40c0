package dev.meshledger.p2p;

import dev.meshledger.config.HostPort;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What to dial and when: the {@link AddressBook}, the dials under way, and our own address,
 * which is never dialled. Pure; the {@link PeerManager} asks it.
 */
final class DialSchedule {
  /** Peer exchange: how often to ask a peer for more addresses while slots are free. */
  static final long PEERS_REQUEST_INTERVAL_MS = 2_000;

  private final String selfId;
  private final List<String> ownHosts;
  private final AddressBook book;
  private final Set<String> pending = new HashSet<>();
  private int port;
  private long lastAskNanos;
  private boolean asked;

  /** @param ownHosts the hosts this node listens on and advertises */
  DialSchedule(String selfId, List<String> ownHosts, AddressBook book) {
    this.selfId = selfId;
    this.ownHosts = List.copyOf(ownHosts);
    this.book = book;
  }

  /** The port the server bound. */
  void listening(int boundPort) {
    port = boundPort;
  }

  boolean isOwnAddress(String address) {
    return ownHosts.stream().anyMatch(h -> address.equals(h + ":" + port));
  }

  int pendingCount() {
    return pending.size();
  }

  /**
   * Marks a dial under way, unless the address is being dialled, ours, or in {@code open} (the
   * addresses of connections we hold); empty, and the address forgotten, when it is no {@code host:port}.
   */
  Optional<HostPort> begin(String address, Set<String> open) {
    if (pending.contains(address) || isOwnAddress(address) || open.contains(address)) {
      return Optional.empty();
    }
    Optional<HostPort> target = HostPort.tryParse(address);
    if (target.isEmpty()) {
      book.forget(address);
    } else {
      pending.add(address);
    }
    return target;
  }

  /** The dial connected. */
  void done(String address) {
    pending.remove(address);
  }

  /** The dial failed: back off before the next try. */
  void failed(String address, boolean permanent, long nowMillis) {
    pending.remove(address);
    book.onFailed(address, nowMillis, permanent);
  }

  /** Up to {@code n} addresses due for a dial, none of them in {@code open} (addresses and ids), pending or ours. */
  List<String> due(long nowMillis, int n, Set<String> open) {
    Set<String> skip = new HashSet<>(open);
    skip.addAll(pending);
    skip.add(selfId);
    return book.candidates(nowMillis, n, skip);
  }

  /**
   * Whether to ask a peer for addresses now: outbound slots are free and there is a peer to ask,
   * the book has nothing left to dial (no dial under way after the slots were filled), and the
   * last ask is an interval ago. The first ask waits a whole interval too.
   */
  boolean timeToAsk(long nowNanos, boolean roomAndSomeoneToAsk) {
    if (!asked) {
      asked = true;
      lastAskNanos = nowNanos;
    }
    if (nowNanos - lastAskNanos < TimeUnit.MILLISECONDS.toNanos(PEERS_REQUEST_INTERVAL_MS) || !roomAndSomeoneToAsk
        || !pending.isEmpty()) {
      return false;
    }
    lastAskNanos = nowNanos;
    return true;
  }

  void forget(String address) {
    book.forget(address);
  }

  /** An address a peer told us of (peer exchange); our own is skipped. */
  void heardOf(String address, String nodeId, String source) {
    if (!nodeId.equals(selfId) && !isOwnAddress(address)) {
      book.add(address, nodeId, source, 0);
    }
  }

  /** Addresses that worked, for a peer that asks, not its own. */
  List<AddressBook.Entry> shareable(int n, String askerId) {
    return book.sampleGood(n).stream().filter(e -> !e.nodeId().equals(askerId)).toList();
  }
}
