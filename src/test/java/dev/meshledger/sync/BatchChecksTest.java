package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.verify.BlockVerifier;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Batches verified several at once come out in height order; a cleared queue ignores late checks. */
class BatchChecksTest {
  private static final ChainParams PARAMS = ChainParams.of("checks-test", 0, 1024);
  private static final Block B1 = TestBlocks.child(PARAMS, Genesis.of(PARAMS), "1");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "2");
  private static final Block B3 = TestBlocks.child(PARAMS, B2, "3");
  private static final SyncPool.Batch FIRST = new SyncPool.Batch("a", List.of(B1));
  private static final SyncPool.Batch SECOND = new SyncPool.Batch("b", List.of(B2));
  private static final SyncPool.Batch THIRD = new SyncPool.Batch("c", List.of(B3));
  private static final Optional<BlockVerifier.Failure> PASSED = Optional.empty();

  private final BatchChecks checks = new BatchChecks();
  private final List<String> done = new ArrayList<>();

  private Promise<Optional<BlockVerifier.Failure>> add(SyncPool.Batch b) {
    Promise<Optional<BlockVerifier.Failure>> p = Promise.promise();
    checks.add(b, p.future(), () -> done.add(b.peerId()));
    return p;
  }

  @Test
  void batchesComeOutInTheOrderTheyWentInWhateverOrderTheirChecksEnd() {
    var p1 = add(FIRST);
    var p2 = add(SECOND);
    var p3 = add(THIRD);
    assertEquals(3, checks.size());
    assertFalse(checks.isEmpty());
    assertNull(checks.poll(), "nothing checked yet");
    p3.complete(PASSED);
    assertEquals(List.of("c"), done, "told when any check ends");
    assertNull(checks.poll(), "the third waits for the first two");
    p1.complete(PASSED);
    assertEquals(new BatchChecks.Checked(FIRST, null), checks.poll());
    assertNull(checks.poll(), "the second is still running");
    p2.complete(PASSED);
    assertEquals(new BatchChecks.Checked(SECOND, null), checks.poll());
    assertEquals(new BatchChecks.Checked(THIRD, null), checks.poll());
    assertNull(checks.poll());
    assertTrue(checks.isEmpty());
    assertEquals(List.of("c", "a", "b"), done);
  }

  @Test
  void aFailedCheckSaysWhichBlockAndWhy() {
    var p1 = add(FIRST);
    var p2 = add(SECOND);
    p1.complete(Optional.of(new BlockVerifier.Failure(0, B1, Rejection.BAD_SIGNATURE)));
    p2.fail(new IllegalStateException("worker gone"));
    assertEquals(new BatchChecks.Checked(FIRST, "BAD_SIGNATURE at height 1"), checks.poll());
    assertEquals(new BatchChecks.Checked(SECOND, "worker gone"), checks.poll());
  }

  @Test
  void clearingHandsBackTheQueuedBatchesInOrderAndIgnoresTheirChecks() {
    var p1 = add(FIRST);
    var p2 = add(SECOND);
    p1.complete(PASSED);
    assertEquals(List.of(FIRST, SECOND), checks.clear());
    assertEquals(0, checks.size());
    p2.complete(PASSED);
    assertEquals(List.of("a"), done, "a check that ends after the clear is ignored");
    assertNull(checks.poll());
    var p3 = add(THIRD);
    p3.complete(PASSED);
    assertEquals(List.of("a", "c"), done, "checks added after the clear count");
    assertEquals(new BatchChecks.Checked(THIRD, null), checks.poll());
  }
}
