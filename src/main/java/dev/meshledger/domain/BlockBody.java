package dev.meshledger.domain;

import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.ledger.Transfer;
import java.util.List;
import java.util.Objects;

/**
 * What a producer puts in a block beside its data: the transfers, in order, the double signs it
 * slashes (proof of stake; usually none), and the state root they and the block reward lead to (the
 * chain computes it, see {@code chain.Ledger#template}).
 */
public record BlockBody(List<Transfer> transactions, Hash stateRoot, List<DoubleSign> evidence) {
  public BlockBody {
    transactions = List.copyOf(transactions);
    Objects.requireNonNull(stateRoot, "stateRoot");
    evidence = List.copyOf(evidence);
  }

  /** A body without evidence. */
  public BlockBody(List<Transfer> transactions, Hash stateRoot) {
    this(transactions, stateRoot, List.of());
  }

  /** No transfers, the parent's state unchanged: right wherever the block reward is 0. */
  public static BlockBody unchanged(Hash parentStateRoot) {
    return new BlockBody(List.of(), parentStateRoot);
  }
}
