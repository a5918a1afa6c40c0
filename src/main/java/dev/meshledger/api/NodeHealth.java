package dev.meshledger.api;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.bus.p2p.PeerMessages.PeerSummary;
import dev.meshledger.bus.sync.SyncProgress;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code /health/live} and {@code /health/ready} through vertx-web's HealthCheckHandler (200
 * when every check is UP, 503 otherwise). Ready: the chain answers; and once the P2P layer
 * answers {@code p2p.query.summary}, it is listening and the node is not syncing far behind.
 */
final class NodeHealth {
  /** Behind by more than this while syncing: not ready (a few blocks is normal churn). */
  static final long FAR_BEHIND_BLOCKS = 100;
  private final Vertx vertx;
  private final ChainClient chain;
  private final NetworkClient network;
  private SyncProgress lastSync;

  NodeHealth(Vertx vertx) {
    this.vertx = vertx;
    this.chain = new ChainClient(vertx);
    this.network = new NetworkClient(vertx);
    vertx.eventBus().<SyncProgress>localConsumer(Addresses.SYNC_PROGRESS, m -> lastSync = m.body());
  }

  HealthCheckHandler live() {
    return HealthCheckHandler.create(vertx).register("process", p -> p.complete(Status.OK()));
  }

  HealthCheckHandler ready() {
    return HealthCheckHandler.create(vertx)
        .register("chain", Bus.PROBE_TIMEOUT_MS, p -> chain.probeHead()
            .onSuccess(h -> p.complete(Status.OK(new JsonObject().put("height", h.height()))))
            .onFailure(e -> p.complete(Status.KO(new JsonObject().put("reason", "chain not loaded")))))
        .register("p2p", Bus.PROBE_TIMEOUT_MS, p -> network.probeSummary()
            .onSuccess(s -> p.complete(p2pStatus(s, lastSync)))
            .onFailure(e -> p.complete(e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
                ? Status.OK(new JsonObject().put("deployed", false))
                : Status.KO(new JsonObject().put("reason", "p2p layer did not answer")))));
  }

  static Status p2pStatus(PeerSummary s, SyncProgress sync) {
    JsonObject data = new JsonObject().put("listening", s.listening()).put("peers", s.connected()).put("syncing", s.syncing());
    if (!s.listening()) {
      return Status.KO(data.put("reason", "p2p not listening"));
    }
    if (s.syncing()) {
      long behind = sync == null ? Long.MAX_VALUE : sync.targetHeight() - sync.height();
      if (sync != null) {
        data.put("behind", behind);
      }
      if (behind > FAR_BEHIND_BLOCKS) {
        return Status.KO(data.put("reason", "initial sync, far behind the peers"));
      }
    }
    return Status.OK(data);
  }
}
