package dev.meshledger.verify;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.verify.VerifyPlan.Piece;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks blocks' own rules (hash, proof of work, signatures, ...) on worker threads, a list
 * split across all of them by signature count: the signature checks dominate (~110 us each per
 * core here), so a sync runs as fast as the cores can verify. Signatures that verified lately
 * (a block's transfers, from the mempool) cost a lookup ({@code crypto.VerifiedSignatures}).
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

  /**
   * Checks {@code blocks} on every verify thread: cut into parts of about equal signature counts
   * ({@link VerifyPlan}); one block of many transfers (gossip) has its header checked first, then its
   * transfers spread over the threads. Completes with the first failing block, if any.
   */
  public Future<Optional<Failure>> verify(List<Block> blocks) {
    if (blocks.size() == 1 && threads > 1 && blocks.get(0).txCount() >= 2 * VerifyPlan.MIN_PART_COST) {
      Block b = blocks.get(0);
      return executor.executeBlocking(() -> validator.checkHeader(b, System.currentTimeMillis(), true), false)
          .compose(bad -> bad.isPresent()
              ? Future.succeededFuture(Optional.of(new Failure(0, b, bad.get())))
              : run(blocks, false));
    }
    return run(blocks, true);
  }

  private Future<Optional<Failure>> run(List<Block> blocks, boolean withHeaders) {
    int[] headers = new int[blocks.size()];
    int[] transfers = new int[blocks.size()];
    long cost = 0;
    for (int i = 0; i < blocks.size(); i++) {
      headers[i] = 1 + blocks.get(i).commit().signatures().size();
      transfers[i] = blocks.get(i).txCount();
      cost += (withHeaders ? headers[i] : 0) + transfers[i];
    }
    List<Future<Optional<Failure>>> parts = new ArrayList<>();
    for (List<Piece> part : VerifyPlan.cut(headers, transfers, withHeaders, VerifyPlan.partsFor(cost, threads))) {
      parts.add(executor.executeBlocking(() -> check(blocks, part), false));
    }
    return Future.all(parts).map(all -> {
      for (Future<Optional<Failure>> f : parts) {
        if (f.result().isPresent()) {
          return f.result(); // the parts are in order: the first failure is the earliest block's
        }
      }
      return Optional.<Failure>empty();
    });
  }

  private Optional<Failure> check(List<Block> blocks, List<Piece> part) {
    long now = System.currentTimeMillis();
    for (Piece p : part) {
      Block b = blocks.get(p.block());
      Optional<Rejection> r = p.header() ? validator.checkHeader(b, now, true) : Optional.empty();
      if (r.isEmpty() && !b.isGenesis()) {
        r = validator.checkTransfers(b, p.txFrom(), p.txTo());
      }
      if (r.isPresent()) {
        return Optional.of(new Failure(p.block(), b, r.get()));
      }
    }
    return Optional.empty();
  }

  public Future<Void> close() {
    return executor.close();
  }
}
