package dev.meshledger.api;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * At most one call in flight: whoever asks while it runs gets the same answer. For the whole-chain
 * and whole-network audits, where twenty callers at once would otherwise queue twenty identical
 * audits behind each other. Not thread-safe: used on the API verticle's event loop only.
 */
final class SingleFlight<T> {
  private Future<T> inFlight;

  Future<T> run(Supplier<Future<T>> call) {
    if (inFlight != null) {
      return inFlight;
    }
    Future<T> started = call.get();
    inFlight = started;
    // when the call finished at once, this clears it again at once
    started.onComplete(ar -> inFlight = null);
    return started;
  }

  /** True while a call runs (tests). */
  boolean busy() {
    return inFlight != null;
  }
}
