package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.ledger.LedgerMessages.AccountInfo;
import dev.meshledger.bus.ledger.LedgerMessages.TransferStatus;
import dev.meshledger.config.MempoolLimits;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.LedgerParams;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.MemoryBlockStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger inside the chain: blocks with transfers, their state roots, the mempool over the head, reorgs. */
class LedgerTest {
  private static final long NOW = TestBlocks.T0;
  private static final long REWARD = 50;
  private static final WalletKey ALICE = walletFrom(7);
  private static final WalletKey BOB = walletFrom(8);
  private static final WalletKey CAROL = walletFrom(9);
  private static final NodeKey MINER = TestBlocks.KEY;
  private static final NodeKey RIVAL = TestBlocks.OTHER_KEY;
  private static final ChainParams PARAMS = ChainParams.of("ledger-test", 2, 1024).withLedger(
      new LedgerParams(new TreeMap<>(Map.of(ALICE.account(), 1_000L)), REWARD, 10, Hash.wrap(filled(3))));

  private MemoryBlockStore store;
  private Chain chain;
  private Ledger ledger;

  private static byte[] filled(int b) {
    byte[] out = new byte[32];
    Arrays.fill(out, (byte) b);
    return out;
  }

  private static WalletKey walletFrom(int seed) {
    return WalletKey.fromSecret(filled(seed));
  }

  @BeforeEach
  void setUp() {
    store = new MemoryBlockStore();
    chain = new Chain(store, PARAMS);
    ledger = new Ledger(() -> chain, PARAMS.chainId(), MempoolLimits.DEFAULTS);
  }

  private static Transfer pay(WalletKey from, WalletKey to, long amount, long fee, long nonce) {
    return from.transfer(PARAMS.chainId(), to.account(), amount, fee, nonce);
  }

  /** A block by {@code producer} on {@code parent} holding what the ledger's template picks. */
  private Block produce(NodeKey producer, Block parent, String data) {
    BlockBody body = ledger.template(parent.hash(), AccountId.of(producer.publicKey()), 1).orElseThrow().get(0);
    return new BlockFactory(producer, PARAMS)
        .make(parent.height(), parent.hash(), NOW + parent.height() + 1, TestBlocks.utf8(data), body, () -> false)
        .orElseThrow();
  }

  /** A block by {@code producer} holding exactly {@code transfers}, with the given state root. */
  private static Block blockWith(NodeKey producer, Block parent, List<Transfer> transfers, Hash stateRoot) {
    return new BlockFactory(producer, PARAMS).make(parent.height(), parent.hash(), NOW + parent.height() + 1,
        TestBlocks.utf8("x"), new BlockBody(transfers, stateRoot), () -> false).orElseThrow();
  }

  private AddResult.Added add(Block b) {
    AddResult.Added added = assertInstanceOf(AddResult.Added.class, chain.add(b, false, NOW));
    ledger.onAdded(added, NOW);
    return added;
  }

  private long balance(WalletKey k) {
    return ledger.account(k.account(), false).balance();
  }

  @Test
  void theGenesisStateHoldsTheAllocations() {
    assertEquals(1_000, balance(ALICE));
    assertEquals(0, balance(BOB), "an unknown account reads 0");
    AccountInfo a = ledger.account(ALICE.account(), true);
    assertEquals(0, a.nonce());
    assertTrue(a.proof().verify(chain.genesis().stateRoot(), ALICE.account()), "the proof checks against the genesis root");
    assertEquals(chain.genesis().stateRoot(), a.stateRoot());
    assertEquals(1_000, ledger.supply().total());
    assertEquals(0, ledger.supply().rewards());
  }

  @Test
  void aTransferIsPendingThenIncludedWithAProofAndBalancesMove() {
    Transfer t = pay(ALICE, BOB, 250, 3, 0);
    assertTrue(ledger.submit(t, false, NOW).verdict().isAccepted());
    TransferStatus pending = ledger.transfer(t.id()).orElseThrow();
    assertFalse(pending.included());
    assertEquals(1, ledger.account(ALICE.account(), false).pendingNonce(), "the pending transfer counts");

    Block b = produce(MINER, chain.genesis(), "one");
    assertEquals(List.of(t), b.transactions());
    add(b);
    assertEquals(1_000 - 253, balance(ALICE));
    assertEquals(250, balance(BOB));
    assertEquals(REWARD + 3, ledger.account(AccountId.of(MINER.publicKey()), false).balance(), "reward plus the fee");
    assertEquals(1, ledger.account(ALICE.account(), false).nonce());
    assertEquals(0, ledger.mempoolInfo(10).count(), "the block took it out of the pool");

    TransferStatus included = ledger.transfer(t.id()).orElseThrow();
    assertTrue(included.included());
    assertEquals(b.hash(), included.blockHash());
    assertEquals(1, included.height());
    assertTrue(included.proof().verify(t.id(), b.txRoot()));
    assertEquals(1_000 + REWARD, ledger.supply().total(), "supply = allocations + one reward");
  }

