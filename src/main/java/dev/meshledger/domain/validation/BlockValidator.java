package dev.meshledger.domain.validation;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.SignatureCheck;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.ProofOfWork;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.CommitCheck;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.PowRules;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The block rules. {@link #checkIntrinsic} needs nothing but the block, so it runs on any
 * thread, in parallel (the signature checks dominate: ~80 us each, the producer's and every
 * transfer's); {@link #checkLink} needs the parent and is cheap. A block is valid when both
 * pass and its transfers apply to its parent's state with the header's state root
 * ({@code chain.BlockExecution}). Under BFT the rules that need the validator set of the block's height
 * (a proof-of-authority vote may have changed it) are {@link #checkMembership}'s, cheap and run in height
 * order by the chain; {@link #checkIntrinsic} verifies every signature without the set.
 */
public final class BlockValidator {
  private final ChainParams params;
  private final Block genesis;
  private final PowRules pow;
  private final SignatureCheck signatures;

  /** Checks signatures through the node's verified-signature cache ({@link Ed25519#verify}). */
  public BlockValidator(ChainParams params) {
    this(params, Ed25519::verify);
  }

  /** @param signatures how every signature (producer, commit, transfers) is checked */
  public BlockValidator(ChainParams params, SignatureCheck signatures) {
    this.params = params;
    this.signatures = signatures;
    this.pow = params.powRules();
    this.genesis = Genesis.of(params);
  }

  public ChainParams params() {
    return params;
  }

  public Optional<Rejection> checkIntrinsic(Block block, long nowMillis) {
    return checkIntrinsic(block, nowMillis, true);
  }

  /**
   * The block's own rules; {@code withCommit} false checks a BFT proposal, which is voted on before it
   * can have a commit.
   */
  public Optional<Rejection> checkIntrinsic(Block block, long nowMillis, boolean withCommit) {
    return checkHeader(block, nowMillis, withCommit)
        .or(() -> block.isGenesis() ? Optional.empty() : checkTransfers(block, 0, block.txCount()));
  }

  /**
   * {@link #checkIntrinsic(Block, long)} without the producer's and the transfers' signatures, for a block
   * at or below the assume-valid block of a sync ({@code sync.assumeValid}): everything else still holds,
   * the commit's signatures included (they are what makes a BFT branch final, as work does a PoW one).
   */
  public Optional<Rejection> checkIntrinsicAssumingSignatures(Block block, long nowMillis) {
    return checkHeader(block, nowMillis, true, false);
  }

  /**
   * {@link #checkIntrinsic} but the transfers' signatures ({@link #checkTransfers}): one signature, or a
   * commit's, so that a forged header costs that much and not the thousands its transfers would.
   */
  public Optional<Rejection> checkHeader(Block block, long nowMillis, boolean withCommit) {
    return checkHeader(block, nowMillis, withCommit, true);
  }

  private Optional<Rejection> checkHeader(Block block, long nowMillis, boolean withCommit, boolean producerSignature) {
    if (block.isGenesis()) {
      return block.equals(genesis) ? Optional.empty() : Optional.of(Rejection.BAD_GENESIS);
    }
    if (block.data().length > params.maxBlockDataBytes()) {
      return Optional.of(Rejection.TOO_LARGE);
    }
    if (block.txCount() > params.ledger().maxBlockTransfers()) {
      return Optional.of(Rejection.TOO_MANY_TRANSFERS);
    }
    if (!HeaderBytes.computeHash(block).equals(block.hash())) {
      return Optional.of(Rejection.BAD_HASH);
    }
    if (!Sha256.of(block.data()).equals(block.dataHash())) {
      return Optional.of(Rejection.BAD_DATA_HASH);
    }
    Optional<Rejection> badWork = checkWork(block);
    if (badWork.isPresent()) {
      return badWork;
    }
    if (block.timestamp() > nowMillis + params.maxFutureMillis()) {
      return Optional.of(Rejection.FUTURE_TIMESTAMP);
    }
    if (block.vote() != null && (!params.isBft() || params.isStake())) {
      return Optional.of(Rejection.BAD_VOTE);
    }
    if (producerSignature && !signatures.verify(block.producer(), HeaderBytes.signedBytes(block), block.signature())) {
      return Optional.of(Rejection.BAD_SIGNATURE);
    }
    // under assume-valid the evidence's signatures are taken as the producer's are; its other rules still hold
    SignatureCheck evidenceSignatures = producerSignature ? signatures : (key, message, signature) -> true;
    if (!block.evidence().isEmpty()
        && EvidenceRules.intrinsic(block, params, genesis.hash(), evidenceSignatures).isPresent()) {
      return Optional.of(Rejection.BAD_EVIDENCE);
    }
    Optional<Rejection> badCommit = checkCommit(block, withCommit);
    if (badCommit.isPresent()) {
      return badCommit;
    }
    // after the header's own checks: a forged header costs one signature check, not thousands
    if (!BlockFactory.txRoot(block.transactions()).equals(block.txRoot())) {
      return Optional.of(Rejection.BAD_TX_ROOT);
    }
    return Optional.empty();
  }

  /** The signatures of the block's transfers {@code [from, to)}: parts of a block may be checked on several threads. */
  public Optional<Rejection> checkTransfers(Block block, int from, int to) {
    for (Transfer t : block.transactions().subList(from, to)) {
      if (!Transfers.verify(t, signatures)) {
        return Optional.of(Rejection.BAD_TRANSFER_SIGNATURE);
      }
    }
    return Optional.empty();
  }

  /**
   * Bits a block may carry at all, and a hash that meets them: cheap, so they come before the
   * signature. Under BFT the bits are 0; at a fixed difficulty they are the initial ones (a
   * retargeting chain's required bits need the parent: {@link #checkPow}).
   */
  private Optional<Rejection> checkWork(Block block) {
    if (params.isBft()) {
      return block.bits() == 0 ? Optional.empty() : Optional.of(Rejection.BAD_BITS);
    }
    Optional<BigInteger> target = pow.target(block.bits());
    if (target.isEmpty() || (params.retarget().isFixed() && block.bits() != pow.initialBits())) {
      return Optional.of(Rejection.BAD_BITS);
    }
    return ProofOfWork.meets(block.hash(), target.get()) ? Optional.empty() : Optional.of(Rejection.BAD_POW);
  }

  /**
   * The proof-of-work rules between a block and its parent's {@code ancestry}: the bits the
   * chain requires there (ASERT), and a timestamp above the parent's median time past. Nothing
   * under BFT, where the proposer's timestamp is voted on.
   */
  public Optional<Rejection> checkPow(Block block, Ancestry parent) {
    if (params.isBft()) {
      return Optional.empty();
    }
    if (block.bits() != pow.requiredBits(parent)) {
      return Optional.of(Rejection.BAD_BITS);
    }
    if (block.timestamp() <= parent.medianTimePast()) {
      return Optional.of(Rejection.TIME_TOO_OLD);
    }
    return Optional.empty();
  }

  private Optional<Rejection> checkCommit(Block block, boolean withCommit) {
    if (!params.isBft()) {
      return block.commit().isEmpty() ? Optional.empty() : Optional.of(Rejection.UNEXPECTED_COMMIT);
    }
    if (!withCommit) {
      return Optional.empty();
    }
    if (block.commit().isEmpty()) {
      return Optional.of(Rejection.MISSING_COMMIT);
    }
    if (block.commit().signatures().size() > params.bft().maxValidators()) {
      // more signers than the set can hold: refused before a single verification (a forged commit is cheap)
      return Optional.of(Rejection.BAD_COMMIT);
    }
    return CommitCheck.signatures(genesis.hash(), block.height(), block.hash(), block.commit(), signatures)
        .map(p -> Rejection.BAD_COMMIT);
  }

  /**
   * The BFT rules against the validators of the block's height ({@code members}, the state after its
   * parent): its producer is one, its commit (with {@code withCommit}) holds more than 2/3 of their power,
   * and its vote, if any, is one {@link Membership#check} accepts. Signatures are {@link #checkIntrinsic}'s.
   */
  public static Optional<Rejection> checkMembership(Block block, Membership members, boolean withCommit) {
    return checkMembership(block, members, withCommit, 0);
  }

  /**
   * {@link #checkMembership} of a block whose evidence is checked against the set of each offence's height
   * and {@code evidenceMaxAge} ({@link EvidenceRules#maxAge}).
   */
  public static Optional<Rejection> checkMembership(Block block, Membership members, boolean withCommit,
      long evidenceMaxAge) {
    if (!block.evidence().isEmpty() && EvidenceRules.withSet(block, members, evidenceMaxAge).isPresent()) {
      return Optional.of(Rejection.BAD_EVIDENCE);
    }
    Map<String, Long> powers = new HashMap<>();
    members.at(block.height()).forEach(m -> powers.put(m.id(), m.power()));
    if (!powers.containsKey(block.producerHex())) {
      return Optional.of(Rejection.NOT_A_VALIDATOR);
    }
    if (withCommit && CommitCheck.power(powers, block.commit()).isPresent()) {
      return Optional.of(Rejection.BAD_COMMIT);
    }
    if (block.vote() != null && members.check(block.producerHex(), block.vote()).isPresent()) {
      return Optional.of(Rejection.BAD_VOTE);
    }
    return Optional.empty();
  }

  /** The rules between a block and its parent (null when the parent is unknown). */
  public static Optional<Rejection> checkLink(Block block, Long parentHeight) {
    if (parentHeight == null) {
      return Optional.of(Rejection.UNKNOWN_PARENT);
    }
    if (block.height() != parentHeight + 1) {
      return Optional.of(Rejection.BAD_HEIGHT);
    }
    return Optional.empty();
  }
}
