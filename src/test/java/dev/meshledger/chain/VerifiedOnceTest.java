package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.config.MempoolLimits;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.crypto.SignatureCheck;
import dev.meshledger.crypto.VerifiedSignatures;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.LedgerParams;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.MemoryBlockStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transfer's signature is checked once: on entry to the mempool (the API and transaction gossip
 * verify, then submit it as checked); the block carrying it, checked in gossip or compact relay
 * ({@link BlockValidator#checkIntrinsic}) and stored, costs only its producer's signature.
 */
class VerifiedOnceTest {
  private static final long NOW = TestBlocks.T0;
  private static final int TRANSFERS = 10;
  private static final NodeKey PRODUCER = TestBlocks.KEY;
  private static final List<WalletKey> SENDERS = new ArrayList<>();
  private static final ChainParams PARAMS;

  static {
    TreeMap<AccountId, Long> alloc = new TreeMap<>();
    for (int i = 0; i < TRANSFERS; i++) {
      byte[] secret = new byte[32];
      Arrays.fill(secret, (byte) (40 + i));
      WalletKey k = WalletKey.fromSecret(secret);
      SENDERS.add(k);
      alloc.put(k.account(), 1_000L);
    }
    PARAMS = ChainParams.of("verified-once", 2, 1024).withLedger(new LedgerParams(alloc, 50, TRANSFERS, Hash.ZERO));
  }

  /** The real check, counted: the node's arithmetic. */
  private final AtomicInteger checks = new AtomicInteger();
  private final SignatureCheck counted = (pk, message, sig) -> {
    checks.incrementAndGet();
    return Ed25519.verifyUncached(pk, message, sig);
  };
  private VerifiedSignatures cache;
  private Chain chain;
  private Ledger ledger;

  @BeforeEach
  void setUp() {
    cache = new VerifiedSignatures(1024, counted);
    chain = new Chain(new MemoryBlockStore(), PARAMS);
    ledger = new Ledger(() -> chain, PARAMS.chainId(), MempoolLimits.DEFAULTS);
  }

  private static List<Transfer> transfers() {
    List<Transfer> out = new ArrayList<>();
    for (int i = 0; i < TRANSFERS; i++) {
      out.add(SENDERS.get(i).transfer(PARAMS.chainId(), SENDERS.get((i + 1) % TRANSFERS).account(), 10, 1, 0));
    }
    return out;
  }

  /** What LedgerRoutes and TxGossipVerticle do with a transfer: check it, then submit it as checked. */
  private void enterMempool(Transfer t) {
    assertTrue(Transfers.verify(t, cache));
    assertTrue(ledger.submit(t, true, NOW).verdict().isAccepted());
  }

  private Block produce() {
    BlockBody body = ledger.template(chain.genesis().hash(), AccountId.of(PRODUCER.publicKey()), 1).orElseThrow().get(0);
    return new BlockFactory(PRODUCER, PARAMS).make(0, chain.genesis().hash(), NOW + 1, TestBlocks.utf8("b"), body,
        () -> false).orElseThrow();
  }

  @Test
  void aTransferCheckedOnEntryToTheMempoolIsNotCheckedAgainInItsBlock() {
    transfers().forEach(this::enterMempool);
    assertEquals(TRANSFERS, checks.get(), "one check each on entry");
    Block block = produce();
    assertEquals(TRANSFERS, block.txCount());

    assertEquals(Optional.empty(), new BlockValidator(PARAMS, cache).checkIntrinsic(block, NOW), "gossip's check");
    assertEquals(TRANSFERS + 1, checks.get(), "only the producer's signature is new");
    assertEquals(TRANSFERS, cache.hits());

    AddResult.Added added = assertInstanceOf(AddResult.Added.class, chain.add(block, true, NOW));
    ledger.onAdded(added, NOW);
    assertEquals(TRANSFERS + 1, checks.get(), "storing checks nothing again");
    assertEquals(0, ledger.pendingCount());

    // the same block again (by sync, say): every signature is a hit
    assertEquals(Optional.empty(), new BlockValidator(PARAMS, cache).checkIntrinsic(block, NOW));
    assertEquals(TRANSFERS + 1, checks.get());
  }

  @Test
  void aTamperedSignatureOverTheSameTransferIsStillRefused() {
    List<Transfer> genuine = transfers();
    genuine.forEach(this::enterMempool);
    Transfer real = genuine.get(3);
    byte[] bad = real.signature();
    bad[17] ^= 1;
    Transfer forged = Transfer.of(real.chainId(), real.from(), real.to(), real.amount(), real.fee(), real.nonce(), bad);
    List<Transfer> carried = new ArrayList<>(genuine);
    carried.set(3, forged);
    Block block = new BlockFactory(PRODUCER, PARAMS).make(0, chain.genesis().hash(), NOW + 1, TestBlocks.utf8("b"),
        new BlockBody(carried, Hash.ZERO), () -> false).orElseThrow();

    assertEquals(Optional.of(Rejection.BAD_TRANSFER_SIGNATURE),
        new BlockValidator(PARAMS, cache).checkIntrinsic(block, NOW));
    assertEquals(TRANSFERS + 2, checks.get(), "the producer's and the forged one's were checked");
    assertInstanceOf(AddResult.Rejected.class, chain.add(block, false, NOW), "the chain's own check refuses it too");
  }

  @Test
  void theNodesDefaultPathsShareTheProcessCache() {
    // LedgerRoutes and TxGossipVerticle call Transfers.verify(t); gossip, sync and the chain a BlockValidator(params)
    List<Transfer> ts = transfers();
    long hits = Ed25519.cache().hits();
    for (Transfer t : ts) {
      assertTrue(Transfers.verify(t));
      assertTrue(ledger.submit(t, true, NOW).verdict().isAccepted());
    }
    Block block = produce();
    assertEquals(Optional.empty(), new BlockValidator(PARAMS).checkIntrinsic(block, NOW));
    assertTrue(Ed25519.cache().hits() >= hits + TRANSFERS, "the block's transfers were answered by the cache");
  }
}
