package dev.meshledger.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.api.BlockJson;
import dev.meshledger.api.LedgerJson;
import dev.meshledger.bus.ledger.LedgerMessages.TransferStatus;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wallet verify-proof} over a real sealed block and the API's own JSON for it. */
class VerifyProofTest {
  private static final ChainParams PARAMS = ChainParams.of("proof-test", 4, 4096);
  private static final WalletKey ALICE = WalletKey.fromSecret(new byte[32]);
  private static final WalletKey BOB = WalletKey.fromSecret(filled(7));
  private static final List<Transfer> TRANSFERS = transfers(5);
  private static final Block BLOCK = block(TRANSFERS);
  private static final int INDEX = 3;

  @TempDir Path dir;

  private static byte[] filled(int b) {
    byte[] a = new byte[32];
    java.util.Arrays.fill(a, (byte) b);
    return a;
  }

  private static List<Transfer> transfers(int n) {
    List<Transfer> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(ALICE.transfer("proof-test", BOB.account(), 100 + i, 1, i));
    }
    return list;
  }

  private static Block block(List<Transfer> transfers) {
    Block genesis = Genesis.of(PARAMS);
    return new BlockFactory(TestBlocks.KEY, PARAMS)
        .make(0, genesis.hash(), TestBlocks.T0 + 1, TestBlocks.utf8("\"with transfers\""),
            new BlockBody(transfers, genesis.stateRoot()), () -> false)
        .orElseThrow();
  }

  private static List<Hash> ids(List<Transfer> transfers) {
    return transfers.stream().map(Transfer::id).toList();
  }

  /** What GET /api/transactions/{id} answers for TRANSFERS[INDEX] in BLOCK. */
  private static JsonObject txJson() {
    return LedgerJson.transferStatus(new TransferStatus(TRANSFERS.get(INDEX), true, BLOCK.height(), BLOCK.hash(),
        BLOCK.txRoot(), Merkle.proof(ids(TRANSFERS), INDEX)));
  }

  private WalletRun verify(JsonObject tx, JsonObject block) throws Exception {
    Path txFile = dir.resolve("tx.json");
    Path blockFile = dir.resolve("block.json");
    Files.writeString(txFile, tx.encode());
    Files.writeString(blockFile, block.encode());
    return WalletRun.of("verify-proof", "--tx", txFile.toString(), "--block", blockFile.toString());
  }

  private void assertFails(JsonObject tx, JsonObject block, String why) throws Exception {
    WalletRun r = verify(tx, block);
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("FAIL: "), r.err());
    assertTrue(r.err().contains(why), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aRealBlocksProofIsOk() throws Exception {
    WalletRun r = verify(txJson(), BlockJson.of(BLOCK));
    assertEquals(0, r.code(), r.err());
    assertEquals("ok: transfer " + TRANSFERS.get(INDEX).id().toHex() + " is in block " + BLOCK.hash().toHex()
        + " at height 1", r.lastLine());
    // what the API sends is the fast-path text: the same check on it, the block read from stdin
    Path txFile = dir.resolve("tx2.json");
    Files.writeString(txFile, txJson().encode());
    WalletRun piped = WalletRun.withStdin(BlockJson.encode(BLOCK), "verify-proof", "--tx", txFile.toString(), "--block", "-");
    assertEquals(0, piped.code(), piped.err());
  }

  @Test
  void everyTransferOfEverySizeVerifies() throws Exception {
    for (int n : new int[] {1, 2, 3, 4, 7}) {
      List<Transfer> ts = transfers(n);
      Block b = block(ts);
      for (int i = 0; i < n; i++) {
        JsonObject tx = LedgerJson.transferStatus(new TransferStatus(ts.get(i), true, b.height(), b.hash(), b.txRoot(),
            Merkle.proof(ids(ts), i)));
        assertEquals("ok", ProofCheck.check(tx, BlockJson.of(b)).line().substring(0, 2), n + "/" + i);
      }
    }
  }

  @Test
  void aTamperedProofFails() throws Exception {
    JsonObject tx = txJson();
    JsonArray path = tx.getJsonObject("proof").getJsonArray("path");
    path.set(0, "00".repeat(32));
    assertFails(tx, BlockJson.of(BLOCK), "does not lead from the transfer to the block's txRoot");

    JsonObject otherIndex = txJson();
    otherIndex.getJsonObject("proof").put("index", 2);
    assertFails(otherIndex, BlockJson.of(BLOCK), "txRoot");
  }

  @Test
  void aTamperedTransferFails() throws Exception {
    JsonObject tx = txJson();
    tx.getJsonObject("transfer").put("amount", 999_999).remove("id");
    assertFails(tx, BlockJson.of(BLOCK), "is not the id of its transfer's fields");
  }

  @Test
  void aTamperedHeaderFails() throws Exception {
    JsonObject block = BlockJson.of(BLOCK).put("txRoot", "11".repeat(32));
    assertFails(txJson(), block, "hash to");
    assertFails(txJson(), BlockJson.of(BLOCK).put("height", 2), "hash to");
    assertFails(txJson(), BlockJson.of(BLOCK).put("stateRoot", "22".repeat(32)), "hash to");
    // the hash recomputed after the change: the producer never signed that header
    JsonObject rehashed = BlockJson.of(BLOCK).put("txCount", 4);
    rehashed.put("hash", BlockJson.header(rehashed).computeHash().toHex());
    assertFails(txJson(), rehashed, "the block's signature is not its producer's");
    // a real block, but not the one the transfer status names
    assertFails(txJson(), BlockJson.of(block(transfers(4))), "is not this block");
  }

  @Test
  void aProofForAnotherSizeFails() throws Exception {
    // the first leaves of a 3- and a 4-leaf tree share a path shape: only the size tells them apart
    List<Transfer> four = transfers(4);
    Block b = block(four);
    List<Hash> threeIds = ids(four).subList(0, 3);
    JsonObject tx = LedgerJson.transferStatus(new TransferStatus(four.get(0), true, b.height(), b.hash(), b.txRoot(),
        Merkle.proof(threeIds, 0)));
    assertFails(tx, BlockJson.of(b), "the proof is for a block of 3 transfers, the header says 4");
  }

  @Test
  void aPendingTransferOrUnreadableFileFails() throws Exception {
    JsonObject pending = LedgerJson.transferStatus(new TransferStatus(TRANSFERS.get(0), false, -1, null, null, null));
    assertFails(pending, BlockJson.of(BLOCK), "not included");
    WalletRun missing = WalletRun.of("verify-proof", "--tx", dir.resolve("none").toString(), "--block", "-");
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("FAIL: --tx: cannot read"), missing.err());
    assertEquals(2, WalletRun.of("verify-proof", "--tx", "-", "--block", "-").code());
  }
}
