package dev.meshledger.sync;

import dev.meshledger.verify.BlockVerifier;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Batches being verified, in height order. Several at once, so that no core idles while one
 * batch's last chunk finishes; they come out strictly in order as their checks complete.
 */
final class BatchChecks {
  /** A batch whose check completed; {@code failure} says why it failed, null when every block passed. */
  record Checked(SyncPool.Batch batch, String failure) {}

  private record Pending(SyncPool.Batch batch, Future<Optional<BlockVerifier.Failure>> check) {}

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  /** Bumped by {@link #clear}: checks started before it are ignored. */
  private int generation;

  /** Queues a batch behind the others; {@code onDone} runs when its check completes, unless cleared by then. */
  void add(SyncPool.Batch batch, Future<Optional<BlockVerifier.Failure>> check, Runnable onDone) {
    int gen = generation;
    queue.add(new Pending(batch, check));
    check.onComplete(ar -> {
      if (gen == generation) {
        onDone.run();
      }
    });
  }

  /** The batch at the front, once its check completed; null while it runs (or none is queued). */
  Checked poll() {
    Pending p = queue.peekFirst();
    if (p == null || !p.check().isComplete()) {
      return null;
    }
    queue.pollFirst();
    if (p.check().failed()) {
      return new Checked(p.batch(), String.valueOf(p.check().cause().getMessage()));
    }
    return p.check().result()
        .map(f -> new Checked(p.batch(), f.reason() + " at height " + f.block().height()))
        .orElseGet(() -> new Checked(p.batch(), null));
  }

  /** Empties the queue, in order, and ignores the checks still running. */
  List<SyncPool.Batch> clear() {
    generation++;
    List<SyncPool.Batch> out = queue.stream().map(Pending::batch).toList();
    queue.clear();
    return out;
  }

  int size() {
    return queue.size();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }
}
