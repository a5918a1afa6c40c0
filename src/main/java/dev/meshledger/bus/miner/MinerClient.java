package dev.meshledger.bus.miner;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.domain.Block;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/** The miner as the API sees it. */
public final class MinerClient {
  private final EventBus bus;

  public MinerClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  /** A new block carrying {@code data} on the current tip, answered once it is durable. */
  public Future<Block> mine(byte[] data) {
    return bus.<Block>request(Addresses.MINER_MINE, new MineRequest(data), Bus.LOCAL).map(m -> m.body());
  }
}
