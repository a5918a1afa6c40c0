package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;

/**
 * Algorithm 1's PROPOSAL(h, r, v, vr): the proposer's block for a round, with {@code polRound} the round of
 * the polka (+2/3 prevotes) that justifies re-proposing it, or -1 for a fresh block.
 */
public record Proposal(long height, int round, Hash block, int polRound, String proposer) {
  public Proposal {
    if (block == null || proposer == null) {
      throw new IllegalArgumentException("a proposal has a block and a proposer");
    }
    if (height < 1 || round < 0 || polRound < -1 || polRound >= round && polRound != -1) {
      throw new IllegalArgumentException("a proposal has height >= 1, round >= 0, -1 <= polRound < round");
    }
  }
}
