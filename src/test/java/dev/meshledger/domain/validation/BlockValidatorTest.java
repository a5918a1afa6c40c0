package dev.meshledger.domain.validation;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.ProofOfWork;
import dev.meshledger.domain.TestBlocks.Field;
import dev.meshledger.domain.TestBlocks;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One test per rejection reason. Each tampered block breaks one rule only: its other fields,
 * hash, proof of work and signature are made to fit, so the answer does not depend on the
 * order in which the validator checks.
 */
class BlockValidatorTest {
  private static final int BITS = 8;
  private static final int MAX_DATA = 64;
  private static final ChainParams PARAMS = ChainParams.of("validator-test", BITS, MAX_DATA);
  private static final BlockValidator VALIDATOR = new BlockValidator(PARAMS);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final long NOW = TestBlocks.T0;
  private static final Block VALID = TestBlocks.child(PARAMS, GENESIS, "a valid block");

  private static Optional<Rejection> check(Block b) {
    return VALIDATOR.checkIntrinsic(b, NOW);
  }

  @Test
  void validBlockPasses() {
    assertEquals(Optional.empty(), check(VALID));
    assertEquals(Optional.empty(), BlockValidator.checkLink(VALID, 0L));
  }

  @Test
  void unknownParent() {
    assertEquals(Optional.of(Rejection.UNKNOWN_PARENT), BlockValidator.checkLink(VALID, null));
  }

  @Test
  void badHeight() {
    assertEquals(Optional.of(Rejection.BAD_HEIGHT), BlockValidator.checkLink(VALID, 1L));
    assertEquals(Optional.of(Rejection.BAD_HEIGHT), BlockValidator.checkLink(VALID, 5L));
  }

  @Test
  void badHash() {
    // All zeros meets any difficulty: only the "hash recomputes" rule can fail.
    assertEquals(Optional.of(Rejection.BAD_HASH), check(TestBlocks.with(VALID, Field.HASH, Hash.ZERO)));
  }

  @Test
  void badDataHash() {
    // The header commits to the data hash, not the data: same hash, same signature, other data.
    byte[] other = utf8("a valid blocK");
    assertEquals(VALID.data().length, other.length);
    assertEquals(Optional.of(Rejection.BAD_DATA_HASH), check(TestBlocks.with(VALID, Field.DATA, other)));
  }

  @Test
  void badPow() {
    Block b = VALID;
    for (long nonce = VALID.nonce() + 1; ProofOfWork.meets(b.hash(), PARAMS.powRules().maxTarget()); nonce++) {
      b = TestBlocks.rehashed(TestBlocks.with(VALID, Field.NONCE, nonce)); // the signature does not cover the nonce
    }
    assertEquals(Optional.of(Rejection.BAD_POW), check(b));
  }

  @Test
  void bitsOtherThanTheFixedDifficultyAreRefused() {
    // Signed and sealed for 10 bits, so its hash meets 10 (and 8): only "the network's difficulty" fails.
    ChainParams harder = ChainParams.of(PARAMS.chainId(), BITS + 2, MAX_DATA);
    Block b = new BlockFactory(TestBlocks.KEY, harder).make(GENESIS, NOW, utf8("harder"));
    assertEquals(Optional.empty(), new BlockValidator(harder).checkIntrinsic(b, NOW));
    assertEquals(Optional.of(Rejection.BAD_BITS), check(b));
  }

  @Test
  void badSignatureFromAnotherSigner() {
    // Claims another producer; hash and proof of work redone, so only the signature is wrong.
    Block b = TestBlocks.resealed(TestBlocks.with(VALID, Field.PRODUCER, TestBlocks.OTHER_KEY.publicKey()));
    assertEquals(HeaderBytes.computeHash(b), b.hash());
    assertEquals(Optional.of(Rejection.BAD_SIGNATURE), check(b));
  }

  @Test
  void badSignatureOverOtherBytes() {
    byte[] sigOfOther = TestBlocks.KEY.sign(utf8("something else"));
    Block b = TestBlocks.resealed(TestBlocks.with(VALID, Field.SIGNATURE, sigOfOther));
    assertEquals(Optional.of(Rejection.BAD_SIGNATURE), check(b));
  }

  @Test
  void tooLarge() {
    ChainParams roomy = ChainParams.of(PARAMS.chainId(), BITS, 10 * MAX_DATA);
    Block at = new BlockFactory(TestBlocks.KEY, roomy).make(GENESIS, NOW, new byte[MAX_DATA]);
    Block over = new BlockFactory(TestBlocks.KEY, roomy).make(GENESIS, NOW, new byte[MAX_DATA + 1]);
    assertEquals(Optional.empty(), check(at));
    assertEquals(Optional.of(Rejection.TOO_LARGE), check(over));
  }

  @Test
  void futureTimestamp() {
    long limit = NOW + PARAMS.maxFutureMillis();
    BlockFactory factory = new BlockFactory(TestBlocks.KEY, PARAMS);
    Block atLimit = factory.make(GENESIS, limit, utf8("x"));
    Block past = factory.make(GENESIS, limit + 1, utf8("x"));
    assertEquals(Optional.empty(), check(atLimit));
    assertEquals(Optional.of(Rejection.FUTURE_TIMESTAMP), check(past));
  }

  @Test
  void genesisIsAcceptedOnlyAsThisNetworksOwn() {
    assertEquals(Optional.empty(), check(GENESIS));
    assertEquals(Optional.of(Rejection.BAD_GENESIS), check(Genesis.of(ChainParams.of("another-net", BITS, MAX_DATA))));
    assertEquals(Optional.of(Rejection.BAD_GENESIS), check(Genesis.of(ChainParams.of(PARAMS.chainId(), BITS + 1, MAX_DATA))));
  }

  @Test
  void heightZeroBlockThatIsNotGenesis() {
    // A signed, sealed block claiming height 0 is not the genesis block.
    Block b = TestBlocks.resealed(TestBlocks.with(VALID, Field.HEIGHT, 0L));
    assertEquals(Optional.of(Rejection.BAD_GENESIS), check(b));
  }
}
