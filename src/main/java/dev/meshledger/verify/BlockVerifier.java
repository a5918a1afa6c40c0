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
    return verify(blocks, -1);
  }

  /**
   * As {@link #verify(List)}, but blocks at or below {@code assumeValidHeight} (of a branch whose headers
   * lead to the assume-valid block) skip their producer's and transfers' signatures only; -1 checks every
   * signature.
   */
  public Future<Optional<Failure>> verify(List<Block> blocks, long assumeValidHeight) {
    if (blocks.size() == 1 && threads > 1 && blocks.get(0).txCount() >= 2 * VerifyPlan.MIN_PART_COST
        && blocks.get(0).height() > assumeValidHeight) {
      Block b = blocks.get(0);
      return executor.executeBlocking(() -> validator.checkHeader(b, System.currentTimeMillis(), true), false)
          .compose(bad -> bad.isPresent()
              ? Future.succeededFuture(Optional.of(new Failure(0, b, bad.get())))
              : run(blocks, false, assumeValidHeight));
    }
    return run(blocks, true, assumeValidHeight);
  }

  private Future<Optional<Failure>> run(List<Block> blocks, boolean withHeaders, long assumeValidHeight) {
    int[] headers = new int[blocks.size()];
    int[] transfers = new int[blocks.size()];
    long cost = 0;
    for (int i = 0; i < blocks.size(); i++) {
      boolean assumed = blocks.get(i).height() <= assumeValidHeight;
      // an assumed block costs its commit's signatures (its producer's and transfers' are not checked),
      // or one for its hashes, so that a run of them is still spread over the threads
      headers[i] = assumed ? Math.max(1, blocks.get(i).commit().signatures().size())
          : 1 + blocks.get(i).commit().signatures().size();
      transfers[i] = assumed ? 0 : blocks.get(i).txCount();
      cost += (withHeaders ? headers[i] : 0) + transfers[i];
    }
    List<Future<Optional<Failure>>> parts = new ArrayList<>();
    for (List<Piece> part : VerifyPlan.cut(headers, transfers, withHeaders, VerifyPlan.partsFor(cost, threads))) {
      parts.add(executor.executeBlocking(() -> check(blocks, part, assumeValidHeight), false));
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

  private Optional<Failure> check(List<Block> blocks, List<Piece> part, long assumeValidHeight) {
    long now = System.currentTimeMillis();
    for (Piece p : part) {
      Block b = blocks.get(p.block());
      boolean assumed = b.height() <= assumeValidHeight;
      Optional<Rejection> r = !p.header() ? Optional.empty()
          : assumed ? validator.checkIntrinsicAssumingSignatures(b, now) : validator.checkHeader(b, now, true);
      if (r.isEmpty() && !b.isGenesis() && !assumed) {
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
