package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.LedgerParams;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.ledger.smt.MemoryNodeStore;
import dev.meshledger.domain.ledger.smt.SparseMerkleTree;
import dev.meshledger.domain.ledger.state.Account;
import dev.meshledger.domain.validation.Rejection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A block's transfers on its parent's state: the details a refusal carries, and the totals the audit sums. */
class BlockExecutionTest {
  private static final WalletKey ALICE = WalletKey.generate();
  private static final WalletKey BOB = WalletKey.generate();
  private static final ChainParams PARAMS = ChainParams.of("exec-test", 0, 1024)
      .withLedger(new LedgerParams(new TreeMap<>(), 50, 10, Hash.ZERO));

  private static Hash stateOf(MemoryNodeStore nodes, Map<AccountId, Account> accounts) {
    TreeMap<AccountId, Optional<Account>> writes = new TreeMap<>();
    accounts.forEach((id, a) -> writes.put(id, Optional.of(a)));
    return SparseMerkleTree.update(nodes, SparseMerkleTree.emptyRoot(), writes);
  }

  @Test
  void aRefusedTransferIsNamedByItsIndexAndId() {
    MemoryNodeStore nodes = new MemoryNodeStore();
    Hash root = stateOf(nodes, Map.of(ALICE.account(), new Account(100, 0)));
    Transfer ok = ALICE.transfer("exec-test", BOB.account(), 10, 1, 0);
    Transfer tooMuch = ALICE.transfer("exec-test", BOB.account(), 500, 1, 1);
    var refused = assertInstanceOf(BlockExecution.Refused.class,
        BlockExecution.run(nodes, PARAMS, root, 1, BOB.account(), List.of(), List.of(ok, tooMuch)));
    assertEquals(Rejection.INVALID_TRANSFER, refused.reason());
    assertEquals("transfer 1 (" + tooMuch.id().shortHex() + "): INSUFFICIENT_FUNDS", refused.detail());
  }

  @Test
  void aProducerWhosePaymentWouldOverflowIsNamed() {
    MemoryNodeStore nodes = new MemoryNodeStore();
    Hash root = stateOf(nodes, Map.of(BOB.account(), new Account(Long.MAX_VALUE - 10, 0)));
    var refused = assertInstanceOf(BlockExecution.Refused.class,
        BlockExecution.run(nodes, PARAMS, root, 1, BOB.account(), List.of(), List.of()));
    assertEquals("the producer's payment: OVERFLOW", refused.detail());
  }

  @Test
  void theStateRootInTheHeaderMustComeOut() {
    MemoryNodeStore nodes = new MemoryNodeStore();
    Hash root = stateOf(nodes, Map.of(ALICE.account(), new Account(100, 0)));
    var executed = assertInstanceOf(BlockExecution.Executed.class,
        BlockExecution.run(nodes, PARAMS, root, 1, BOB.account(), List.of(), List.of()));
    assertEquals(Optional.of(new Account(50, 0)), SparseMerkleTree.find(nodes, executed.stateRoot(), BOB.account()));
    assertEquals(50, executed.effects().supplyIncrease());
  }

  @Test
  void stateTotalsSumEveryBalanceAndRefuseAMissingNode() {
    MemoryNodeStore nodes = new MemoryNodeStore();
    Hash root = stateOf(nodes, Map.of(ALICE.account(), new Account(100, 3), BOB.account(), new Account(23, 0)));
    assertEquals(123, StateTotals.balances(nodes::get, root));
    assertEquals(0, StateTotals.balances(nodes::get, SparseMerkleTree.emptyRoot()));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StateTotals.balances(h -> Optional.empty(), root));
    assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
  }

  @Test
  void aScratchLayerReachesItsParentOnlyWhenMergedAndAFlushEmptiesTheOverlay() {
    MemoryNodeStore below = new MemoryNodeStore();
    StateNodes nodes = new StateNodes(below::get);
    StateNodes scratch = nodes.scratch();
    Hash root = SparseMerkleTree.update(scratch, SparseMerkleTree.emptyRoot(),
        new TreeMap<>(Map.of(ALICE.account(), Optional.of(new Account(5, 0)))));
    assertTrue(scratch.get(root).isPresent());
    assertTrue(nodes.get(root).isEmpty(), "not merged yet");
    scratch.mergeInto(nodes);
    assertTrue(nodes.get(root).isPresent());
    var batch = new dev.meshledger.storage.StoreBatch();
    nodes.drainTo(batch);
    assertEquals(1, batch.stateNodes().size());
    var again = new dev.meshledger.storage.StoreBatch();
    nodes.drainTo(again);
    assertEquals(0, again.stateNodes().size(), "a flushed node is not written again");
  }
}
