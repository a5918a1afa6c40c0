package dev.meshledger.chain;

import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.EvidenceBytes;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.state.StakeRoots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small choices a block template makes, apart from {@link Ledger} (which is at its size limit). */
final class TemplateParts {
  private TemplateParts() {}

  static List<Transfer> without(List<Transfer> list, int index) {
    List<Transfer> out = new ArrayList<>(list);
    out.remove(index);
    return out;
  }

  /**
   * What a block on {@code parentState} may slash of {@code candidates} (the consensus' evidence pool, oldest
   * first): proof of stake only, one offence per validator, none whose validator the parent's stake already
   * tombstoned (punished on this branch: the block would be refused), at most {@link EvidenceBytes#MAX_PER_BLOCK}.
   * The other rules (the set of the offence's height, its age) are the pool's and the proposal check's.
   */
  static List<DoubleSign> slashable(NodeStore nodes, ChainParams params, Hash parentState, List<DoubleSign> candidates) {
    if (!params.isStake() || candidates.isEmpty()) {
      return List.of();
    }
    StakeState stake = StakeRoots.split(nodes, parentState).stake();
    Set<String> taken = new HashSet<>();
    List<DoubleSign> out = new ArrayList<>();
    for (DoubleSign e : candidates) {
      if (out.size() < EvidenceBytes.MAX_PER_BLOCK && !stake.pool(e.validatorHex()).tombstoned()
          && taken.add(e.validatorHex())) {
        out.add(e);
      }
    }
    return out;
  }
}
