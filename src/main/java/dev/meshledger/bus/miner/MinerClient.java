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

  /**
   * A new block carrying {@code data} on the current tip, answered once it is durable (and, on a BFT
   * chain, final); there it fails with {@link Bus#ACCEPTED} after {@code waitMs}, the data still pending.
   */
  public Future<Block> mine(byte[] data, long waitMs) {
    return bus.<Block>request(Addresses.MINER_MINE, new MineRequest(data), Bus.local(Math.max(Bus.SEND_TIMEOUT_MS,
        waitMs + 5_000))).map(m -> m.body());
  }
}
