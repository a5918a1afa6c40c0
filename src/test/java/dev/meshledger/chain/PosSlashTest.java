package dev.meshledger.chain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.LedgerParams;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.TestEvidence;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.ledger.stake.StakeCodec;
import dev.meshledger.domain.ledger.stake.StakeParams;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.stake.Unbonding;
import dev.meshledger.domain.ledger.state.StakeRoots;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.MemoryBlockStore;
import dev.meshledger.storage.RocksBlockStore;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slashing on the chain: a block carrying a double sign cuts the offender's pool and the stake that unbonded
 * from it since the offence by slashPermille, burns the cut (counted, so the supply audit balances), tombstones
 * the pool, and the offender stops voting two heights later; a block slashing it again is refused; a restart,
 * on memory or RocksDB, keeps all of it.
 */
class PosSlashTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final NodeKey OFFENDER = KEYS.get(3);
  private static final WalletKey STAKER = WalletKey.fromSecret(new byte[32]);
  /** unbonding 20, epochs of 10, slash 10%. */
  private static final StakeParams STAKING = new StakeParams(20, 10, 100, 50, 100, 7);
  private static final ChainParams PARAMS = params();
  private static final long NOW = TestBlocks.T0;

  private BlockStore store;
  private Chain chain;

  private static ChainParams params() {
    TreeMap<AccountId, Long> alloc = new TreeMap<>();
    alloc.put(STAKER.account(), 1000L);
    List<Member> set = KEYS.stream().map(k -> new Member(k.id(), 100)).toList();
    return ChainParams.of("pos-slash-test", 0, 1024).withLedger(new LedgerParams(alloc, 10, 100, Hash.ZERO))
        .withBft(new BftParams(1000, 3000, 1000, 1000, set, STAKING));
  }

  private Block head() {
    return chain.block(chain.head().hash()).orElseThrow();
  }

  private StakeState stake() {
    return StakeRoots.split(chain.stateNodes(), chain.headStateRoot()).stake();
  }

  /** The next block by the first validator, signed by its height's set. */
  private Block next(List<Transfer> txs, List<DoubleSign> evidence) {
    Block parent = head();
    long height = parent.height() + 1;
    BlockExecution.Result r = BlockExecution.run(chain.scratchNodes(), PARAMS, parent.stateRoot(), height,
        AccountId.of(KEYS.get(0).publicKey()), chain.setAt(height), txs, evidence);
    Hash root = r instanceof BlockExecution.Executed e ? e.stateRoot() : parent.stateRoot(); // refused: a bad root
    Block b = new BlockFactory(KEYS.get(0), PARAMS).make(parent.height(), parent.hash(), NOW + height,
        utf8("at " + height), new BlockBody(txs, root, evidence), null, () -> false).orElseThrow();
    List<String> set = chain.setAt(height).stream().map(Member::id).toList();
    List<NodeKey> signers = KEYS.stream().filter(k -> set.contains(k.id())).toList();
    return b.withCommit(TestCommits.commit(chain.genesis().hash(), height, 0, b.hash(), signers));
  }

  private AddResult add(List<Transfer> txs, List<DoubleSign> evidence) {
    AddResult r = chain.add(next(txs, evidence), false, NOW);
    chain.flush();
    return r;
  }

  private Transfer tx(TxKind kind, long amount, long nonce) {
    return STAKER.sign(kind, PARAMS.chainId(), AccountId.of(OFFENDER.publicKey()), amount, 1, nonce);
  }

  private void assertAuditBalances() {
    assertEquals(PARAMS.supplyAt(chain.head().height()), StateTotals.held(chain.stateNodes(), PARAMS,
        chain.headStateRoot()), "balances + bonded + unbonding + burnt = allocations + genesis stake + rewards");
    AuditReport audit = ChainAudit.run(store, chain.validator(), NOW + 1000, null);
    assertTrue(audit.valid(), audit::toString);
  }

  /** Heights 1-2: a stake to the offender, then half of it unstaked at the height of the offence. */
  private DoubleSign offenceWithUnbonding() {
    assertInstanceOf(AddResult.Added.class, add(List.of(tx(TxKind.STAKE, 100, 0)), List.of()));
    assertInstanceOf(AddResult.Added.class, add(List.of(tx(TxKind.UNSTAKE, 50, 1)), List.of()));
    assertEquals(1, stake().unbonding().size());
    return TestEvidence.prevotes(OFFENDER, chain.genesis().hash(), 2);
  }

  private void slashAndCheck(DoubleSign offence) {
    Block parent = head();
    BlockExecution.Executed unslashed = (BlockExecution.Executed) BlockExecution.run(chain.scratchNodes(), PARAMS,
        parent.stateRoot(), 3, AccountId.of(KEYS.get(0).publicKey()), chain.setAt(3), List.of(), List.of());
    long pool = unslashed.stake().pool(OFFENDER.id()).tokens();
    long unbonding = unslashed.stake().unbonding().get(0).amount();

    Block slashing = next(List.of(), List.of(offence));
    assertInstanceOf(AddResult.Added.class, chain.add(slashing, false, NOW));
    chain.flush();
    assertEquals(List.of(offence), chain.block(slashing.hash()).orElseThrow().evidence(), "stored with its evidence");
    StakeState s = stake();
    assertTrue(s.pool(OFFENDER.id()).tombstoned());
    assertEquals(pool - pool / 10, s.pool(OFFENDER.id()).tokens(), "the pool is cut by slashPermille");
    Unbonding u = s.unbonding().get(0);
    assertEquals(unbonding - unbonding / 10, u.amount(), "so is what left it at the offence's height");
    assertEquals(pool / 10 + unbonding / 10, s.burnt());
    assertTrue(s.burnt() > 0);
    for (NodeKey k : KEYS.subList(0, 3)) {
      assertFalse(s.pool(k.id()).tombstoned());
    }
    // the offender stops voting two heights later, not at the epoch's end (10)
    assertTrue(ids(chain.membership().at(4)).contains(OFFENDER.id()));
    assertFalse(ids(chain.membership().at(5)).contains(OFFENDER.id()));
    assertEquals(3, chain.membership().at(5).size());
    assertAuditBalances();
  }

  private static List<String> ids(List<Member> ms) {
    return ms.stream().map(Member::id).toList();
  }

  @Test
  void aDoubleSignCarriedInABlockIsSlashedOnceAndTheAuditBalances() {
    store = new MemoryBlockStore();
    chain = new Chain(store, PARAMS);
    DoubleSign offence = offenceWithUnbonding();
    slashAndCheck(offence);

    // punished once: another offence of the same validator refuses the block
    DoubleSign again = TestEvidence.prevotes(OFFENDER, chain.genesis().hash(), 3);
    AddResult twice = add(List.of(), List.of(again));
    assertEquals(Rejection.ALREADY_PUNISHED, assertInstanceOf(AddResult.Rejected.class, twice).reason());
    // a stake to a tombstoned validator is refused by the state
    AddResult stakeTo = add(List.of(tx(TxKind.STAKE, 10, 2)), List.of());
    assertEquals(Rejection.INVALID_TRANSFER, assertInstanceOf(AddResult.Rejected.class, stakeTo).reason());

    // the chain goes on without the offender (three of four signers from height 5)
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(AddResult.Added.class, add(List.of(), List.of()));
    }
    assertAuditBalances();
    Chain restarted = new Chain(store, PARAMS);
    assertEquals(chain.membership().epochs(), restarted.membership().epochs(), "a restart replays the slash's set");
    assertEquals(chain.headStateRoot(), restarted.headStateRoot());
  }

  @Test
  void theTemplateSlashesWhatTheStateAllowsOnly() {
    store = new MemoryBlockStore();
    chain = new Chain(store, PARAMS);
    DoubleSign offence = offenceWithUnbonding();
    DoubleSign second = TestEvidence.prevotes(OFFENDER, chain.genesis().hash(), 1);
    List<DoubleSign> chosen = TemplateParts.slashable(chain.scratchNodes(), PARAMS, chain.headStateRoot(),
        List.of(offence, second));
    assertEquals(List.of(offence), chosen, "one offence per validator");
    slashAndCheck(offence);
    assertEquals(List.of(), TemplateParts.slashable(chain.scratchNodes(), PARAMS, chain.headStateRoot(),
        List.of(second)), "an offender already tombstoned is left out");
    assertEquals(List.of(), TemplateParts.slashable(chain.scratchNodes(), ChainParams.of("pow", 0, 8),
        chain.headStateRoot(), List.of(second)), "proof of work slashes nothing");
    // at most EvidenceBytes.MAX_PER_BLOCK offences a block, the oldest first
    List<DoubleSign> many = new java.util.ArrayList<>();
    for (int i = 0; i <= dev.meshledger.domain.finality.EvidenceBytes.MAX_PER_BLOCK; i++) {
      many.add(TestEvidence.prevotes(TestBlocks.keyFrom(200 + i), chain.genesis().hash(), 1));
    }
    assertEquals(many.subList(0, dev.meshledger.domain.finality.EvidenceBytes.MAX_PER_BLOCK),
        TemplateParts.slashable(chain.scratchNodes(), PARAMS, chain.headStateRoot(), many));
  }

  @Test
  void aTemplateLeavesOutTheTransferTheStateRefuses() {
    List<Transfer> txs = List.of(tx(TxKind.STAKE, 1, 0), tx(TxKind.STAKE, 2, 1), tx(TxKind.STAKE, 3, 2));
    assertEquals(List.of(txs.get(0), txs.get(2)), TemplateParts.without(txs, 1));
    assertEquals(3, txs.size(), "the list given is not changed");
  }

  @Test
  void aRocksDbStoreReopenedKeepsTheSlashTheBurntAndTheSet(@TempDir Path dir) {
    Hash root;
    StakeState before;
    List<dev.meshledger.domain.finality.Membership.Epoch> epochs;
    try (RocksBlockStore rocks = RocksBlockStore.open(dir)) {
      store = rocks;
      chain = new Chain(rocks, PARAMS);
      slashAndCheck(offenceWithUnbonding());
      root = chain.headStateRoot();
      before = stake();
      epochs = chain.membership().epochs();
    }
    try (RocksBlockStore rocks = RocksBlockStore.open(dir)) {
      store = rocks;
      chain = new Chain(rocks, PARAMS);
      assertEquals(root, chain.headStateRoot());
      assertEquals(StakeCodec.hash(before), StakeCodec.hash(stake()));
      assertEquals(before.burnt(), stake().burnt());
      assertEquals(epochs, chain.membership().epochs());
      assertEquals(1, chain.block(chain.head().hash()).orElseThrow().evidence().size());
      assertInstanceOf(AddResult.Added.class, add(List.of(), List.of()));
      assertInstanceOf(AddResult.Added.class, add(List.of(), List.of()), "height 5, without the offender");
      assertAuditBalances();
    }
  }
}
