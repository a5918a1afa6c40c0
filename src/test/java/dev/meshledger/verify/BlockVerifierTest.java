package dev.meshledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.TestBlocks.Field;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verify threads find the first bad block of a list, however it is cut, and a forged header before any transfer. */
class BlockVerifierTest {
  private static final ChainParams PARAMS = ChainParams.of("verifier-test", 2, 1024);
  private static final BlockValidator VALIDATOR = new BlockValidator(PARAMS, Ed25519::verifyUncached);
  private static final WalletKey WALLET = WalletKey.fromSecret(new byte[32]);

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static List<Block> chain(int n) {
    List<Block> out = new ArrayList<>();
    Block parent = Genesis.of(PARAMS);
    for (int i = 0; i < n; i++) {
      parent = TestBlocks.child(PARAMS, parent, "b" + i);
      out.add(parent);
    }
    return out;
  }

  private static Block badSignature(Block b) {
    byte[] sig = b.signature();
    sig[5] ^= 1;
    return TestBlocks.resealed(TestBlocks.with(b, Field.SIGNATURE, sig));
  }

  private static List<Transfer> transfers(int n) {
    List<Transfer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(WALLET.transfer(PARAMS.chainId(), WALLET.account(), 1, 1, i));
    }
    return out;
  }

  private static Block blockWith(List<Transfer> transfers) {
    Block genesis = Genesis.of(PARAMS);
    return new BlockFactory(TestBlocks.KEY, PARAMS).make(0, genesis.hash(), TestBlocks.T0 + 1, TestBlocks.utf8("t"),
        new BlockBody(transfers, Hash.ZERO), () -> false).orElseThrow();
  }

  private static Transfer forged(Transfer t) {
    byte[] sig = t.signature();
    sig[9] ^= 1;
    return Transfer.of(t.chainId(), t.from(), t.to(), t.amount(), t.fee(), t.nonce(), sig);
  }

  private Optional<BlockVerifier.Failure> verify(int threads, List<Block> blocks) throws Exception {
    BlockVerifier verifier = new BlockVerifier(vertx, VALIDATOR, threads);
    try {
      return await(verifier.verify(blocks));
    } finally {
      await(verifier.close());
    }
  }

  @Test
  void theFirstBadBlockOfABatchIsNamed() throws Exception {
    List<Block> blocks = new ArrayList<>(chain(300));
    for (int threads : new int[] {1, 2, 3}) {
      assertEquals(Optional.empty(), verify(threads, blocks), threads + " threads");
    }
    blocks.set(210, badSignature(blocks.get(210)));
    blocks.set(137, badSignature(blocks.get(137)));
    for (int threads : new int[] {1, 2, 3}) {
      BlockVerifier.Failure f = verify(threads, blocks).orElseThrow();
      assertEquals(137, f.index(), threads + " threads");
      assertEquals(Rejection.BAD_SIGNATURE, f.reason());
      assertEquals(blocks.get(137), f.block());
    }
    assertEquals(Optional.empty(), verify(2, List.of()), "nothing to check");
  }

  @Test
  void aBlockOfManyTransfersIsCheckedOnEveryThreadHeaderFirst() throws Exception {
    List<Transfer> ts = transfers(200);
    Block good = blockWith(ts);
    assertEquals(Optional.empty(), verify(2, List.of(good)));

    List<Transfer> oneForged = new ArrayList<>(ts);
    oneForged.set(150, forged(ts.get(150)));
    Block bad = blockWith(oneForged);
    for (int threads : new int[] {1, 2}) {
      BlockVerifier.Failure f = verify(threads, List.of(bad)).orElseThrow();
      assertEquals(0, f.index());
      assertEquals(Rejection.BAD_TRANSFER_SIGNATURE, f.reason(), threads + " threads");
    }
    Block badHeaderToo = badSignature(bad);
    assertEquals(Rejection.BAD_SIGNATURE, verify(2, List.of(badHeaderToo)).orElseThrow().reason(),
        "the header is checked first");
    List<Block> two = List.of(TestBlocks.child(PARAMS, Genesis.of(PARAMS), "empty"), badHeaderToo);
    BlockVerifier.Failure f = verify(2, two).orElseThrow();
    assertEquals(1, f.index());
    assertEquals(Rejection.BAD_SIGNATURE, f.reason());
    assertTrue(VALIDATOR.checkIntrinsic(good, TestBlocks.T0).isEmpty());
  }
}
