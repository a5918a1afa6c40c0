package dev.meshledger.p2p;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.PeerMessages.Broadcast;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.Forget;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.bus.p2p.PeerMessages.PeerSummary;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.bus.p2p.PeerMessages.SendTo;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The network as the rest of the node sees it: the consumers behind
 * {@link dev.meshledger.bus.p2p.NetworkClient} (queries, dial and disconnect commands, sends,
 * broadcasts, penalties, the network-wide validation), answered from the {@link PeerManager}.
 * Registered by the network verticle, so everything runs on its event loop.
 */
final class NetworkCommands {
  private final PeerManager<PeerConnection> manager;
  private final NetworkValidator validator;
  private final Function<Message, Frame> encoder;
  private final Consumer<PeerAction.Dial<PeerConnection>> dialler;
  private final Reactor.Punish punish;
  private final BooleanSupplier listening;
  /** As the sync concern last reported it; the health check reads it through the summary. */
  private boolean syncing;

  /**
   * @param encoder encodes a message as it goes on the wire
   * @param dialler connects where the manager says
   * @param punish the network's one way to punish a peer
   * @param listening whether the P2P port is bound
   */
  NetworkCommands(PeerManager<PeerConnection> manager, NetworkValidator validator, Function<Message, Frame> encoder,
      Consumer<PeerAction.Dial<PeerConnection>> dialler, Reactor.Punish punish, BooleanSupplier listening) {
    this.manager = manager;
    this.validator = validator;
    this.encoder = encoder;
    this.dialler = dialler;
    this.punish = punish;
    this.listening = listening;
  }

  void register(EventBus bus) {
    bus.localConsumer(Addresses.P2P_SUMMARY, m -> m.reply(
        new PeerSummary(manager.size(), listening.getAsBoolean(), syncing), Bus.LOCAL));
    bus.<SyncProgress>localConsumer(Addresses.SYNC_PROGRESS, m -> syncing = m.body().syncing());
    bus.localConsumer(Addresses.P2P_PEERS, m -> m.reply(new PeerList(manager.ready().stream()
        .map(c -> manager.info(c, System.nanoTime())).toList()), Bus.LOCAL));
    bus.<Dial>localConsumer(Addresses.P2P_DIAL, m -> {
      manager.requestDial(m.body().address(), m.body().source()).ifPresent(dialler);
      m.reply(true, Bus.LOCAL);
    });
    bus.<Forget>localConsumer(Addresses.P2P_FORGET, m -> manager.dials().forget(m.body().address()));
    bus.<String>localConsumer(Addresses.P2P_DISCONNECT, m -> {
      Optional<PeerConnection> c = manager.dropRequested(m.body(), System.currentTimeMillis());
      if (c.isEmpty()) {
        m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no connected peer with node id " + m.body()));
        return;
      }
      c.get().disconnect(DisconnectReason.REQUESTED, "disconnected by the operator");
      m.reply(true, Bus.LOCAL);
    });
    bus.<SendTo>localConsumer(Addresses.P2P_SEND, m -> manager.peer(m.body().peerId())
        .ifPresent(c -> c.send(m.body().message())));
    bus.<Broadcast>localConsumer(Addresses.P2P_BROADCAST, m -> broadcast(m.body()));
    bus.<Penalize>localConsumer(Addresses.P2P_PENALIZE, m -> manager.peer(m.body().peerId())
        .ifPresent(c -> punish.offence(c, m.body().offence(), m.body().detail())));
    bus.localConsumer(Addresses.P2P_NETWORK_VALIDATE, validator::validateAll);
  }

  /** Encoded once, the same frame written to every ready peer but those that have it. */
  private void broadcast(Broadcast b) {
    // A peer whose queue is full is skipped: it is behind anyway and will catch up by sync.
    List<PeerConnection> to = manager.ready().stream()
        .filter(c -> !b.except().contains(c.nodeId()) && !c.writeQueueFull()).toList();
    if (to.isEmpty()) {
      return;
    }
    if (b.fanout() <= 0 || b.rest() == null || to.size() <= b.fanout()) {
      Frame frame = encoder.apply(b.message());
      to.forEach(c -> c.sendFrame(frame));
      return;
    }
    List<List<PeerConnection>> split = fanOut(to, b.fanout(), ThreadLocalRandom.current());
    Frame first = encoder.apply(b.message());
    split.get(0).forEach(c -> c.sendFrame(first));
    Frame rest = encoder.apply(b.rest());
    split.get(1).forEach(c -> c.sendFrame(rest));
  }

  /** {@code fanout} of the peers picked at random, and the others (as BIP152 picks its high-bandwidth peers, but per block). */
  static <T> List<List<T>> fanOut(List<T> peers, int fanout, java.util.Random random) {
    List<T> shuffled = new java.util.ArrayList<>(peers);
    java.util.Collections.shuffle(shuffled, random);
    int k = Math.min(fanout, shuffled.size());
    return List.of(List.copyOf(shuffled.subList(0, k)), List.copyOf(shuffled.subList(k, shuffled.size())));
  }
}
