package dev.meshledger.domain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.TestBlocks.Field;
import dev.meshledger.domain.TestTransfers;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Assume-valid skips the producer's and the transfers' signatures, and nothing else: each row breaks
 * one rule, and says what the full check and the assume-valid check make of it.
 */
class AssumeValidRulesTest {
  private static final ChainParams PARAMS = ChainParams.of("assume-valid-test", 8, 64);
  private static final BlockValidator VALIDATOR = new BlockValidator(PARAMS);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final long NOW = TestBlocks.T0;
  private static final WalletKey WALLET = WalletKey.fromSecret(new byte[32]);
  private static final List<Transfer> SIGNED = List.of(transfer(1), transfer(2), transfer(3));
  private static final Block WITH_TRANSFERS = TestTransfers.blockWith(PARAMS, GENESIS, "tx", SIGNED);

  private static Transfer transfer(long nonce) {
    return WALLET.transfer(PARAMS.chainId(), AccountId.fromHex("02".repeat(32)), 100 + nonce, 1, nonce);
  }

  private static byte[] flipped(byte[] a) {
    byte[] c = a.clone(); // blocks share their arrays: never change the original
    c[0] ^= 1;
    return c;
  }

  static Stream<Arguments> rows() {
    Block badSignature = TestBlocks.resealed(TestBlocks.with(WITH_TRANSFERS, Field.SIGNATURE, flipped(WITH_TRANSFERS.signature())));
    List<Transfer> forgedTransfers = new ArrayList<>(WITH_TRANSFERS.transactions());
    Transfer t = forgedTransfers.get(1);
    forgedTransfers.set(1, new Transfer(t.chainId(), t.from(), t.to(), t.amount(), t.fee(), t.nonce(), flipped(t.signature()), t.id()));
    Block badTransferSignature = TestBlocks.with(WITH_TRANSFERS, Field.TRANSACTIONS, forgedTransfers);
    Block badData = TestBlocks.with(WITH_TRANSFERS, Field.DATA, TestBlocks.utf8("other"));
    Block badTxRoot = TestBlocks.with(WITH_TRANSFERS, Field.TRANSACTIONS, List.of(transfer(1), transfer(2), transfer(4)));
    Block badHash = TestBlocks.with(WITH_TRANSFERS, Field.HASH, Hash.ZERO);
    Block badPow = TestBlocks.rehashed(TestBlocks.with(WITH_TRANSFERS, Field.NONCE, WITH_TRANSFERS.nonce() + 1));
    Block future = TestBlocks.resealed(TestBlocks.with(WITH_TRANSFERS, Field.TIMESTAMP, NOW + PARAMS.maxFutureMillis() + 1));
    Block withCommit = WITH_TRANSFERS.withCommit(TestCommits.commit(GENESIS.hash(), 1, 0, WITH_TRANSFERS.hash(), TestCommits.keys(1)));
    return Stream.of(
        Arguments.of("valid", WITH_TRANSFERS, null, null),
        Arguments.of("a bad producer signature", badSignature, Rejection.BAD_SIGNATURE, null),
        Arguments.of("a bad transfer signature", badTransferSignature, Rejection.BAD_TRANSFER_SIGNATURE, null),
        Arguments.of("data not matching the data hash", badData, Rejection.BAD_DATA_HASH, Rejection.BAD_DATA_HASH),
        Arguments.of("transfers not matching the root", badTxRoot, Rejection.BAD_TX_ROOT, Rejection.BAD_TX_ROOT),
        Arguments.of("a hash not of its header", badHash, Rejection.BAD_HASH, Rejection.BAD_HASH),
        Arguments.of("a hash above its target", badPow, Rejection.BAD_POW, Rejection.BAD_POW),
        Arguments.of("a timestamp too far ahead", future, Rejection.FUTURE_TIMESTAMP, Rejection.FUTURE_TIMESTAMP),
        Arguments.of("a commit under proof of work", withCommit, Rejection.UNEXPECTED_COMMIT, Rejection.UNEXPECTED_COMMIT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void onlySignaturesAreSkipped(String name, Block b, Rejection full, Rejection assumingSignatures) {
    if (b == WITH_TRANSFERS || full == Rejection.BAD_POW) {
      // the pow row is only meaningful if the changed nonce really misses the target
      org.junit.jupiter.api.Assumptions.assumeTrue(full != Rejection.BAD_POW
          || !dev.meshledger.domain.ProofOfWork.meets(b.hash(), PARAMS.powRules().target(b.bits()).orElseThrow()));
    }
    assertEquals(Optional.ofNullable(full), VALIDATOR.checkIntrinsic(b, NOW), name);
    assertEquals(Optional.ofNullable(assumingSignatures), VALIDATOR.checkIntrinsicAssumingSignatures(b, NOW), name);
  }
}