  @Test
  void eachRefusalNamesItsReason() {
    assertEquals("BAD_SIGNATURE", code(tampered(pay(ALICE, BOB, 5, 1, 0)), false));
    assertEquals("WRONG_CHAIN", code(ALICE.transfer("other", BOB.account(), 5, 1, 0), false));
    assertEquals("INSUFFICIENT_FUNDS", code(pay(ALICE, BOB, 1_000, 1, 0), false));
    assertEquals("NONCE_TOO_HIGH", code(pay(ALICE, BOB, 5, 1, 17), false));
    assertEquals("FEE_TOO_LOW", code(pay(ALICE, BOB, 5, 0, 0), false));
    assertNull(code(pay(ALICE, BOB, 5, 1, 0), false));
    add(produce(MINER, chain.genesis(), "one"));
    assertEquals("NONCE_TOO_LOW", code(pay(ALICE, BOB, 6, 1, 0), false), "nonce 0 is spent now");
    assertNull(code(pay(ALICE, BOB, 5, 1, 0), false), "the included transfer itself is known, not refused");
  }

  private String code(Transfer t, boolean sigChecked) {
    return ledger.submit(t, sigChecked, NOW).verdict().code();
  }

  private static Transfer tampered(Transfer t) {
    return Transfer.of(t.chainId(), t.from(), t.to(), t.amount() + 1, t.fee(), t.nonce(), t.signature());
  }

  @Test
  void blocksWhoseTransfersOrStateDoNotAddUpAreRefused() {
    Transfer t = pay(ALICE, BOB, 100, 1, 0);
    assertTrue(ledger.submit(t, false, NOW).verdict().isAccepted());
    Block good = produce(MINER, chain.genesis(), "good");

    Block wrongRoot = blockWith(MINER, chain.genesis(), List.of(t), Hash.wrap(filled(1)));
    assertEquals(Rejection.BAD_STATE_ROOT, rejected(wrongRoot));
    Block overspend = blockWith(MINER, chain.genesis(), List.of(pay(ALICE, BOB, 5_000, 1, 0)), good.stateRoot());
    assertEquals(Rejection.INVALID_TRANSFER, rejected(overspend));
    Block replay = blockWith(MINER, chain.genesis(), List.of(t, t), good.stateRoot());
    assertEquals(Rejection.INVALID_TRANSFER, rejected(replay), "the same nonce twice");
    Block forged = blockWith(MINER, chain.genesis(), List.of(tampered(t)), good.stateRoot());
    assertEquals(Rejection.BAD_TRANSFER_SIGNATURE, rejected(forged));
    Block tooMany = blockWith(MINER, chain.genesis(), java.util.Collections.nCopies(11, t), good.stateRoot());
    assertEquals(Rejection.TOO_MANY_TRANSFERS, rejected(tooMany));
    // another transfer in the place of the one the header commits to: same count, same hash
    Block swapped = TestBlocks.with(good, TestBlocks.Field.TRANSACTIONS, List.of(pay(ALICE, CAROL, 100, 1, 0)));
    assertEquals(good.hash(), dev.meshledger.domain.HeaderBytes.computeHash(swapped));
    assertEquals(Rejection.BAD_TX_ROOT, rejected(swapped));

    assertEquals(1_000, balance(ALICE), "nothing refused touched the state");
    add(good);
    assertEquals(900 - 1, balance(ALICE));
  }

  private Rejection rejected(Block b) {
    return assertInstanceOf(AddResult.Rejected.class, chain.add(b, false, NOW)).reason();
  }

  @Test
  void aDoubleSpendAcrossAForkLeavesExactlyOneAfterTheReorg() {
    Transfer toBob = pay(ALICE, BOB, 300, 1, 0);
    Transfer toCarol = pay(ALICE, CAROL, 400, 1, 0);
    ledger.submit(toBob, false, NOW);
    Block a1 = produce(MINER, chain.genesis(), "a1");
    add(a1);
    assertEquals(300, balance(BOB));

    // A rival spends the same nonce differently on its own branch and outgrows ours.
    Block b1 = blockWith(RIVAL, chain.genesis(), List.of(toCarol), stateAfter(chain.genesis(), RIVAL, List.of(toCarol)));
    assertFalse(add(b1).becameTip(), "a tie goes to the branch seen first");
    Block b2 = blockWith(RIVAL, b1, List.of(), stateAfter(b1, RIVAL, List.of()));
    AddResult.Added switched = add(b2);
    assertTrue(switched.becameTip());
    assertEquals(1, switched.reorg().depth());

    assertEquals(0, balance(BOB), "the abandoned branch's transfer is undone");
    assertEquals(400, balance(CAROL));
    assertEquals(1_000 - 401, balance(ALICE));
    assertEquals(1, ledger.account(ALICE.account(), false).nonce());
    assertEquals(2 * REWARD + 1, ledger.account(AccountId.of(RIVAL.publicKey()), false).balance());
    assertEquals(0, ledger.account(AccountId.of(MINER.publicKey()), false).balance(), "the orphaned reward is gone");
    assertEquals(0, ledger.mempoolInfo(10).count(), "the abandoned spend cannot come back: its nonce is used");
    assertTrue(ledger.transfer(toBob.id()).isEmpty(), "neither pending nor on the best chain");
    assertEquals(b1.hash(), ledger.transfer(toCarol.id()).orElseThrow().blockHash());
    assertEquals(1_000 + 2 * REWARD, ledger.supply().total());
  }

