package dev.meshledger.p2p;

import dev.meshledger.wire.DisconnectReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connected peers and the rules for admitting one: connection limits per direction, a cap
 * on inbound connections per IP, no connection to ourselves and exactly one per node id. Pure:
 * the network verticle asks, then acts.
 *
 * @param <C> the connection type
 */
public final class PeerSet<C> {
  /** A peer as the set sees it. */
  public record Entry<C>(String nodeId, Direction direction, String ip, C connection) {}

  /** The answer to "may this connection stay?". {@code replaced} is an older connection to close. */
  public record Admission<C>(DisconnectReason refusal, Entry<C> replaced) {
    public boolean admitted() {
      return refusal == null;
    }
  }

  private final String selfId;
  private final int maxInbound;
  private final int maxOutbound;
  private final int maxInboundPerIp;
  private final Map<String, Entry<C>> byId = new HashMap<>();

  public PeerSet(String selfId, int maxInbound, int maxOutbound, int maxInboundPerIp) {
    this.selfId = selfId;
    this.maxInbound = maxInbound;
    this.maxOutbound = maxOutbound;
    this.maxInboundPerIp = maxInboundPerIp;
  }

  /** Before the handshake: is there room for an inbound connection from {@code ip}? */
  public Optional<DisconnectReason> checkInboundRoom(String ip, int pendingFromIp) {
    long fromIp = byId.values().stream().filter(e -> e.direction() == Direction.INBOUND && e.ip().equals(ip)).count();
    if (count(Direction.INBOUND) >= maxInbound || fromIp + pendingFromIp >= maxInboundPerIp) {
      return Optional.of(DisconnectReason.TOO_MANY_PEERS);
    }
    return Optional.empty();
  }

  public boolean hasOutboundRoom() {
    return outboundRoom() > 0;
  }

  /** Outbound connections that may still be made. */
  public int outboundRoom() {
    return maxOutbound - count(Direction.OUTBOUND);
  }

  /**
   * After the handshake: admits the peer or says why not. Of two connections between the same
   * pair of nodes, both ends keep the one dialled by the node with the smaller id, so they agree
   * without talking.
   */
  public Admission<C> admit(Entry<C> candidate) {
    if (candidate.nodeId().equals(selfId)) {
      return new Admission<>(DisconnectReason.SELF_CONNECTION, null);
    }
    Entry<C> existing = byId.get(candidate.nodeId());
    if (existing != null) {
      if (existing.direction() == candidate.direction() || !prefers(candidate)) {
        return new Admission<>(DisconnectReason.DUPLICATE, null);
      }
      byId.put(candidate.nodeId(), candidate);
      return new Admission<>(null, existing);
    }
    int limit = candidate.direction() == Direction.INBOUND ? maxInbound : maxOutbound;
    if (count(candidate.direction()) >= limit) {
      return new Admission<>(DisconnectReason.TOO_MANY_PEERS, null);
    }
    byId.put(candidate.nodeId(), candidate);
    return new Admission<>(null, null);
  }

  /** Whether this is the connection the smaller id dialled. */
  private boolean prefers(Entry<C> e) {
    boolean weAreSmaller = selfId.compareTo(e.nodeId()) < 0;
    return weAreSmaller == (e.direction() == Direction.OUTBOUND);
  }

  /** Removes the entry if {@code connection} is still the one held for that id. */
  public boolean remove(String nodeId, C connection) {
    Entry<C> e = byId.get(nodeId);
    if (e != null && e.connection() == connection) {
      byId.remove(nodeId);
      return true;
    }
    return false;
  }

  public Optional<Entry<C>> get(String nodeId) {
    return Optional.ofNullable(byId.get(nodeId));
  }

  public boolean contains(String nodeId) {
    return byId.containsKey(nodeId);
  }

  public int count(Direction d) {
    return (int) byId.values().stream().filter(e -> e.direction() == d).count();
  }

  public int size() {
    return byId.size();
  }

  public Collection<Entry<C>> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  public List<C> connections() {
    List<C> out = new ArrayList<>(byId.size());
    byId.values().forEach(e -> out.add(e.connection()));
    return out;
  }
}
