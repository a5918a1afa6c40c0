package dev.meshledger.domain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.validation.BlockValidator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProofOfWorkTest {
  private static final ChainParams PARAMS = ChainParams.of("pow-test", 12, 1024);

  @Test
  void sealedBlockMeetsItsDifficultyAndIsValid() {
    Block genesis = Genesis.of(PARAMS);
    Block b = new BlockFactory(TestBlocks.KEY, PARAMS).make(genesis, TestBlocks.T0, utf8("work"));
    assertEquals(12, b.difficultyBits());
    assertTrue(b.hash().leadingZeroBits() >= 12, "hash " + b.hash() + " has 12 leading zero bits");
    assertTrue(ProofOfWork.meets(b.hash(), 12));
    assertEquals(HeaderBytes.computeHash(b), b.hash());
    assertEquals(1, b.height());
    assertEquals(genesis.hash(), b.prevHash());
    assertEquals(Sha256.of(utf8("work")), b.dataHash());
    assertTrue(Ed25519.verify(TestBlocks.KEY.publicKey(), HeaderBytes.signedBytes(b), b.signature()));
    assertEquals(Optional.empty(), new BlockValidator(PARAMS).checkIntrinsic(b, TestBlocks.T0));
  }

  @Test
  void meetsComparesLeadingZeroBits() {
    Hash twelve = Hash.fromHex("000f" + "ff".repeat(30));
    assertTrue(ProofOfWork.meets(twelve, 12));
    assertFalse(ProofOfWork.meets(twelve, 13));
    assertTrue(ProofOfWork.meets(twelve, 0));
  }

  @Test
  void sealLeavesTheWinningNonceInTheHeader() {
    Block unsealed = TestBlocks.with(TestBlocks.child(ChainParams.of("pow-test", 0, 1024), Genesis.of(PARAMS), "x"),
        TestBlocks.Field.DIFFICULTY_BITS, 10);
    byte[] header = HeaderBytes.header(unsealed);
    long nonce = ProofOfWork.seal(header, 10, 0, () -> false);
    assertTrue(nonce >= 0);
    assertTrue(Sha256.of(header).leadingZeroBits() >= 10);
    assertEquals(Sha256.of(header), HeaderBytes.computeHash(TestBlocks.with(unsealed, TestBlocks.Field.NONCE, nonce)));
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
        () -> ProofOfWork.seal(header, 32, 0, () -> {
          grinding.countDown();
          return cancel.get();
        }));
    assertTrue(grinding.await(10, java.util.concurrent.TimeUnit.SECONDS));
    cancel.set(true);
    assertEquals(-1L, result.get(10, java.util.concurrent.TimeUnit.SECONDS));
  }
}
