package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.api.TransferJson;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of stake end to end: four genesis validators; a wallet stakes on a fifth node through the API, the
 * next epoch elects it and it signs commits; the wallet unstakes, the following epoch leaves it out and it
 * signs no more; the unbonded tokens come back, and every node's chain audits with its supply adding up.
 */
class PosNetworkTest {
  private static final long EPOCH = 10;
  private static final long UNBONDING = 5;

  private static boolean inSet(Node n, String id) {
    JsonArray vs = FiveNodes.call(n, "/api/consensus", null, 200).getJsonArray("validators");
    return vs.stream().map(o -> ((JsonObject) o).getString("id")).anyMatch(id::equals);
  }

  private static long balance(Node n, WalletKey w) {
    return FiveNodes.call(n, "/api/accounts/" + w.account().toHex(), null, 200).getLong("balance");
  }

  private static void submitAndAwait(Node n, Transfer t) {
    FiveNodes.call(n, "/api/transactions", TransferJson.of(t).encode(), 202);
    TestNetwork.await(t.kind().json() + " included", () ->
        "included".equals(FiveNodes.call(n, "/api/transactions/" + t.id().toHex(), null, 200).getString("status")));
  }

  @Test
  void aStakedFifthIsElectedSignsThenUnstakesAndLeaves(@TempDir Path dir) throws Exception {
    List<NodeKey> keys = FiveNodes.keys(dir, 70);
    JsonArray validators = FiveNodes.validators(keys, 100);
    WalletKey wallet = FiveNodes.wallet((byte) 7);
    JsonObject spec = new JsonObject().put("chainId", "pos-network-test")
        .put("consensus", FiveNodes.proofOfStake(new JsonObject().put("epochBlocks", EPOCH).put("unbondingBlocks", UNBONDING)
                .put("minStake", 50)))
        .put("alloc", new JsonObject().put(wallet.account().toHex(), 1000))
        .put("validators", validators).put("blockReward", 10);
    String fifth = keys.get(4).id();
    try (TestNetwork net = new TestNetwork(dir)) {
      // the fifth starts as an observer with the same spec and its own key
      List<Node> v = FiveNodes.start(net, dir, spec);
      JsonObject status = FiveNodes.call(v.get(0), "/api/consensus", null, 200);
      assertEquals("stake", status.getString("powerFrom"));
      assertEquals(4, status.getJsonArray("pools").size());
      FiveNodes.call(v.get(0), "/api/consensus/votes", new JsonObject().put("validator", fifth).put("add", true).encode(), 409);

      String chainId = "pos-network-test";
      AccountId validator = AccountId.fromHex(fifth);
      submitAndAwait(v.get(0), wallet.sign(TxKind.STAKE, chainId, validator, 200, 1, 0));
      assertEquals(1000 - 200 - 1, balance(v.get(0), wallet));
      JsonObject account = FiveNodes.call(v.get(0), "/api/accounts/" + wallet.account().toHex(), null, 200);
      assertEquals(fifth, account.getJsonArray("bonds").getJsonObject(0).getString("validator"));

      TestNetwork.await("the next epoch elects the fifth", () -> inSet(v.get(0), fifth));
      long from = v.get(0).head().height() + 1;
      TestNetwork.await("the fifth node signs a commit", () -> {
        long top = v.get(0).head().height();
        for (long h = from; h <= top; h++) {
          if (FiveNodes.signedBy(FiveNodes.blockAt(v.get(0), h), fifth)) {
            return true;
          }
        }
        return false;
      });

      JsonObject bond = FiveNodes.call(v.get(0), "/api/accounts/" + wallet.account().toHex(), null, 200)
          .getJsonArray("bonds").getJsonObject(0);
      long worth = bond.getLong("tokens");
      assertTrue(worth >= 200, "the bond kept its value: " + worth);
      // the bond's worth may grow before the unstake is in: unstake what it is worth now, at most
      submitAndAwait(v.get(0), wallet.sign(TxKind.UNSTAKE, chainId, validator, worth, 1, 1));
      long unstakedAt = FiveNodes.call(v.get(0), "/api/transactions/" + wallet.sign(TxKind.UNSTAKE, chainId, validator, worth, 1, 1)
          .id().toHex(), null, 200).getLong("height");
      TestNetwork.await("the following epoch leaves the fifth out", () -> !inSet(v.get(0), fifth));
      long out = v.get(0).head().height() + 1;
      TestNetwork.await("three more blocks", () -> v.get(0).head().height() >= out + 3);
      for (long h = out; h <= out + 3; h++) {
        assertFalse(FiveNodes.signedBy(FiveNodes.blockAt(v.get(0), h), fifth), "the fifth node signs at height " + h + " after it left");
      }
      TestNetwork.await("the unbonding is paid back", () -> v.get(0).head().height() >= unstakedAt + UNBONDING);
      long expected = 1000 - 200 - 1 - 1 + worth;
      for (Node n : v) {
        TestNetwork.await(n + " at the same height", () -> n.head().height() >= unstakedAt + UNBONDING);
        assertEquals(expected, balance(n, wallet), "the wallet's balance on " + n);
        AuditReport audit = TestNetwork.get(n.vertx.eventBus().<AuditReport>request(Addresses.CHAIN_VALIDATE, null,
            Bus.local(Bus.AUDIT_TIMEOUT_MS)), 60).body();
        assertTrue(audit.valid(), n + ": " + audit);
      }
      // a node that starts now syncs, headers first, across the elections the headers cannot show
      Node late = net.start("late", TestNetwork.options().config(FiveNodes.config(dir.resolve("spec.json"))).seeds(v.get(0).address()));
      long tip = v.get(0).head().height();
      TestNetwork.await("the late node syncs past the elections", () -> late.head().height() >= tip);
      assertEquals(FiveNodes.blockAt(v.get(0), tip).hash(), FiveNodes.blockAt(late, tip).hash());
      assertEquals(expected, balance(late, wallet));
    }
  }
}