  @Test
  void aReorgReturnsTheAbandonedBranchsStillValidTransfersToThePool() {
    Transfer t = pay(ALICE, BOB, 10, 1, 0);
    ledger.submit(t, false, NOW);
    Block a1 = produce(MINER, chain.genesis(), "a1");
    add(a1);
    Block b1 = blockWith(RIVAL, chain.genesis(), List.of(), stateAfter(chain.genesis(), RIVAL, List.of()));
    add(b1);
    add(blockWith(RIVAL, b1, List.of(), stateAfter(b1, RIVAL, List.of())));
    assertEquals(1_000, balance(ALICE));
    TransferStatus back = ledger.transfer(t.id()).orElseThrow();
    assertFalse(back.included(), "pending again");
    Block c = produce(MINER, chain.blockAt(2).orElseThrow(), "c");
    assertEquals(List.of(t), c.transactions(), "and the next block takes it");
  }

  @Test
  void templatesChainSeveralBlocksOfNoncesInOrder() {
    for (int n = 0; n < 15; n++) {
      assertTrue(ledger.submit(pay(ALICE, BOB, 1, 1, n), false, NOW).verdict().isAccepted(), "nonce " + n);
    }
    List<BlockBody> bodies = ledger.template(chain.genesis().hash(), AccountId.of(MINER.publicKey()), 3).orElseThrow();
    assertEquals(10, bodies.get(0).transactions().size(), "the block limit");
    assertEquals(5, bodies.get(1).transactions().size());
    assertEquals(0, bodies.get(2).transactions().size());
    assertEquals(10, bodies.get(1).transactions().get(0).nonce(), "the second block goes on where the first stopped");
    assertTrue(ledger.template(Hash.wrap(filled(4)), AccountId.of(MINER.publicKey()), 1).isEmpty(), "unknown parent");
  }

  @Test
  void stateSurvivesAReopenedRocksStore(@TempDir Path dir) {
    dev.meshledger.storage.RocksBlockStore rocks = dev.meshledger.storage.RocksBlockStore.open(dir);
    chain = new Chain(rocks, PARAMS);
    Transfer t = pay(ALICE, BOB, 42, 1, 0);
    ledger.submit(t, false, NOW);
    add(produce(MINER, chain.genesis(), "one"));
    chain.flush();
    rocks.close();

    dev.meshledger.storage.RocksBlockStore again = dev.meshledger.storage.RocksBlockStore.open(dir);
    try {
      chain = new Chain(again, PARAMS);
      assertEquals(42, balance(BOB));
      assertTrue(ledger.transfer(t.id()).orElseThrow().included(), "the transfer index is stored too");
    } finally {
      again.close();
    }
  }

  @Test
  void theAuditRerunsEveryBlocksTransfersAndChecksTheSupply() {
    ledger.submit(pay(ALICE, BOB, 10, 1, 0), false, NOW);
    add(produce(MINER, chain.genesis(), "one"));
    ledger.submit(pay(BOB, CAROL, 5, 1, 0), false, NOW);
    ledger.submit(pay(ALICE, CAROL, 7, 2, 1), false, NOW);
    add(produce(RIVAL, chain.blockAt(1).orElseThrow(), "two"));
    chain.flush();
    var report = ChainAudit.run(store, chain.validator(), NOW, null);
    assertTrue(report.valid(), report.errors().toString());
    assertEquals(2, report.height());
  }

  @Test
  void theAuditFindsBalancesThatDoNotAddUpToTheSupply() {
    // Alice is the only account, so her leaf is the whole tree: overwrite it with more money.
    var leaf = assertInstanceOf(dev.meshledger.domain.ledger.smt.NodeStore.Leaf.class,
        store.stateNode(chain.genesis().stateRoot()).orElseThrow());
    var batch = new dev.meshledger.storage.StoreBatch();
    batch.putStateNode(chain.genesis().stateRoot(), new dev.meshledger.domain.ledger.smt.NodeStore.Leaf(leaf.key(),
        new dev.meshledger.domain.ledger.state.Account(1_001, 0)));
    store.write(batch);
    var report = ChainAudit.run(store, chain.validator(), NOW, null);
    assertFalse(report.valid());
    assertEquals("SUPPLY_MISMATCH", report.errors().get(0).reason());
  }

  /** The state root a block by {@code producer} with {@code transfers} on {@code parent} leads to. */
  private Hash stateAfter(Block parent, NodeKey producer, List<Transfer> transfers) {
    BlockExecution.Result r = BlockExecution.run(chain.scratchNodes(), PARAMS, parent.stateRoot(),
        parent.height() + 1, AccountId.of(producer.publicKey()), List.of(), transfers);
    return assertInstanceOf(BlockExecution.Executed.class, r).stateRoot();
  }
}
