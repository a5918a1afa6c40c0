package dev.meshledger.bus.sync;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/** The sync verticle as the rest of the node sees it. */
public final class SyncClient {
  private final EventBus bus;

  public SyncClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  /** Is the node catching up, and how far along; fails with NO_HANDLERS when sync is not deployed. */
  public Future<SyncProgress> status() {
    return bus.<SyncProgress>request(Addresses.SYNC_STATUS, null, Bus.LOCAL).map(m -> m.body());
  }

  /** That peer has blocks we lack (an orphan's ancestors, a heavier tip): fetch them from it. */
  public void syncFrom(String peerId) {
    bus.send(Addresses.SYNC_FROM, peerId, Bus.LOCAL);
  }
}
