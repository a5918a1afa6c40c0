package dev.meshledger.bus.p2p;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.p2p.BanMessages.AddBan;
import dev.meshledger.bus.p2p.BanMessages.Allowlist;
import dev.meshledger.bus.p2p.BanMessages.Ban;
import dev.meshledger.bus.p2p.BanMessages.Bans;
import dev.meshledger.bus.p2p.PeerMessages.Broadcast;
import dev.meshledger.bus.p2p.PeerMessages.Dial;
import dev.meshledger.bus.p2p.PeerMessages.Forget;
import dev.meshledger.bus.p2p.PeerMessages.NetworkValidation;
import dev.meshledger.bus.p2p.PeerMessages.PeerInfo;
import dev.meshledger.bus.p2p.PeerMessages.PeerList;
import dev.meshledger.bus.p2p.PeerMessages.PeerSummary;
import dev.meshledger.bus.p2p.PeerMessages.Penalize;
import dev.meshledger.bus.p2p.PeerMessages.SendTo;
import dev.meshledger.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.Set;

/**
 * The network verticle as the rest of the node sees it. Requests carry their timeouts; sends
 * ({@link #send}, {@link #broadcast}, {@link #penalize}) are fire and forget: a peer that left
 * in between is no error.
 */
public final class NetworkClient {
  private final EventBus bus;

  public NetworkClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  /** Fails with NO_HANDLERS when the P2P layer is not deployed. */
  public Future<PeerSummary> summary() {
    return bus.<PeerSummary>request(Addresses.P2P_SUMMARY, null, Bus.LOCAL).map(m -> m.body());
  }

  /** {@link #summary} that gives up after {@link Bus#PROBE_TIMEOUT_MS}, for readiness probes. */
  public Future<PeerSummary> probeSummary() {
    return bus.<PeerSummary>request(Addresses.P2P_SUMMARY, null, Bus.local(Bus.PROBE_TIMEOUT_MS)).map(m -> m.body());
  }

  public Future<List<PeerInfo>> peers() {
    return bus.<PeerList>request(Addresses.P2P_PEERS, null, Bus.LOCAL).map(m -> m.body().peers());
  }

  /** Adds {@code host:port} to the address book and dials it now. */
  public Future<Void> dial(String address, String source) {
    return bus.request(Addresses.P2P_DIAL, new Dial(address, source), Bus.LOCAL).mapEmpty();
  }

  /** Dials without waiting for an answer (discovery). */
  public void dialLater(String address, String source) {
    bus.send(Addresses.P2P_DIAL, new Dial(address, source), Bus.LOCAL);
  }

  /** Stops dialling an address. */
  public void forget(String address, String source) {
    bus.send(Addresses.P2P_FORGET, new Forget(address, source), Bus.LOCAL);
  }

  /** Fails with {@link Bus#NOT_FOUND} when no peer with that id is connected. */
  public Future<Void> disconnect(String nodeId) {
    return bus.request(Addresses.P2P_DISCONNECT, nodeId, Bus.LOCAL).mapEmpty();
  }

  public Future<List<Ban>> bans() {
    return bus.<Bans>request(Addresses.P2P_BANS, null, Bus.LOCAL).map(m -> m.body().bans());
  }

  /** Bans a node id, IP or CIDR ({@code seconds} 0 = until lifted); fails BAD_TARGET (400) naming what is wrong. */
  public Future<Ban> ban(String target, long seconds, String reason) {
    return bus.<Ban>request(Addresses.P2P_BAN, new AddBan(target, seconds, reason), Bus.LOCAL).map(m -> m.body());
  }

  /** Fails with {@link Bus#NOT_FOUND} when there is no such ban. */
  public Future<Void> unban(String target) {
    return bus.request(Addresses.P2P_UNBAN, target, Bus.LOCAL).mapEmpty();
  }

  public Future<List<String>> allowlist() {
    return bus.<Allowlist>request(Addresses.P2P_ALLOWLIST, null, Bus.LOCAL).map(m -> m.body().nodeIds());
  }

  /** Applies and saves the allow-list ({@code []} = anyone); fails BAD_NODE_ID (400). */
  public Future<List<String>> setAllowlist(List<String> nodeIds) {
    return bus.<Allowlist>request(Addresses.P2P_SET_ALLOWLIST, new Allowlist(nodeIds), Bus.LOCAL)
        .map(m -> m.body().nodeIds());
  }

  public void send(String peerId, Message message) {
    bus.send(Addresses.P2P_SEND, new SendTo(peerId, message), Bus.LOCAL);
  }

  /** To every ready peer but {@code except}; the message is encoded once for all of them. */
  public void broadcast(Message message, Set<String> except) {
    bus.send(Addresses.P2P_BROADCAST, new Broadcast(message, except), Bus.LOCAL);
  }

  /** {@code message} to {@code fanout} ready peers but {@code except}, picked at random; {@code rest} to the others. */
  public void broadcast(Message message, Set<String> except, int fanout, Message rest) {
    bus.send(Addresses.P2P_BROADCAST, new Broadcast(message, except, fanout, rest), Bus.LOCAL);
  }

  /** The one way to report a misbehaving peer: the network scores it and bans past the threshold. */
  public void penalize(String peerId, Offence offence, String detail) {
    bus.send(Addresses.P2P_PENALIZE, new Penalize(peerId, offence, detail), Bus.LOCAL);
  }

  /** Asks every ready peer to audit its chain; waits up to {@link Bus#NETWORK_AUDIT_TIMEOUT_MS}. */
  public Future<NetworkValidation> validateNetwork() {
    return bus.<NetworkValidation>request(Addresses.P2P_NETWORK_VALIDATE, null, Bus.local(Bus.NETWORK_AUDIT_TIMEOUT_MS))
        .map(m -> m.body());
  }
}
