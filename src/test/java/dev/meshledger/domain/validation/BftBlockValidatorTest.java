package dev.meshledger.domain.validation;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.finality.SignBytes;
import dev.meshledger.domain.finality.TestCommits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The block rules of a BFT chain: who may produce, and the commit every stored block carries. */
class BftBlockValidatorTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final NodeKey OUTSIDER = TestBlocks.keyFrom(99);
  private static final BftParams BFT = TestCommits.params(KEYS);
  private static final ChainParams PARAMS = ChainParams.of("bft-validator-test", 0, 64).withBft(BFT);
  private static final BlockValidator VALIDATOR = new BlockValidator(PARAMS);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final long NOW = TestBlocks.T0;
  /** Proposed by validator 0, not yet voted on. */
  private static final Block PROPOSED = new BlockFactory(KEYS.get(0), PARAMS).make(GENESIS, NOW, utf8("bft block"));
  private static final Block BY_OUTSIDER = new BlockFactory(OUTSIDER, PARAMS).make(GENESIS, NOW, utf8("bft block"));

  private static Commit commitOf(Block b, int round, List<NodeKey> signers) {
    return TestCommits.commit(GENESIS.hash(), b.height(), round, b.hash(), signers);
  }

  private static final Membership MEMBERS = Membership.genesis(BFT.validators());

  /** Both halves, as the chain runs them: the signatures (anywhere), then the set of the block's height. */
  private static Optional<Rejection> check(Block b) {
    return VALIDATOR.checkIntrinsic(b, NOW).or(() -> BlockValidator.checkMembership(b, MEMBERS, true));
  }

  @Test
  void aBlockWithItsCommitPasses() {
    assertEquals(Optional.empty(), check(PROPOSED.withCommit(commitOf(PROPOSED, 0, KEYS.subList(0, 3)))));
    assertEquals(Optional.empty(), check(PROPOSED.withCommit(commitOf(PROPOSED, 4, KEYS))));
    // the producer need not be among the signers
    assertEquals(Optional.empty(), check(PROPOSED.withCommit(commitOf(PROPOSED, 1, KEYS.subList(1, 4)))));
  }

  @Test
  void aBlockWithoutCommitIsMissingOne() {
    assertEquals(Optional.of(Rejection.MISSING_COMMIT), check(PROPOSED));
    assertEquals(Optional.of(Rejection.MISSING_COMMIT), VALIDATOR.checkIntrinsic(PROPOSED, NOW, true));
  }

  @Test
  void aProposalIsCheckedWithoutItsCommit() {
    assertEquals(Optional.empty(), VALIDATOR.checkIntrinsic(PROPOSED, NOW, false));
    // but the rest of the rules hold for proposals too
    assertEquals(Optional.of(Rejection.NOT_A_VALIDATOR), BlockValidator.checkMembership(BY_OUTSIDER, MEMBERS, false));
    assertEquals(Optional.of(Rejection.FUTURE_TIMESTAMP),
        VALIDATOR.checkIntrinsic(PROPOSED, NOW - PARAMS.maxFutureMillis() - 1, false));
  }

  static Stream<Arguments> badCommits() {
    Block b = PROPOSED;
    List<CommitSig> withStranger = new ArrayList<>(commitOf(b, 0, KEYS.subList(0, 3)).signatures());
    withStranger.add(TestCommits.precommit(OUTSIDER, GENESIS.hash(), 1, 0, b.hash()));
    List<CommitSig> withDuplicate = new ArrayList<>(commitOf(b, 0, KEYS.subList(0, 2)).signatures());
    withDuplicate.add(withDuplicate.get(0));
    List<CommitSig> prevotes = KEYS.subList(0, 3).stream().map(k -> TestCommits.sig(k,
        SignBytes.vote(GENESIS.hash(), SignBytes.PREVOTE, 1, 0, Optional.of(b.hash())))).toList();
    Block other = new BlockFactory(KEYS.get(1), PARAMS).make(GENESIS, NOW, utf8("another bft block"));
    return Stream.of(
        Arguments.of("two of four", commitOf(b, 0, KEYS.subList(0, 2))),
        Arguments.of("signed for height 2", TestCommits.commit(GENESIS.hash(), 2, 0, b.hash(), KEYS.subList(0, 3))),
        Arguments.of("signed for another block", commitOf(other, 0, KEYS.subList(0, 3))),
        Arguments.of("signed on another chain",
            TestCommits.commit(Genesis.of(ChainParams.of("other-chain", 0, 64)).hash(), 1, 0, b.hash(),
                KEYS.subList(0, 3))),
        Arguments.of("round claimed is not the round signed", new Commit(1, commitOf(b, 0, KEYS.subList(0, 3)).signatures())),
        Arguments.of("prevotes, not precommits", new Commit(0, prevotes)),
        Arguments.of("a stranger signs", new Commit(0, withStranger)),
        Arguments.of("a validator signs twice", new Commit(0, withDuplicate)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommits")
  void aCommitThatDoesNotProveTheBlockFinalIsBad(String what, Commit c) {
    assertEquals(Optional.of(Rejection.BAD_COMMIT), check(PROPOSED.withCommit(c)), what);
  }

  @Test
  void aNonValidatorMayNotProduceEvenWithAGoodCommit() {
    assertEquals(Optional.of(Rejection.NOT_A_VALIDATOR),
        check(BY_OUTSIDER.withCommit(commitOf(BY_OUTSIDER, 0, KEYS.subList(0, 3)))));
  }

  @Test
  void proofOfWorkRefusesAnyCommit() {
    ChainParams pow = ChainParams.of("pow-commit-test", 4, 64);
    BlockValidator v = new BlockValidator(pow);
    Block genesis = Genesis.of(pow);
    Block b = TestBlocks.child(pow, genesis, "pow block");
    assertEquals(Optional.empty(), v.checkIntrinsic(b, NOW));
    Block withCommit = b.withCommit(TestCommits.commit(genesis.hash(), 1, 0, b.hash(), KEYS));
    assertEquals(Optional.of(Rejection.UNEXPECTED_COMMIT), v.checkIntrinsic(withCommit, NOW));
    assertEquals(Optional.of(Rejection.UNEXPECTED_COMMIT), v.checkIntrinsic(withCommit, NOW, false));
  }

  @Test
  void aBftBlockWithProofOfWorkBitsIsRefused() {
    ChainParams pow = ChainParams.of(PARAMS.chainId(), 4, 64);
    Block b = new BlockFactory(KEYS.get(0), pow).make(GENESIS, NOW, utf8("sealed with work"));
    assertEquals(Optional.of(Rejection.BAD_BITS), check(b.withCommit(commitOf(b, 0, KEYS))));
  }

  @Test
  void aCommitWithMoreSignaturesThanTheSetMayHoldIsRefusedUnverified() {
    List<NodeKey> five = TestCommits.keys(5);
    BftParams bounded = new BftParams(1000, 3000, 1000, 1000, BFT.validators(), 4);
    ChainParams params = ChainParams.of("bft-validator-test", 0, 64).withBft(bounded);
    BlockValidator v = new BlockValidator(params);
    Block genesis = Genesis.of(params);
    Block b = new BlockFactory(KEYS.get(0), params).make(genesis, NOW, utf8("bounded"));
    // five genuine precommits: every signature verifies, but the set can never hold five
    Commit tooMany = TestCommits.commit(genesis.hash(), 1, 0, b.hash(), five);
    assertEquals(Optional.of(Rejection.BAD_COMMIT), v.checkIntrinsic(b.withCommit(tooMany), NOW));
    Commit four = TestCommits.commit(genesis.hash(), 1, 0, b.hash(), five.subList(0, 4));
    assertEquals(Optional.empty(), v.checkIntrinsic(b.withCommit(four), NOW));
    // the bound is checked before any signature: five forged signatures are refused the same way
    List<CommitSig> forged = tooMany.signatures().stream()
        .map(s -> new CommitSig(s.validator(), new byte[64])).toList();
    assertEquals(Optional.of(Rejection.BAD_COMMIT), v.checkIntrinsic(b.withCommit(new Commit(0, forged)), NOW));
  }

  @Test
  void theDefaultBoundIsAHundredOrTheGenesisSetIfLarger() {
    assertEquals(BftParams.DEFAULT_MAX_VALIDATORS, BFT.maxValidators());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new BftParams(1000, 3000, 1000, 1000, BFT.validators(), 3));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new BftParams(1000, 3000, 1000, 1000, BFT.validators(), Commit.MAX_SIGNATURES + 1));
    assertEquals(Commit.MAX_SIGNATURES,
        new BftParams(1000, 3000, 1000, 1000, BFT.validators(), Commit.MAX_SIGNATURES).maxValidators());
  }
}
