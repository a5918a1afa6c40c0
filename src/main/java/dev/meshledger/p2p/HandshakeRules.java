package dev.meshledger.p2p;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.WireCodec;
import java.util.List;
import java.util.Optional;

/**
 * Who may talk to this node, decided twice: once the TLS handshake names the peer (its node
 * id, from its certificate), and once its HELLO arrives. Pure: the network verticle asks and
 * sends the DISCONNECT.
 */
final class HandshakeRules {
  /** Why a peer is refused, as sent in DISCONNECT and logged. */
  record Refusal(DisconnectReason reason, String detail) {}

  private final String selfId;
  private final String chainId;
  private final Hash genesis;
  private List<String> allowlist;

  HandshakeRules(String selfId, String chainId, Hash genesis, List<String> allowlist) {
    this.selfId = selfId;
    this.chainId = chainId;
    this.genesis = genesis;
    this.allowlist = allowlist;
  }

  /** The operator changed the allow-list: empty lets anyone in. */
  void allowlist(List<String> ids) {
    allowlist = List.copyOf(ids);
  }

  List<String> allowlist() {
    return allowlist;
  }

  /** Whether a node id may stay connected under the allow-list. */
  boolean allowed(String nodeId) {
    return allowlist.isEmpty() || allowlist.contains(nodeId);
  }

  /**
   * Right after TLS: a banned IP (whatever key it brings: a ban added while TLS ran), a banned id,
   * not on the allow-list, or ourselves.
   */
  Optional<Refusal> onIdentity(String nodeId, String ip, BanList bans, long nowMillis) {
    if (bans.isIpBanned(ip, nowMillis)) {
      return refuse(DisconnectReason.BANNED, "IP address banned");
    }
    if (bans.isIdBanned(nodeId, nowMillis)) {
      return refuse(DisconnectReason.BANNED, "banned");
    }
    if (!allowed(nodeId)) {
      return refuse(DisconnectReason.NOT_ALLOWED,
          "node id not on the allowlist (p2p.allowlist, or the one set by PUT /api/allowlist)");
    }
    if (nodeId.equals(selfId)) {
      return refuse(DisconnectReason.SELF_CONNECTION, "that is this node itself");
    }
    return Optional.empty();
  }

  /** The peer's HELLO: our protocol, our chain, our genesis, and the id its certificate proves. */
  Optional<Refusal> onHello(Hello h, String certifiedId) {
    if (!WireCodec.PROTOCOL.equals(h.protocol())) {
      return refuse(DisconnectReason.INCOMPATIBLE_PROTOCOL, "I speak " + WireCodec.PROTOCOL + ", not " + h.protocol());
    }
    if (!chainId.equals(h.chainId())) {
      return refuse(DisconnectReason.WRONG_CHAIN, "my chain id is " + chainId + ", yours " + h.chainId());
    }
    if (!genesis.equals(h.genesis())) {
      return refuse(DisconnectReason.WRONG_GENESIS, "my genesis is " + genesis.shortHex() + ", yours " + h.genesis().shortHex());
    }
    if (!certifiedId.equals(h.nodeId())) {
      return refuse(DisconnectReason.BAD_IDENTITY,
          "your certificate is for " + NodeIds.shortId(certifiedId));
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(DisconnectReason reason, String detail) {
    return Optional.of(new Refusal(reason, detail));
  }
}
