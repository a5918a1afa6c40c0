package dev.meshledger.domain.validation;

import dev.meshledger.crypto.SignatureCheck;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.Membership;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of the double signs a proof-of-stake block carries ({@link Block#evidence}), in the two halves
 * a block is checked in: {@link #intrinsic} needs only the block (signatures, so off the event loop, through
 * the verified-signature cache) and {@link #withSet} the validator sets by height. That the offender is not
 * tombstoned yet is the stake transition's ({@code StakeTransition}), which holds the stake.
 */
public final class EvidenceRules {
  private EvidenceRules() {}

  /** How far back an offence is punishable: stake unbonds in {@code staking.unbondingBlocks}, then it is free. */
  public static long maxAge(ChainParams params) {
    return params.isStake() ? params.bft().staking().unbondingBlocks() : 0;
  }

  /**
   * Why the block's evidence is refused by the block alone: evidence off proof of stake, one validator
   * twice (one offence tombstones it: a second is nothing to punish), two votes for one block, or a side
   * whose signature does not verify on this chain.
   */
  public static Optional<String> intrinsic(Block block, ChainParams params, Hash genesis, SignatureCheck signatures) {
    if (block.evidence().isEmpty()) {
      return Optional.empty();
    }
    if (!params.isStake()) {
      return Optional.of("evidence is carried only under proof of stake");
    }
    Set<String> seen = new HashSet<>();
    for (DoubleSign e : block.evidence()) {
      if (!seen.add(e.validatorHex())) {
        return Optional.of("validator " + e.validatorHex() + " is punished twice");
      }
      if (e.first().equals(e.second())) {
        return Optional.of(DoubleSign.Problem.SAME_VOTE.meaning());
      }
      Optional<DoubleSign.Problem> bad = e.checkSignatures(genesis, signatures);
      if (bad.isPresent()) {
        return Optional.of(bad.get().meaning());
      }
    }
    return Optional.empty();
  }

  /** Why the block's evidence is refused by the sets: each offence by a validator of its height, within the window. */
  public static Optional<String> withSet(Block block, Membership members, long maxAge) {
    for (DoubleSign e : block.evidence()) {
      Map<String, Long> powers = new HashMap<>();
      if (e.height() <= block.height()) {
        for (Member m : members.at(e.height())) {
          powers.put(m.id(), m.power());
        }
      }
      Optional<DoubleSign.Problem> bad = e.checkRules(powers, block.height(), maxAge);
      if (bad.isPresent()) {
        return Optional.of(bad.get().meaning());
      }
    }
    return Optional.empty();
  }
}
