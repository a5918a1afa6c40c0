package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.bus.ledger.LedgerMessages.AccountInfo;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.testing.TestNetwork;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger across real nodes over TLS on loopback: a double spend on two branches, settled by the reorg. */
@Tag("integration")
class LedgerNetworkTest {
  private static final String CHAIN = "ledger-net-test";
  private static final WalletKey ALICE = WalletKey.generate();
  private static final WalletKey BOB = WalletKey.generate();
  private static final WalletKey CAROL = WalletKey.generate();

  private static JsonObject withSpec(Path dir) throws Exception {
    Path spec = dir.resolve("spec.json");
    Files.writeString(spec, new JsonObject().put("chainId", CHAIN)
        .put("consensus", new JsonObject().put("engine", "pow").put("difficultyBits", 4))
        .put("alloc", new JsonObject().put(ALICE.account().toHex(), 1_000))
        .put("blockReward", 50).encode());
    return new JsonObject().put("chain", new JsonObject().put("spec", spec.toString()));
  }

  private static AccountInfo account(Node n, WalletKey k) {
    return TestNetwork.get(new LedgerClient(n.vertx).account(k.account(), false), 10);
  }

  private static String submit(Node n, Transfer t) {
    return TestNetwork.get(new LedgerClient(n.vertx).submit(t, null, false), 10).code();
  }

  @Test
  void aTransferMadeOnTheFirstNodeOfALineIsPendingOnTheThirdWithinASecondThenIncludedOnAll(@TempDir Path dir)
      throws Exception {
    JsonObject conf = withSpec(dir);
    try (TestNetwork net = new TestNetwork(dir)) {
      Node n1 = net.start("n1", TestNetwork.options().config(conf.copy()));
      Node n2 = net.start("n2", TestNetwork.options().config(conf.copy()).seeds(n1.address()));
      JsonObject last = conf.copy().put("p2p", new JsonObject().put("maxOutbound", 1));
      Node n3 = net.start("n3", TestNetwork.options().config(last).seeds(n2.address()));
      TestNetwork.await("a line n1-n2-n3", () -> n2.peerCount() == 2 && n3.peerIds().equals(List.of(n2.id())));

      Transfer t = ALICE.transfer(CHAIN, BOB.account(), 250, 2, 0);
      long start = System.nanoTime();
      assertNull(submit(n1, t));
      LedgerClient third = new LedgerClient(n3.vertx);
      TestNetwork.await("pending on n3 within a second", java.time.Duration.ofSeconds(1),
          () -> third.transfer(t.id()).map(s -> !s.included()).otherwise(false).await());
      long millis = (System.nanoTime() - start) / 1_000_000;
      org.slf4j.LoggerFactory.getLogger(LedgerNetworkTest.class).info("n1 -> n3 (2 hops): pending after {} ms", millis);

      Block b = n1.mine("include it");
      assertEquals(List.of(t), b.transactions());
      for (Node n : List.of(n1, n2, n3)) {
        TestNetwork.await(n.name + " has the block", () -> n.head().hash().equals(b.hash()));
        assertEquals(250, account(n, BOB).balance(), n.name);
        assertEquals(1_000 - 252, account(n, ALICE).balance(), n.name);
        assertTrue(TestNetwork.get(new LedgerClient(n.vertx).transfer(t.id()), 10).included(), n.name);
        assertEquals(0, TestNetwork.get(new LedgerClient(n.vertx).mempool(), 10).count(), n.name + ": the pool let it go");
      }
    }
  }

  @Test
  void theSameNonceSpentDifferentlyOnTwoBranchesLeavesExactlyOneSpendOnEveryNode(@TempDir Path dir) throws Exception {
    JsonObject conf = withSpec(dir);
    try (TestNetwork net = new TestNetwork(dir)) {
      Node west = net.start("west", TestNetwork.options().config(conf.copy()));
      Node east = net.start("east", TestNetwork.options().config(conf.copy()));
      assertEquals(0, west.peerCount(), "the two start apart");

      Transfer toBob = ALICE.transfer(CHAIN, BOB.account(), 300, 1, 0);
      Transfer toCarol = ALICE.transfer(CHAIN, CAROL.account(), 400, 1, 0);
      assertNull(submit(west, toBob));
      assertNull(submit(east, toCarol));
      Block w1 = west.mine("west 1");
      assertEquals(List.of(toBob), w1.transactions());
      Block e1 = east.mine("east 1");
      assertEquals(List.of(toCarol), e1.transactions());
      east.mine("east 2"); // the heavier branch
      assertEquals(300, account(west, BOB).balance(), "west believes Bob was paid");

      TestNetwork.get(new NetworkClient(west.vertx).dial(east.address(), "test"), 10);
      TestNetwork.await("west took east's heavier branch", () -> west.head().equals(east.head()));
      for (Node n : List.of(west, east)) {
        assertEquals(0, account(n, BOB).balance(), n.name + ": Bob's payment left with its branch");
        assertEquals(400, account(n, CAROL).balance(), n.name);
        AccountInfo alice = account(n, ALICE);
        assertEquals(1_000 - 401, alice.balance(), n.name);
        assertEquals(1, alice.nonce(), n.name);
        assertEquals(1, alice.pendingNonce(), n.name + ": the losing spend did not come back to the pool");
        assertEquals(1_000 + 2 * 50, TestNetwork.get(new LedgerClient(n.vertx).supply(), 10).total(), n.name);
        assertTrue(TestNetwork.get(new LedgerClient(n.vertx).transfer(toCarol.id()), 10).included(), n.name);
      }
      assertFalse(west.reorgs.isEmpty(), "west reorganised");
      AccountId eastRewards = AccountId.fromHex(east.id());
      assertEquals(2 * 50 + 1, TestNetwork.get(new LedgerClient(west.vertx).account(eastRewards, false), 10).balance(),
          "east's node id holds both its rewards and the fee");
    }
  }
}
