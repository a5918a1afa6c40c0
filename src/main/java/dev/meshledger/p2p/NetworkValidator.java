package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.chain.ChainAudit;
import dev.meshledger.bus.p2p.PeerMessages.NetworkValidation;
import dev.meshledger.bus.p2p.PeerMessages.PeerValidation;
import dev.meshledger.wire.Message;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Validation Request both ways: answers a peer's request by auditing our stored chain (one
 * at a time per peer), and fans a request out to every peer for {@code POST /api/network/validate},
 * collecting what comes back within {@link #TIMEOUT_MS}.
 */
final class NetworkValidator {
  /** How long the fan-out waits for answers; a peer auditing a long chain may take this long. */
  static final long TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final Supplier<List<PeerConnection>> peers;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Set<String> answering = new HashSet<>();
  private long nextId = 1;

  private record Pending(String peerId, Promise<PeerValidation> promise) {}

  NetworkValidator(Vertx vertx, Supplier<List<PeerConnection>> peers) {
    this.vertx = vertx;
    this.peers = peers;
  }

  /** A peer asks us: audit our chain and tell it the outcome. */
  void answer(PeerConnection c, Message.ValidationRequest r, OffenceSink punish) {
    if (!answering.add(c.nodeId)) {
      punish.onOffence(c, Offence.FLOOD, "a second VALIDATION_REQUEST while one is running");
      return;
    }
    vertx.eventBus().<AuditReport>request(Addresses.CHAIN_VALIDATE, null,
            new DeliveryOptions(Bus.LOCAL).setSendTimeout(30 * 60_000L))
        .onComplete(ar -> {
          answering.remove(c.nodeId);
          if (ar.succeeded()) {
            AuditReport rep = ar.result().body();
            c.send(new Message.ValidationResponse(r.requestId(), rep.valid(), rep.height(), rep.tip(), rep.checked()));
          }
        });
  }

  /** True if the response matched a request of ours. */
  boolean onResponse(PeerConnection c, Message.ValidationResponse r) {
    Pending p = pending.get(r.requestId());
    if (p == null || !p.peerId().equals(c.nodeId)) {
      return false;
    }
    pending.remove(r.requestId());
    p.promise().tryComplete(new PeerValidation(c.nodeId, true, r.valid(), r.height(), r.tip(), r.checked()));
    return true;
  }

  void onPeerGone(String peerId) {
    pending.values().removeIf(p -> {
      if (p.peerId().equals(peerId)) {
        p.promise().tryComplete(new PeerValidation(peerId, false, false, 0, null, 0));
        return true;
      }
      return false;
    });
  }

  /** Asks every ready peer, replies {@link NetworkValidation} once all answered or the time is up. */
  void validateAll(io.vertx.core.eventbus.Message<Object> request) {
    List<io.vertx.core.Future<PeerValidation>> answers = new ArrayList<>();
    for (PeerConnection c : peers.get()) {
      long id = nextId++;
      Promise<PeerValidation> promise = Promise.promise();
      pending.put(id, new Pending(c.nodeId, promise));
      long timer = vertx.setTimer(TIMEOUT_MS, t -> {
        pending.remove(id);
        promise.tryComplete(new PeerValidation(c.nodeId, false, false, 0, null, 0));
      });
      answers.add(promise.future().onComplete(v -> vertx.cancelTimer(timer)));
      c.send(new Message.ValidationRequest(id));
    }
    io.vertx.core.Future.join(answers).onComplete(v -> request.reply(
        new NetworkValidation(answers.stream().map(f -> f.result()).toList()), Bus.LOCAL));
  }

  /** Where offences go: the network verticle's one punishing method. */
  interface OffenceSink {
    void onOffence(PeerConnection c, Offence offence, String detail);
  }
}
