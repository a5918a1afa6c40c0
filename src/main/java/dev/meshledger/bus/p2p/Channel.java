package dev.meshledger.bus.p2p;

import dev.meshledger.bus.Addresses;
import dev.meshledger.wire.MessageType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The protocols that share one peer connection, each claiming its message types, as CometBFT's
 * reactors claim channels. The network verticle handles its own channels in process and hands
 * every other message, already decoded and checked, to the address of the channel that claims it.
 */
public enum Channel {
  /** HELLO, PING, PONG, DISCONNECT: the connection itself (network verticle). */
  HANDSHAKE(null, MessageType.HELLO, MessageType.PING, MessageType.PONG, MessageType.DISCONNECT),
  /** PEERS_REQUEST, PEERS: addresses of other nodes (network verticle). */
  PEER_EXCHANGE(null, MessageType.PEERS_REQUEST, MessageType.PEERS),
  /** VALIDATION_REQUEST, VALIDATION_RESPONSE: a peer audits its chain and reports (network verticle). */
  VALIDATION(null, MessageType.VALIDATION_REQUEST, MessageType.VALIDATION_RESPONSE),
  /** BLOCK, BLOCK_ANNOUNCE and compact relay (CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN): new blocks spreading (gossip reactor). */
  GOSSIP(Addresses.P2P_IN_GOSSIP, MessageType.BLOCK, MessageType.BLOCK_ANNOUNCE, MessageType.CMPCTBLOCK,
      MessageType.GETBLOCKTXN, MessageType.BLOCKTXN),
  /** CHAIN_REQUEST, CHAIN_RESPONSE, GETHEADERS, HEADERS: headers, then ranges of blocks, for a node catching up (sync reactor). */
  BLOCKSYNC(Addresses.P2P_IN_BLOCKSYNC, MessageType.CHAIN_REQUEST, MessageType.CHAIN_RESPONSE, MessageType.GETHEADERS,
      MessageType.HEADERS),
  /** TX_ANNOUNCE, TX_REQUEST, TXS: pending transfers spreading (transaction gossip reactor). */
  TRANSACTIONS(Addresses.P2P_IN_TRANSACTIONS, MessageType.TX_ANNOUNCE, MessageType.TX_REQUEST, MessageType.TXS),
  /** PROPOSAL, VOTE, DATA: BFT rounds, and data on its way to a proposer (consensus reactor). */
  CONSENSUS(Addresses.P2P_IN_CONSENSUS, MessageType.PROPOSAL, MessageType.VOTE, MessageType.DATA);

  private static final Map<MessageType, Channel> BY_TYPE = new EnumMap<>(MessageType.class);

  static {
    for (Channel c : values()) {
      for (MessageType t : c.types) {
        if (BY_TYPE.put(t, c) != null) {
          throw new IllegalStateException(t + " is claimed by two channels");
        }
      }
    }
  }

  private final String address;
  private final Set<MessageType> types;

  Channel(String address, MessageType first, MessageType... rest) {
    this.address = address;
    this.types = Set.copyOf(java.util.EnumSet.of(first, rest));
  }

  /** Where the channel's inbound messages are sent on the event bus; null when the network handles them itself. */
  public String address() {
    return address;
  }

  public Set<MessageType> types() {
    return types;
  }

  /** The channel that claims a message type (every type is claimed by exactly one). */
  public static Channel of(MessageType type) {
    Channel c = BY_TYPE.get(type);
    if (c == null) {
      throw new IllegalArgumentException(type + " belongs to no channel");
    }
    return c;
  }
}
