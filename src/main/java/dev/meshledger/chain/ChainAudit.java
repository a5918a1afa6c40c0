package dev.meshledger.chain;

import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.bus.chain.AuditReport.Error;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Re-validates the whole stored best chain from genesis to the head: every block's own rules (under BFT
 * against the validator set of its height, replayed from the blocks' votes), its link to the block
 * below (proof of work: the required bits and the median time past), the height index, every block's transfers run again on the state
 * before it (the header's state root must come out), and at the head the supply: the balances
 * of all accounts (under proof of stake, with the stake bonded and unbonding) must add up to the
 * allocations, the genesis stake and every block's reward. Reads one chunk of
 * blocks at a time, so memory stays flat whatever the chain length.
 */
public final class ChainAudit {
  /** Reports stop listing errors past this many; the count stays exact. */
  public static final int MAX_LISTED_ERRORS = 100;

  private ChainAudit() {}

  /** Blocks read and verified together: signatures of one chunk are checked in parallel. */
  private static final int CHUNK = 1024;

  /** Runs the block on its parent's state, writing nothing the store keeps; null when it comes out right. */
  private static String stateProblem(BlockReader reader, ChainParams params, Block parent, Block block,
      Membership members) {
    StateNodes scratch = new StateNodes(reader::stateNode);
    BlockExecution.Result r = BlockExecution.check(scratch, params, parent.stateRoot(), block,
        members == null ? List.of() : members.at(block.height()));
    return r instanceof BlockExecution.Refused refused ? refused.reason().name() : null;
  }

  public static AuditReport run(BlockReader reader, BlockValidator validator, long nowMillis, LongConsumer progress) {
    Head head = reader.head().orElseThrow(() -> new IllegalStateException("no chain stored"));
    List<Error> errors = new ArrayList<>();
    long errorCount = 0;
    Block previous = null;
    Ancestry ancestry = null; // of previous: what proof of work's bits and median time past follow from
    long checked = 0;
    // proof of authority: the validator set replayed from genesis as the blocks' votes change it
    NodeStore nodes = new StateNodes(reader::stateNode);
    Membership members = validator.params().isBft() ? Membership.genesis(validator.params().bft().validators(),
        validator.params().bft().maxValidators()) : null;
    for (long start = 0; start <= head.height(); start += CHUNK) {
      int n = (int) Math.min(CHUNK, head.height() - start + 1);
      List<Optional<Block>> chunk = new ArrayList<>(n);
      for (long h = start; h < start + n; h++) {
        chunk.add(reader.hashAt(h).flatMap(reader::block));
      }
      // The signature check dominates (~80 us a block): all cores take part.
      List<Optional<Rejection>> own = IntStream.range(0, n).parallel()
          .mapToObj(i -> chunk.get(i).flatMap(b -> validator.checkIntrinsic(b, nowMillis)))
          .toList();
      for (int i = 0; i < n; i++) {
        long h = start + i;
        Optional<Block> block = chunk.get(i);
        String problem = null;
        if (block.isEmpty()) {
          problem = "MISSING_BLOCK";
        } else if (own.get(i).isPresent()) {
          problem = own.get(i).get().name();
        } else if (block.get().height() != h) {
          problem = Rejection.BAD_HEIGHT.name();
        } else if (previous != null && !block.get().prevHash().equals(previous.hash())) {
          problem = "BROKEN_LINK";
        } else {
          Optional<Rejection> set = members != null && h > 0
              ? BlockValidator.checkMembership(block.get(), members, true,
                  dev.meshledger.domain.validation.EvidenceRules.maxAge(validator.params())) : Optional.empty();
          if (set.isPresent()) {
            problem = set.get().name();
          } else if (previous != null) {
            problem = ancestry == null ? null : validator.checkPow(block.get(), ancestry).map(Rejection::name).orElse(null);
            if (problem == null) {
              problem = stateProblem(reader, validator.params(), previous, block.get(), members);
            }
          }
        }
        if (members != null && h > 0 && problem == null) {
          Block b = block.get();
          members = Members.step(members, validator.params(), b, () -> Members.stakeOf(nodes, b));
        }
        if (problem != null) {
          errorCount++;
          if (errors.size() < MAX_LISTED_ERRORS) {
            errors.add(new Error(h, problem));
          }
        }
        previous = block.orElse(null);
        ancestry = previous == null ? null
            : previous.isGenesis() ? Ancestry.genesis(previous.timestamp())
            : ancestry == null ? null : ancestry.child(previous.timestamp());
        checked++;
      }
      if (progress != null && checked % (10 * CHUNK) == 0) {
        progress.accept(checked);
      }
    }
    if (previous != null && !previous.hash().equals(head.hash())) {
      errorCount++;
      errors.add(new Error(head.height(), "HEAD_MISMATCH"));
    } else if (previous != null && errorCount == 0) {
      if (StateTotals.held(nodes, validator.params(), previous.stateRoot()) != validator.params().supplyAt(head.height())) {
        errorCount++;
        errors.add(new Error(head.height(), "SUPPLY_MISMATCH"));
      }
    }
    return new AuditReport(errorCount == 0, head.height(), head.hash(), checked, List.copyOf(errors));
  }
}
