package dev.meshledger.p2p;

import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.PeerMessages.Inbound;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.wire.Message;
import io.vertx.core.eventbus.EventBus;

/**
 * A channel another verticle handles (gossip, block sync, transactions): each message goes, with its peer and
 * arrival time, to the channel's event-bus address. On the way the peer's height claim is noted,
 * from the blocks it gossips.
 */
final class BusForward implements Reactor {
  private final EventBus bus;
  private final Channel channel;

  BusForward(EventBus bus, Channel channel) {
    if (channel.address() == null) {
      throw new IllegalArgumentException(channel + " has no bus address: the network handles it itself");
    }
    this.bus = bus;
    this.channel = channel;
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public void receive(PeerConnection from, Message m) {
    if (m instanceof Message.BlockMessage b) {
      from.noteHeight(b.block().height(), Work.ZERO);
    } else if (m instanceof Message.BlockAnnounce a) {
      from.noteHeight(a.height(), a.totalWork());
    }
    bus.send(channel.address(), new Inbound(from.nodeId(), m, System.currentTimeMillis()), Bus.LOCAL);
  }
}
