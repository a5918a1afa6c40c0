package dev.meshledger.api;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.TestBlocks.Field;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockJsonTest {
  private static final ChainParams PARAMS = ChainParams.of("blockjson-test", 4, 4096);
  private static final Block GENESIS = Genesis.of(PARAMS);

  private static Block withData(String data) {
    return TestBlocks.with(GENESIS, Field.DATA, utf8(data));
  }

  /** What a client reads back: the text must be JSON and mean what {@code of(b)} means. */
  private static void assertSameAsTree(Block b) {
    String text = BlockJson.encode(b);
    assertEquals(BlockJson.of(b), new JsonObject(text), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"hello\"", "42", "-1.5e3", "true", "null", "[1,2,{\"a\":[]}]", "{\"k\":\"v\",\"n\":{\"m\":[null]}}",
      " { \"spaced\" :\n [ 1 , 2 ] } ", "\"caf\u00e9 \\u00e9 \\\"quoted\\\" \\n tab\\t\"", "\"\u2028 line separator\"",
      "{\"big\":123456789012345678901234567890}"})
  void strictJsonDataIsWrittenAsTheSameValue(String data) {
    assertSameAsTree(withData(data));
    assertTrue(BlockJson.isStrictJson(data), data);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "plain text", "1, \"hash\": \"forged\"", "{\"a\":1} {\"b\":2}", "[1,2", "{\"a\":1}}", "'single'",
      "NaN", "01", "{\"a\":1,}", "/* note */ 5", "{\"a\": 1 // trailing comment\n}", "\"raw\u0001control\"",
      "\"bad escape \\x\"", "</script>"})
  void dataThatIsNotStrictJsonCannotChangeTheShapeOfTheAnswer(String data) {
    Block b = withData(data);
    assertFalse(BlockJson.isStrictJson(data), data);
    assertSameAsTree(b);
    JsonObject parsed = new JsonObject(BlockJson.encode(b));
    assertEquals(GENESIS.hash().toHex(), parsed.getString("hash"), "a block's data must not be able to set its fields");
    assertEquals(16, parsed.size(), parsed.encode()); // 12 block fields and 4 ledger ones
  }

  @Test
  void bytesThatAreNotUtf8ComeBackAsTheSameStringAsBefore() {
    Block b = TestBlocks.with(GENESIS, Field.DATA, new byte[] {'"', (byte) 0xff, (byte) 0xfe, '"'});
    assertSameAsTree(b);
  }

  @Test
  void realBlocksAndTheGenesisBlock() {
    assertSameAsTree(GENESIS);
    Block child = TestBlocks.child(PARAMS, GENESIS, "{\"amount\":5}");
    assertSameAsTree(child);
    assertEquals(new JsonObject().put("amount", 5), new JsonObject(BlockJson.encode(child)).getValue("data"));
  }

  @Test
  void aListIsTheBlocksInOrderUnderBlocks() {
    List<Block> blocks = new ArrayList<>();
    Block b = GENESIS;
    blocks.add(b);
    for (int i = 0; i < 5; i++) {
      b = TestBlocks.child(PARAMS, b, i % 2 == 0 ? "\"block " + i + "\"" + " not json" : "[" + i + "]");
      blocks.add(b);
    }
    JsonArray expected = new JsonArray();
    blocks.forEach(x -> expected.add(BlockJson.of(x)));
    assertEquals(new JsonObject().put("blocks", expected), new JsonObject(BlockJson.encodeList(blocks)));
    assertEquals(new JsonObject().put("blocks", new JsonArray()), new JsonObject(BlockJson.encodeList(List.of())));
  }

  @Test
  void aBlockWithTransfersShowsTheLedgerFieldsAndItsHeaderRecomputesTheHash() {
    WalletKey alice = WalletKey.fromSecret(new byte[32]);
    List<Transfer> transfers = List.of(
        alice.transfer("blockjson-test", alice.account(), 1, 1, 0),
        alice.transfer("blockjson-test", alice.account(), 2, 1, 1));
    Block b = new BlockFactory(TestBlocks.KEY, PARAMS)
        .make(0, GENESIS.hash(), TestBlocks.T0 + 1, utf8("\"x\""), new BlockBody(transfers, GENESIS.stateRoot()), () -> false)
        .orElseThrow();
    assertSameAsTree(b);
    JsonObject json = new JsonObject(BlockJson.encode(b));
    assertEquals(b.txRoot().toHex(), json.getString("txRoot"));
    assertEquals(b.stateRoot().toHex(), json.getString("stateRoot"));
    assertEquals(2, json.getInteger("txCount"));
    assertEquals(transfers.get(1), TransferJson.parse(json.getJsonArray("transactions").getJsonObject(1)));

    BlockJson.Header h = BlockJson.header(json);
    assertEquals(b.hash(), h.computeHash());
    assertEquals(b.hash(), h.claimedHash());
    // without its transactions the header still recomputes: txCount comes from the JSON
    json.remove("transactions");
    json.remove("data");
    assertEquals(b.hash(), BlockJson.header(json).computeHash());
    assertEquals(HeaderBytes.computeHash(GENESIS), BlockJson.header(BlockJson.of(GENESIS)).computeHash());
    // one changed field, another hash
    assertFalse(b.hash().equals(BlockJson.header(json.copy().put("txCount", 3)).computeHash()));
  }

  @Test
  void aHeaderWithAMissingOrMalformedFieldIsNamed() {
    JsonObject json = BlockJson.of(GENESIS);
    for (String field : List.of("height", "prevHash", "timestamp", "dataHash", "txRoot", "txCount", "stateRoot",
        "bits", "producer", "signature", "nonce", "hash")) {
      JsonObject missing = json.copy();
      missing.remove(field);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockJson.header(missing), field);
      assertTrue(e.getMessage().contains("\"" + field + "\""), e.getMessage());
      JsonObject wrong = json.copy().put(field, "zz");
      assertThrows(IllegalArgumentException.class, () -> BlockJson.header(wrong), field);
    }
    assertThrows(IllegalArgumentException.class, () -> BlockJson.header(json.copy().put("txCount", -1)));
    assertThrows(IllegalArgumentException.class, () -> BlockJson.header(json.copy().put("bits", 1L << 32)));
  }
}
