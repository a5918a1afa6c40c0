package dev.meshledger.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockReader;
import dev.meshledger.storage.Head;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Re-validates the whole stored best chain from genesis to the head: every block's own rules,
 * its link to the block below, and the height index. Reads one block at a time, so memory
 * stays flat whatever the chain length.
 */
public final class ChainAudit {
  /** Reports stop listing errors past this many; the count stays exact. */
  public static final int MAX_LISTED_ERRORS = 100;

  public record Error(long height, String reason) {}

  public record Report(boolean valid, long height, Hash tip, long checked, List<Error> errors) {}

  private ChainAudit() {}

  public static Report run(BlockReader reader, BlockValidator validator, long nowMillis, LongConsumer progress) {
    Head head = reader.head().orElseThrow(() -> new IllegalStateException("no chain stored"));
    List<Error> errors = new ArrayList<>();
    long errorCount = 0;
    Block previous = null;
    long checked = 0;
    for (long h = 0; h <= head.height(); h++) {
      Optional<Block> block = reader.hashAt(h).flatMap(reader::block);
      String problem = null;
      if (block.isEmpty()) {
        problem = "MISSING_BLOCK";
      } else {
        Block b = block.get();
        Optional<Rejection> bad = validator.checkIntrinsic(b, nowMillis);
        if (bad.isPresent()) {
          problem = bad.get().name();
        } else if (b.height() != h) {
          problem = Rejection.BAD_HEIGHT.name();
        } else if (previous != null && !b.prevHash().equals(previous.hash())) {
          problem = "BROKEN_LINK";
        }
      }
      if (problem != null) {
        errorCount++;
        if (errors.size() < MAX_LISTED_ERRORS) {
          errors.add(new Error(h, problem));
        }
      }
      previous = block.orElse(null);
      checked++;
      if (progress != null && checked % 10_000 == 0) {
        progress.accept(checked);
      }
    }
    if (previous != null && !previous.hash().equals(head.hash())) {
      errorCount++;
      errors.add(new Error(head.height(), "HEAD_MISMATCH"));
    }
    return new Report(errorCount == 0, head.height(), head.hash(), checked, List.copyOf(errors));
  }
}
