package dev.meshledger.sync;

import dev.meshledger.bus.Bus;
import io.vertx.core.Vertx;

/** Deliberately in the wrong layer: a request that spells its address instead of using a client. Only LayerRulesCatchTest loads it. */
final class SyncWrongLayerFixture {
  void ask(Vertx vertx) {
    vertx.eventBus().request("chain.query.head", null, Bus.LOCAL);
  }
}
