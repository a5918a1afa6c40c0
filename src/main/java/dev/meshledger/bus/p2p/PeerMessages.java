package dev.meshledger.bus.p2p;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.wire.Message;
import java.util.List;
import java.util.Set;

/**
 * What the network verticle is asked and what it announces, and the messages between it and the
 * protocol reactors it routes peer traffic to.
 */
public final class PeerMessages {
  private PeerMessages() {}

  /** A message from a ready peer, already decoded and checked at the edge. */
  public record Inbound(String peerId, Message message, long receivedMillis) {}

  public record SendTo(String peerId, Message message) {}

  /**
   * @param except node ids not to send to (those known to have it)
   * @param fanout when above 0 and {@code rest} is set: {@code message} goes to that many of the
   *     peers, picked at random, and {@code rest} to the others
   */
  public record Broadcast(Message message, Set<String> except, int fanout, Message rest) {
    /** The same message to every ready peer but {@code except}. */
    public Broadcast(Message message, Set<String> except) {
      this(message, except, 0, null);
    }
  }

  public record Penalize(String peerId, Offence offence, String detail) {}

  public record PeerValidation(String nodeId, boolean answered, boolean valid, long height, Hash tip, long checked) {}

  public record NetworkValidation(List<PeerValidation> peers) {}

  public record PeerSummary(int connected, boolean listening, boolean syncing) {}

  /**
   * A connected peer as the API and dashboard show it.
   *
   * @param address the peer's reachable {@code host:port} (its advertised listen address)
   * @param direction "inbound" or "outbound"
   */
  public record PeerInfo(String nodeId, String address, String direction, long height, Work totalWork,
      long connectedSince, int score) {}

  public record PeerList(List<PeerInfo> peers) {}

  /** @param source who asked: "api", "seed", "cluster", "pex" (peer exchange) */
  public record Dial(String address, String source) {}

  public record Forget(String address, String source) {}

  /** @param reason a DisconnectReason name, e.g. "TIMEOUT", "BANNED", "DUPLICATE" */
  public record PeerDisconnected(String nodeId, String address, String direction, String reason) {}

  /**
   * A ban made: for misbehaviour (node id and IP, {@code reason} the offence's name) or by the
   * operator (either the node id or the IP/CIDR in {@code ip}, the other null; {@code reason}
   * "OPERATOR"). {@code untilMillis} is {@link BanMessages#FOREVER} for a ban until lifted.
   */
  public record PeerBanned(String nodeId, String ip, String reason, long untilMillis) {}
}
