package dev.meshledger.bus.consensus;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** The BFT reactor as the API sees it. */
public final class ConsensusClient {
  private final EventBus bus;

  public ConsensusClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  /** The reactor's state as {@code GET /api/consensus} shows it; fails with no handler under proof of work. */
  public Future<JsonObject> status() {
    return bus.<JsonObject>request(Addresses.CONSENSUS_STATUS, null, Bus.LOCAL).map(m -> m.body());
  }
}
