package dev.meshledger.bus.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meshledger.bus.Addresses;
import dev.meshledger.wire.MessageType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "HELLO, HANDSHAKE", "PING, HANDSHAKE", "PONG, HANDSHAKE", "DISCONNECT, HANDSHAKE",
      "PEERS_REQUEST, PEER_EXCHANGE", "PEERS, PEER_EXCHANGE",
      "VALIDATION_REQUEST, VALIDATION", "VALIDATION_RESPONSE, VALIDATION",
      "BLOCK, GOSSIP", "BLOCK_ANNOUNCE, GOSSIP",
      "CHAIN_REQUEST, BLOCKSYNC", "CHAIN_RESPONSE, BLOCKSYNC",
      "TX_ANNOUNCE, TRANSACTIONS", "TX_REQUEST, TRANSACTIONS", "TXS, TRANSACTIONS"})
  void everyMessageTypeBelongsToOneChannel(MessageType type, Channel channel) {
    assertEquals(channel, Channel.of(type));
    assertEquals(true, channel.types().contains(type));
  }

  @Test
  void theChannelsClaimEveryTypeExactlyOnce() {
    Set<MessageType> claimed = EnumSet.noneOf(MessageType.class);
    int count = 0;
    for (Channel c : Channel.values()) {
      claimed.addAll(c.types());
      count += c.types().size();
    }
    assertEquals(EnumSet.allOf(MessageType.class), claimed);
    assertEquals(MessageType.values().length, count, "no type is claimed twice");
  }

  @Test
  void onlyGossipBlocksyncAndTransactionsLeaveTheNetworkVerticle() {
    assertEquals(Addresses.P2P_IN_GOSSIP, Channel.GOSSIP.address());
    assertEquals(Channel.P2P_IN_TRANSACTIONS, Channel.TRANSACTIONS.address());
    assertEquals("p2p.event.transactions-received", Channel.TRANSACTIONS.address());
    assertEquals(Addresses.P2P_IN_BLOCKSYNC, Channel.BLOCKSYNC.address());
    assertNull(Channel.HANDSHAKE.address());
    assertNull(Channel.PEER_EXCHANGE.address());
    assertNull(Channel.VALIDATION.address());
  }
}
