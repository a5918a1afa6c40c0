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
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
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
