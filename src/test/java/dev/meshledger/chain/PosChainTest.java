package dev.meshledger.chain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.ledger.LedgerMessages.AccountInfo;
import dev.meshledger.config.MempoolLimits;
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
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.ledger.smt.SparseMerkleTree;
import dev.meshledger.domain.ledger.stake.StakeCodec;
import dev.meshledger.domain.ledger.stake.StakeParams;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.state.Account;
import dev.meshledger.domain.ledger.state.StakeRoots;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.MemoryBlockStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proof of stake on the chain: a stake transaction bonds a new validator's pool, the epoch's end elects it
 * (voting two heights on), an unstake takes it out at the next epoch, the unbonded tokens come back after
 * the unbonding period, the state root commits to the stake, a restart keeps it all, and the audit's supply
 * adds up.
 */
class PosChainTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final NodeKey FIFTH = TestBlocks.keyFrom(97);
  private static final WalletKey STAKER = WalletKey.fromSecret(new byte[32]);
  private static final StakeParams STAKING = new StakeParams(3, 4, 100, 50, 50, 7);
  private static final long REWARD = 10;
  private static final ChainParams PARAMS = params();
  private static final long NOW = TestBlocks.T0;

  private dev.meshledger.storage.BlockStore store;
  private Chain chain;

  private static ChainParams params() {
    TreeMap<AccountId, Long> alloc = new TreeMap<>();
    alloc.put(STAKER.account(), 1000L);
    List<Member> set = KEYS.stream().map(k -> new Member(k.id(), 100)).toList();
    return ChainParams.of("pos-chain-test", 0, 1024).withLedger(new LedgerParams(alloc, REWARD, 100, Hash.ZERO))
        .withBft(new BftParams(1000, 3000, 1000, 1000, set, STAKING));
  }

  @BeforeEach
  void setUp() {
    store = new MemoryBlockStore();
    chain = new Chain(store, PARAMS);
  }

  private Block head() {
    return chain.block(chain.head().hash()).orElseThrow();
  }

  /** The next block by the first validator with {@code txs}, signed by every member of its height's set. */
  private Block next(List<Transfer> txs) {
    Block parent = head();
    long height = parent.height() + 1;
    BlockExecution.Result r = BlockExecution.run(chain.scratchNodes(), PARAMS, parent.stateRoot(), height,
        AccountId.of(KEYS.get(0).publicKey()), chain.setAt(height), txs);
    Hash root = assertInstanceOf(BlockExecution.Executed.class, r, () -> r.toString()).stateRoot();
    Block b = new BlockFactory(KEYS.get(0), PARAMS).make(parent.height(), parent.hash(), NOW + height, utf8("at " + height),
        new BlockBody(txs, root), null, () -> false).orElseThrow();
    List<NodeKey> signers = new ArrayList<>(KEYS);
    if (ids(chain.setAt(height)).contains(FIFTH.id())) {
      signers.add(FIFTH);
    }
    return b.withCommit(TestCommits.commit(chain.genesis().hash(), b.height(), 0, b.hash(), signers));
  }

  private void add(List<Transfer> txs) {
    Block b = next(txs);
    assertInstanceOf(AddResult.Added.class, chain.add(b, false, NOW), () -> b + " " + chain.add(b, false, NOW));
    chain.flush();
  }

  private Transfer tx(TxKind kind, long amount, long nonce) {
    return STAKER.sign(kind, PARAMS.chainId(), AccountId.of(FIFTH.publicKey()), amount, 1, nonce);
  }

  private StakeState stake() {
    return StakeRoots.split(chain.stateNodes(), chain.headStateRoot()).stake();
  }

  private long balance() {
    Hash accounts = StakeRoots.split(chain.stateNodes(), chain.headStateRoot()).accounts();
    return SparseMerkleTree.find(chain.stateNodes(), accounts, STAKER.account()).orElse(Account.ZERO).balance();
  }

  private static List<String> ids(List<Member> members) {
    return members.stream().map(Member::id).toList();
  }

  private void assertSupplyAddsUp() {
    long held = StateTotals.held(chain.stateNodes(), PARAMS, chain.headStateRoot());
    assertEquals(PARAMS.supplyAt(chain.head().height()), held, "balances + bonded + unbonding");
    AuditReport audit = ChainAudit.run(store, chain.validator(), NOW + 1000, null);
    assertTrue(audit.valid(), audit::toString);
  }

  @Test
  void genesisBondsTheValidatorsPowerAndItsRootCommitsToTheStake() {
    StakeState s = stake();
    assertEquals(400, s.bonded());
    KEYS.forEach(k -> assertEquals(100, s.valueOf(AccountId.fromHex(k.id()), k.id())));
    StakeRoots.Split split = StakeRoots.split(chain.stateNodes(), chain.genesis().stateRoot());
    assertEquals(StakeRoots.root(split.accounts(), StakeCodec.hash(s)), chain.genesis().stateRoot());
    assertEquals(1400, PARAMS.supplyAt(0));
    assertSupplyAddsUp();
  }

  @Test
  void aStakeElectsAtTheEpochsEndAnUnstakeRemovesAtTheNextAndTheTokensComeBack() {
    add(List.of(tx(TxKind.STAKE, 100, 0)));
    assertEquals(1000 - 100 - 1, balance());
    assertEquals(100, stake().valueOf(STAKER.account(), FIFTH.id()));
    assertEquals(400 + 100 + REWARD + 1, stake().bonded(), "the reward and fee went to the pools, not the producer");
    add(List.of());
    add(List.of());
    add(List.of()); // height 4 ends the epoch
    assertFalse(ids(chain.membership().at(5)).contains(FIFTH.id()));
    assertTrue(ids(chain.membership().at(6)).contains(FIFTH.id()), "elected at 4, voting from 6");
    assertSupplyAddsUp();

    Chain restarted = new Chain(store, PARAMS);
    assertEquals(chain.membership().epochs(), restarted.membership().epochs(), "a restart replays the election");
    assertEquals(chain.headStateRoot(), restarted.headStateRoot());

    add(List.of());
    add(List.of()); // height 6: the fifth signs, and its pool earns
    long worth = stake().valueOf(STAKER.account(), FIFTH.id());
    assertTrue(worth > 100, "the pool earned a part of the reward: " + worth);
    add(List.of(tx(TxKind.UNSTAKE, worth, 1)));
    long afterUnstake = balance();
    assertEquals(1000 - 100 - 1 - 1, afterUnstake, "an unstake debits only its fee");
    assertEquals(1, stake().unbonding().size());
    add(List.of()); // height 8 ends the epoch: the fifth's pool is below minStake
    assertFalse(ids(chain.membership().at(10)).contains(FIFTH.id()));
    add(List.of()); // height 9 < release at 7 + 3
    assertEquals(afterUnstake, balance());
    add(List.of()); // height 10 pays it back
    assertEquals(afterUnstake + worth, balance());
    assertTrue(stake().unbonding().isEmpty());
    assertSupplyAddsUp();
  }

  @Test
  void aRocksDbStoreReopenedKeepsTheStakeTheRootAndTheElectedSet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    StakeState before;
    Hash root;
    List<dev.meshledger.domain.finality.Membership.Epoch> epochs;
    try (dev.meshledger.storage.RocksBlockStore rocks = dev.meshledger.storage.RocksBlockStore.open(dir)) {
      store = rocks;
      chain = new Chain(rocks, PARAMS);
      add(List.of(tx(TxKind.STAKE, 100, 0)));
      for (int i = 0; i < 5; i++) {
        add(List.of());
      }
      before = stake();
      root = chain.headStateRoot();
      epochs = chain.membership().epochs();
      assertEquals(2, epochs.size(), "the election at 4");
    }
    try (dev.meshledger.storage.RocksBlockStore rocks = dev.meshledger.storage.RocksBlockStore.open(dir)) {
      store = rocks;
      chain = new Chain(rocks, PARAMS);
      assertEquals(6, chain.head().height());
      assertEquals(root, chain.headStateRoot());
      assertEquals(StakeCodec.hash(before), StakeCodec.hash(stake()));
      assertEquals(epochs, chain.membership().epochs());
      add(List.of()); // and it goes on, the fifth signing
      assertSupplyAddsUp();
    }
  }

  @Test
  void aBlockWithAStakeTheStakeRefusesIsInvalidAndTheMempoolRefusesItFirst() {
    Transfer tooMuch = tx(TxKind.UNSTAKE, 1, 0);
    Block parent = head();
    BlockExecution.Result r = BlockExecution.run(chain.scratchNodes(), PARAMS, parent.stateRoot(), 1,
        AccountId.of(KEYS.get(0).publicKey()), chain.setAt(1), List.of(tooMuch));
    BlockExecution.Refused refused = assertInstanceOf(BlockExecution.Refused.class, r);
    assertEquals(Rejection.INVALID_TRANSFER, refused.reason());
    assertTrue(refused.detail().endsWith("INSUFFICIENT_STAKE"), refused.detail());
    Ledger ledger = new Ledger(() -> chain, PARAMS.chainId(), MempoolLimits.DEFAULTS);
    assertEquals("INSUFFICIENT_STAKE", ledger.submit(tooMuch, false, NOW).verdict().code());
    assertEquals(null, ledger.submit(tx(TxKind.STAKE, 10, 0), false, NOW).verdict().code());
    AccountInfo info = ledger.account(STAKER.account(), true);
    assertEquals(StakeRoots.root(info.stake().accountsRoot(), info.stake().stakeHash()), info.stateRoot());
  }

  @Test
  void aStakeOnAChainThatIsNotProofOfStakeIsRefused() {
    ChainParams poa = PARAMS.withBft(TestCommits.params(KEYS));
    Chain c = new Chain(new MemoryBlockStore(), poa);
    Ledger ledger = new Ledger(() -> c, poa.chainId(), MempoolLimits.DEFAULTS);
    assertEquals("NOT_STAKING", ledger.submit(tx(TxKind.STAKE, 10, 0), false, NOW).verdict().code());
  }

  @Test
  void anUnstakeTheStateRefusesWhenABlockIsBuiltLeavesTheMempoolWithItsAccountsLaterNonces() {
    add(List.of(tx(TxKind.STAKE, 100, 0)));
    Ledger ledger = new Ledger(() -> chain, PARAMS.chainId(), MempoolLimits.DEFAULTS);
    Transfer first = tx(TxKind.UNSTAKE, 100, 1);
    Transfer second = tx(TxKind.UNSTAKE, 100, 2); // admitted: the state still has the 100 the first takes
    Transfer after = STAKER.sign(TxKind.TRANSFER, PARAMS.chainId(), AccountId.of(KEYS.get(1).publicKey()), 5, 1, 3);
    for (Transfer t : List.of(first, second, after)) {
      assertEquals(null, ledger.submit(t, false, NOW).verdict().code(), t::toString);
    }
    AccountId producer = AccountId.of(KEYS.get(0).publicKey());
    // built on another parent than the head, the refused one stays: the head's state may take it
    assertEquals(List.of(), ledger.template(chain.genesis().hash(), producer, 1).orElseThrow().get(0).transactions());
    assertEquals(3, ledger.pendingCount());
    List<BlockBody> bodies = ledger.template(head().hash(), producer, 1).orElseThrow();
    assertEquals(List.of(first), bodies.get(0).transactions());
    assertEquals(1, ledger.pendingCount(), "the refused unstake and the transfer behind it left the pool");
    assertEquals(List.of(first), ledger.pending(List.of(first.id(), second.id(), after.id())));
    Block b = next(bodies.get(0).transactions());
    ledger.onAdded(assertInstanceOf(AddResult.Added.class, chain.add(b, false, NOW)), NOW);
    assertEquals(0, ledger.pendingCount());
    // the account is not stuck behind the refused one: its next nonce is taken and goes into the next block
    Transfer next = STAKER.sign(TxKind.TRANSFER, PARAMS.chainId(), AccountId.of(KEYS.get(1).publicKey()), 5, 1, 2);
    assertEquals(null, ledger.submit(next, false, NOW).verdict().code());
    assertEquals(List.of(next), ledger.template(head().hash(), producer, 1).orElseThrow().get(0).transactions());
  }
}
