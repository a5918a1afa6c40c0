package dev.meshledger.verify;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks blocks' own rules (hash, proof of work, signature, ...) on worker threads, a list
 * split across all of them: the signature check dominates (~80 us per block per core here), so
 * a sync runs as fast as the cores can verify.
 */
public final class BlockVerifier {
  /** The first block of a list that failed, and why. */
  public record Failure(int index, Block block, Rejection reason) {}

  private final BlockValidator validator;
  private final WorkerExecutor executor;
  private final int threads;

  public BlockVerifier(Vertx vertx, BlockValidator validator, int threads) {
    this.validator = validator;
    this.threads = threads;
    this.executor = vertx.createSharedWorkerExecutor("block-verify", threads);
  }

  public Future<Optional<Failure>> verify(List<Block> blocks) {
    return verify(blocks, -1);
  }

  /**
   * As {@link #verify(List)}, but blocks at or below {@code assumeValidHeight} (of a branch whose headers
   * lead to the assume-valid block) skip their signature checks only; -1 checks every signature.
   */
  public Future<Optional<Failure>> verify(List<Block> blocks, long assumeValidHeight) {
    int chunks = blocks.size() < 64 ? 1 : threads;
    int per = (blocks.size() + chunks - 1) / chunks;
    List<Future<Optional<Failure>>> parts = new ArrayList<>();
    for (int start = 0; start < blocks.size(); start += per) {
      int from = start;
      int to = Math.min(blocks.size(), start + per);
      parts.add(executor.executeBlocking(() -> check(blocks, from, to, assumeValidHeight), false));
    }
    return Future.all(parts).map(all -> {
      for (Future<Optional<Failure>> f : parts) {
        if (f.result().isPresent()) {
          return f.result();
        }
      }
      return Optional.<Failure>empty();
    });
  }

  private Optional<Failure> check(List<Block> blocks, int from, int to, long assumeValidHeight) {
    long now = System.currentTimeMillis();
    for (int i = from; i < to; i++) {
      Block b = blocks.get(i);
      Optional<Rejection> r = b.height() <= assumeValidHeight ? validator.checkIntrinsicAssumingSignatures(b, now)
          : validator.checkIntrinsic(b, now);
      if (r.isPresent()) {
        return Optional.of(new Failure(i, blocks.get(i), r.get()));
      }
    }
    return Optional.empty();
  }

  public Future<Void> close() {
    return executor.close();
  }
}
