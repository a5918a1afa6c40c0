package dev.meshledger.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockMeta;
import java.util.Optional;

/** The chain's verdict on a BFT proposal: what a validator needs before it prevotes for a block. */
final class Proposals {
  private Proposals() {}

  /**
   * Checks a proposal without storing it: its own rules but the commit it cannot have yet, that it
   * extends the head, and that its transfers lead to its state root.
   */
  static Optional<Rejection> check(Chain chain, Block block, long nowMillis) {
    Optional<Rejection> bad = chain.validator().checkIntrinsic(block, nowMillis, false);
    if (bad.isPresent()) {
      return bad;
    }
    Optional<BlockMeta> parent = chain.meta(block.prevHash());
    Optional<Rejection> badLink = BlockValidator.checkLink(block, parent.map(BlockMeta::height).orElse(null));
    if (badLink.isPresent()) {
      return badLink;
    }
    if (!block.prevHash().equals(chain.head().hash())) {
      return Optional.of(Rejection.CONFLICTS_WITH_FINAL);
    }
    if (chain.membership() != null) {
      Optional<Rejection> badSet = BlockValidator.checkMembership(block, chain.membership(), false,
          dev.meshledger.domain.validation.EvidenceRules.maxAge(chain.params()));
      if (badSet.isPresent()) {
        return badSet;
      }
    }
    BlockExecution.Result executed =
        BlockExecution.check(chain.scratchNodes(), chain.params(), parent.get().stateRoot(), block,
            chain.setAt(block.height()));
    return executed instanceof BlockExecution.Refused refused ? Optional.of(refused.reason()) : Optional.empty();
  }
}
