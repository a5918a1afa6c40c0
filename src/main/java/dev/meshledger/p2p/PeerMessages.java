package dev.meshledger.p2p;

import dev.meshledger.domain.Hash;
import dev.meshledger.p2p.wire.Message;
import java.util.List;
import java.util.Set;

/** Event-bus messages between the network verticle and the concerns it routes peer traffic to. */
public final class PeerMessages {
  private PeerMessages() {}

  /** A message from a ready peer, already decoded and checked at the edge. */
  public record Inbound(String peerId, Message message, long receivedMillis) {}

  public record SendTo(String peerId, Message message) {}

  /** @param except node ids not to send to (those known to have it) */
  public record Broadcast(Message message, Set<String> except) {}

  public record Penalize(String peerId, Offence offence, String detail) {}

  public record PeerValidation(String nodeId, boolean answered, boolean valid, long height, Hash tip, long checked) {}

  public record NetworkValidation(List<PeerValidation> peers) {}
}
