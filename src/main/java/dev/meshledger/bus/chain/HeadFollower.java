package dev.meshledger.bus.chain;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.domain.Head;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The best chain's tip as a verticle sees it: asked once, then kept current from the chain's
 * events (a block that became the tip, a reorg). Every verticle that needs the head holds one,
 * on its own context, instead of keeping a copy of its own.
 */
public final class HeadFollower {
  private final List<Consumer<Head>> listeners = new ArrayList<>();
  private Head head;

  private HeadFollower() {}

  /** Follows the chain of this node's Vertx; the future completes once the head is known. */
  public static Future<HeadFollower> start(Vertx vertx) {
    HeadFollower f = new HeadFollower();
    var bus = vertx.eventBus();
    // Listen first, then ask: an event that overtakes the answer is newer, and wins.
    bus.<BlockAdded>localConsumer(Addresses.CHAIN_BLOCK_ADDED, m -> {
      BlockAdded e = m.body();
      if (e.becameTip()) {
        f.update(new Head(e.block().hash(), e.block().height(), e.totalWork()));
      }
    });
    bus.<AddResult.Reorg>localConsumer(Addresses.CHAIN_REORG, m -> f.update(m.body().newHead()));
    return new ChainClient(vertx).head().map(h -> {
      if (f.head == null) {
        f.head = h;
      }
      return f;
    });
  }

  /** The tip as last heard of; never null once {@link #start} completed. */
  public Head head() {
    return head;
  }

  /** Called on the owner's context each time the tip moves. */
  public HeadFollower onChange(Consumer<Head> listener) {
    listeners.add(listener);
    return this;
  }

  private void update(Head h) {
    if (h.equals(head)) {
      return;
    }
    head = h;
    listeners.forEach(l -> l.accept(h));
  }
}
