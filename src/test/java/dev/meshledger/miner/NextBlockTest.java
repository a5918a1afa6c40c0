package dev.meshledger.miner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meshledger.bus.ledger.LedgerClient;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.testing.TestNetwork;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks asked for one after another, as one client posting in a loop: the template the miner
 * asked ahead never hides a transfer accepted in between, and every block builds on the last.
 */
class NextBlockTest {
  private static final String CHAIN = "next-block-test";
  private static final WalletKey ALICE = WalletKey.generate();
  private static final WalletKey BOB = WalletKey.generate();

  @Test
  void aTransferAcceptedBetweenTwoBlocksIsInTheSecond(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("spec.json");
    Files.writeString(spec, new JsonObject().put("chainId", CHAIN)
        .put("consensus", new JsonObject().put("engine", "pow").put("difficultyBits", 4))
        .put("alloc", new JsonObject().put(ALICE.account().toHex(), 1_000)).put("blockReward", 0).encode());
    JsonObject conf = new JsonObject().put("chain", new JsonObject().put("spec", spec.toString()));
    try (TestNetwork net = new TestNetwork(dir)) {
      TestNetwork.Node n = net.start("n", TestNetwork.options().config(conf));
      LedgerClient ledger = new LedgerClient(n.vertx);
      Block parent = n.mine("warm");
      for (int nonce = 0; nonce < 20; nonce++) {
        Block empty = n.mine("before " + nonce);
        assertEquals(parent.hash(), empty.prevHash());
        assertEquals(List.of(), empty.transactions());
        Transfer t = ALICE.transfer(CHAIN, BOB.account(), 10, 1, nonce);
        assertNull(TestNetwork.get(ledger.submit(t, null, false), 10).code());
        Block next = n.mine("after " + nonce);
        assertEquals(List.of(t), next.transactions(), "the block asked right after the transfer's answer holds it");
        assertEquals(empty.hash(), next.prevHash());
        parent = next;
      }
      assertEquals(200, TestNetwork.get(ledger.account(BOB.account(), false), 10).balance());
    }
  }
}
