package dev.meshledger.miner;

import dev.meshledger.bus.ledger.LedgerMessages.Templates;
import dev.meshledger.domain.Hash;
import io.vertx.core.Future;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * The template of the next block, asked for as soon as the last one was handed to the chain, so a client
 * posting blocks one after another finds it ready instead of waiting on a round trip to the chain's thread.
 * It serves one block on the parent it was asked on, while nothing changed what the block would hold: a
 * transfer accepted, the tip moved, or more than {@code maxAgeMs} passed drop it. Event-loop confined.
 */
final class NextTemplate {
  private final BiFunction<Hash, Integer, Future<Templates>> ask;
  private final LongSupplier clock;
  private final long maxAgeMs;
  private Hash parent;
  private Future<Templates> ahead;
  private long askedAt;

  /** {@code ask}: the templates of n blocks on a parent, from the chain. */
  NextTemplate(BiFunction<Hash, Integer, Future<Templates>> ask, LongSupplier clock, long maxAgeMs) {
    this.ask = ask;
    this.clock = clock;
    this.maxAgeMs = maxAgeMs;
  }

  /** Asks now for one block on {@code parent}, kept for the next {@link #take}. */
  void prefetch(Hash parent) {
    this.parent = parent;
    this.askedAt = clock.getAsLong();
    this.ahead = ask.apply(parent, 1);
  }

  /** The templates of {@code blocks} blocks on {@code on}: the one asked ahead when it fits, else asked now. */
  Future<Templates> take(Hash on, int blocks) {
    Future<Templates> kept = ahead;
    boolean fits = kept != null && blocks == 1 && on.equals(parent) && clock.getAsLong() - askedAt <= maxAgeMs;
    drop();
    return fits ? kept : ask.apply(on, blocks);
  }

  /** What the block would hold changed: ask again next time. */
  void drop() {
    ahead = null;
    parent = null;
  }

  boolean held() {
    return ahead != null;
  }
}
