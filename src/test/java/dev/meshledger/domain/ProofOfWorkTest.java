package dev.meshledger.domain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.pow.CompactBits;
import dev.meshledger.domain.pow.PowRules;
import dev.meshledger.domain.validation.BlockValidator;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProofOfWorkTest {
  private static final ChainParams PARAMS = ChainParams.of("pow-test", 12, 1024);

  @Test
  void sealedBlockMeetsItsDifficultyAndIsValid() {
    Block genesis = Genesis.of(PARAMS);
    Block b = new BlockFactory(TestBlocks.KEY, PARAMS).make(genesis, TestBlocks.T0, utf8("work"));
    assertEquals(PARAMS.powRules().initialBits(), b.bits());
    assertTrue(b.hash().leadingZeroBits() >= 12, "hash " + b.hash() + " has 12 leading zero bits");
    assertTrue(ProofOfWork.meets(b.hash(), PARAMS.powRules().maxTarget()));
    assertEquals(HeaderBytes.computeHash(b), b.hash());
    assertEquals(1, b.height());
    assertEquals(genesis.hash(), b.prevHash());
    assertEquals(Sha256.of(utf8("work")), b.dataHash());
    assertTrue(Ed25519.verify(TestBlocks.KEY.publicKey(), HeaderBytes.signedBytes(b), b.signature()));
    assertEquals(Optional.empty(), new BlockValidator(PARAMS).checkIntrinsic(b, TestBlocks.T0));
  }

  @Test
  void meetsComparesTheHashAsAnUnsignedNumber() {
    Hash twelve = Hash.fromHex("000f" + "ff".repeat(30));
    assertTrue(ProofOfWork.meets(twelve, PowRules.leadingZeroTarget(12)));
    assertFalse(ProofOfWork.meets(twelve, PowRules.leadingZeroTarget(13)));
    assertTrue(ProofOfWork.meets(twelve, PowRules.leadingZeroTarget(0)));
    BigInteger exact = new BigInteger(1, twelve.toBytes());
    assertTrue(ProofOfWork.meets(twelve, exact), "equal to the target meets it");
    assertFalse(ProofOfWork.meets(twelve, exact.subtract(BigInteger.ONE)), "one above the target misses");
    Hash top = Hash.fromHex("ff".repeat(32));
    assertFalse(ProofOfWork.meets(top, PowRules.leadingZeroTarget(1)), "the top bit is not a sign");
  }

  @Test
  void sealLeavesTheWinningNonceInTheHeader() {
    Block unsealed = TestBlocks.with(TestBlocks.child(ChainParams.of("pow-test", 0, 1024), Genesis.of(PARAMS), "x"),
        TestBlocks.Field.BITS, 0x1f3f_ffff);
    byte[] header = HeaderBytes.header(unsealed);
    BigInteger target = CompactBits.decode(0x1f3f_ffff); // just under 2^246: 10 leading zero bits
    long nonce = ProofOfWork.seal(header, target, 0, () -> false);
    assertTrue(nonce >= 0);
    assertTrue(ProofOfWork.meets(Sha256.of(header), target));
    assertTrue(Sha256.of(header).leadingZeroBits() >= 10);
    assertEquals(Sha256.of(header), HeaderBytes.computeHash(TestBlocks.with(unsealed, TestBlocks.Field.NONCE, nonce)));
  }

  @Test
  void sealRefusesNoTarget() {
    byte[] header = new byte[HeaderBytes.HEADER_SIZE];
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ProofOfWork.seal(header, BigInteger.ZERO, 0, () -> false));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ProofOfWork.seal(header, BigInteger.ONE.shiftLeft(256), 0, () -> false));
  }

  @Test
  void cancelStopsGrindingAtHighDifficulty() {
    // 32 bits take ~4 billion hashes: minutes. Only the cancel flag can end this in time.
    ChainParams hard = ChainParams.of("pow-test", 32, 1024);
    AtomicInteger looks = new AtomicInteger();
    Optional<Block> made = new BlockFactory(TestBlocks.KEY, hard)
        .make(0, Genesis.of(hard).hash(), TestBlocks.T0, utf8("never"),
            BlockBody.unchanged(Genesis.of(hard).stateRoot()), () -> looks.incrementAndGet() >= 3);
    assertTrue(made.isEmpty());
    assertEquals(3, looks.get(), "stopped at the first look that said cancel");
  }

  @Test
  void cancelFromAnotherThreadStopsSeal() throws Exception {
    byte[] header = HeaderBytes.header(TestBlocks.child(ChainParams.of("pow-test", 0, 1024), Genesis.of(PARAMS), "x"));
    java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch grinding = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Long> result = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> ProofOfWork.seal(header, PowRules.leadingZeroTarget(32), 0, () -> {
          grinding.countDown();
          return cancel.get();
        }));
    assertTrue(grinding.await(10, java.util.concurrent.TimeUnit.SECONDS));
    cancel.set(true);
    assertEquals(-1L, result.get(10, java.util.concurrent.TimeUnit.SECONDS));
  }
}
