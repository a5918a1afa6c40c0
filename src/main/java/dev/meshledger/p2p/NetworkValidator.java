package dev.meshledger.p2p;

import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.p2p.Channel;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.bus.p2p.PeerMessages.NetworkValidation;
import dev.meshledger.bus.p2p.PeerMessages.PeerValidation;
import dev.meshledger.wire.Message;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Validation Request both ways (VALIDATION_REQUEST, VALIDATION_RESPONSE): answers a peer's
 * request by auditing our stored chain (one at a time per peer), and fans a request out to every
 * peer for {@code POST /api/network/validate}, collecting what comes back within {@link #TIMEOUT_MS}.
 */
final class NetworkValidator implements Reactor {
  /** How long the fan-out waits for answers; a peer auditing a long chain may take this long. */
  static final long TIMEOUT_MS = 60_000;

  private final Vertx vertx;
  private final ChainClient chain;
  private final Supplier<List<PeerConnection>> peers;
  private final Punish punish;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Set<String> answering = new HashSet<>();
  private long nextId = 1;

  private record Pending(String peerId, Promise<PeerValidation> promise) {}

  /** @param peers the ready peers, asked at each fan-out */
  NetworkValidator(Vertx vertx, Supplier<List<PeerConnection>> peers, Punish punish) {
    this.vertx = vertx;
    this.chain = new ChainClient(vertx);
    this.peers = peers;
    this.punish = punish;
  }

  @Override
  public Channel channel() {
    return Channel.VALIDATION;
  }

  @Override
  public void receive(PeerConnection from, Message m) {
    switch (m.type()) {
      case VALIDATION_REQUEST -> answer(from, (Message.ValidationRequest) m);
      case VALIDATION_RESPONSE -> {
        if (!onResponse(from, (Message.ValidationResponse) m)) {
          punish.offence(from, Offence.UNSOLICITED, "VALIDATION_RESPONSE nobody asked for");
        }
      }
      default -> throw new IllegalArgumentException(m.type() + " is not on the " + channel() + " channel");
    }
  }

  /** A peer asks us: audit our chain and tell it the outcome. */
  private void answer(PeerConnection c, Message.ValidationRequest r) {
    if (!answering.add(c.nodeId())) {
      punish.offence(c, Offence.FLOOD, "a second VALIDATION_REQUEST while one is running");
      return;
    }
    chain.audit().onComplete(ar -> {
      answering.remove(c.nodeId());
      if (ar.succeeded()) {
        AuditReport rep = ar.result();
        c.send(new Message.ValidationResponse(r.requestId(), rep.valid(), rep.height(), rep.tip(), rep.checked()));
      }
    });
  }

  /** True if the response matched a request of ours. */
  private boolean onResponse(PeerConnection c, Message.ValidationResponse r) {
    Pending p = pending.get(r.requestId());
    if (p == null || !p.peerId().equals(c.nodeId())) {
      return false;
    }
    pending.remove(r.requestId());
    p.promise().tryComplete(new PeerValidation(c.nodeId(), true, r.valid(), r.height(), r.tip(), r.checked()));
    return true;
  }

  @Override
  public void onPeerGone(PeerConnection peer) {
    pending.values().removeIf(p -> {
      if (p.peerId().equals(peer.nodeId())) {
        p.promise().tryComplete(unanswered(p.peerId()));
        return true;
      }
      return false;
    });
  }

  /** Asks every ready peer, replies {@link NetworkValidation} once all answered or the time is up. */
  void validateAll(io.vertx.core.eventbus.Message<Object> request) {
    List<Future<PeerValidation>> answers = new ArrayList<>();
    for (PeerConnection c : peers.get()) {
      long id = nextId++;
      Promise<PeerValidation> promise = Promise.promise();
      pending.put(id, new Pending(c.nodeId(), promise));
      long timer = vertx.setTimer(TIMEOUT_MS, t -> {
        pending.remove(id);
        promise.tryComplete(unanswered(c.nodeId()));
      });
      answers.add(promise.future().onComplete(v -> vertx.cancelTimer(timer)));
      c.send(new Message.ValidationRequest(id));
    }
    Future.join(answers).onComplete(v -> request.reply(
        new NetworkValidation(answers.stream().map(Future::result).toList()), Bus.LOCAL));
  }

  private static PeerValidation unanswered(String peerId) {
    return new PeerValidation(peerId, false, false, 0, null, 0);
  }
}
