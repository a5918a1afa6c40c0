package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.api.TransferJson.MalformedTransferException;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransferJsonTest {
  private static final WalletKey ALICE = WalletKey.fromSecret(new byte[32]);
  private static final WalletKey BOB = WalletKey.generate();
  private static final Transfer T = ALICE.transfer("json-test", BOB.account(), 250, 1, 7);

  @Test
  void roundTripsThroughTheJsonTextAndKeepsTheSignature() {
    JsonObject json = TransferJson.of(T);
    assertEquals(T.id().toHex(), json.getString("id"));
    assertEquals(250L, json.getLong("amount"));
    assertTrue(json.getValue("amount") instanceof Number, "amounts are JSON integers, not strings");
    Transfer back = TransferJson.parse(json.encode());
    assertEquals(T, back);
    assertTrue(Transfers.verify(back));
    // the id is optional on input: it is always computed
    json.remove("id");
    assertEquals(T, TransferJson.parse(json));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "chainId   | null         | \"chainId\" is missing",
      "chainId   | 5            | \"chainId\" must be a string, got a number",
      "chainId   | {}           | \"chainId\" must be a string, got an object",
      "chainId   | \"\"         | \"chainId\" is empty",
      "from      | null         | \"from\" is missing",
      "from      | \"zz\"       | \"from\" must be an account id",
      "to        | 12           | \"to\" must be a string, got a number",
      "to        | \"\"         | \"to\" must be an account id (64 hex digits), got \"\"",
      "to        | \"abc\"      | \"to\" must be an account id",
      "amount    | null         | \"amount\" is missing",
      "amount    | -1           | \"amount\" must not be negative",
      "amount    | 1.5          | \"amount\" must be a whole number",
      "amount    | 1.0          | \"amount\" must be a whole number",
      "amount    | 1e3          | \"amount\" must be a whole number",
      "amount    | \"5\"        | \"amount\" must be a number, got a string",
      "amount    | 0            | NONE",
      "amount    | 9223372036854775807 | NONE",
      "amount    | 9223372036854775808 | \"amount\" is 9223372036854775808, beyond",
      "fee       | true         | \"fee\" must be a number, got a boolean",
      "fee       | -99999999999999999999 | \"fee\" must not be negative",
      "nonce     | [1]          | \"nonce\" must be a number, got an array",
      "nonce     | 18446744073709551615 | \"nonce\" is 18446744073709551615, beyond",
      "signature | null         | \"signature\" is missing",
      "signature | \"00ff\"     | \"signature\" must be 128 hex digits",
      "id        | \"nothex\"   | \"id\" must be 64 hex digits",
      "id        | 1            | \"id\" must be 64 hex digits"})
  void eachMalformedFieldIsNamed(String field, String value, String expected) {
    JsonObject json = TransferJson.of(T);
    String text = json.encode();
    if ("null".equals(value)) {
      json.remove(field);
      text = json.encode();
    } else {
      text = text.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[0-9]+)", "\"" + field + "\":" + value.replace("$", "\\$"));
    }
    String body = text;
    if ("NONE".equals(expected)) {
      // at the edges of the range: well formed (the id then differs, so drop it)
      JsonObject ok = new JsonObject(body);
      ok.remove("id");
      assertEquals(Long.parseLong(value), TransferJson.parse(ok.encode()).amount());
      return;
    }
    MalformedTransferException e = assertThrows(MalformedTransferException.class, () -> TransferJson.parse(body), body);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void aSignatureThatIsNotHexIsNamed() {
    String bad = TransferJson.of(T).put("signature", "g".repeat(128)).encode();
    MalformedTransferException e = assertThrows(MalformedTransferException.class, () -> TransferJson.parse(bad));
    assertTrue(e.getMessage().contains("\"signature\""), e.getMessage());
  }

  @Test
  void anIdThatIsNotTheFieldsIdIsRefused() {
    Transfer other = ALICE.transfer("json-test", BOB.account(), 251, 1, 7);
    String bad = TransferJson.of(T).put("id", other.id().toHex()).encode();
    MalformedTransferException e = assertThrows(MalformedTransferException.class, () -> TransferJson.parse(bad));
    assertTrue(e.getMessage().contains("is not the id of these fields"), e.getMessage());
    // a changed amount under the old id: the id check catches it before any signature check
    String tampered = TransferJson.of(T).put("amount", 500).encode();
    assertThrows(MalformedTransferException.class, () -> TransferJson.parse(tampered));
  }

  @Test
  void aChainIdOverSixtyFourBytesIsMalformed() {
    String bad = TransferJson.of(T).put("chainId", "x".repeat(65)).encode();
    MalformedTransferException e = assertThrows(MalformedTransferException.class,
        () -> TransferJson.parse(new JsonObject(bad).copy()));
    assertTrue(e.getMessage().contains("\"chainId\""), e.getMessage());
  }

  @Test
  void textThatIsNotAnObjectIsMalformed() {
    assertThrows(MalformedTransferException.class, () -> TransferJson.parse("[1,2]"));
    assertThrows(MalformedTransferException.class, () -> TransferJson.parse("{\"from\": \"zz\", \"amount\": -1"));
    MalformedTransferException e = assertThrows(MalformedTransferException.class,
        () -> TransferJson.parse("{\"from\": \"zz\", \"amount\": -1}"));
    assertTrue(e.getMessage().startsWith("\"chainId\""), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aStakeOrUnstakeCarriesItsKindAndAPlainTransferNone() {
    var key = dev.meshledger.domain.ledger.WalletKey.fromSecret(new byte[32]);
    for (var kind : dev.meshledger.domain.ledger.TxKind.values()) {
      var t = key.sign(kind, "c", key.account(), 5, 1, 0);
      io.vertx.core.json.JsonObject json = TransferJson.of(t);
      org.junit.jupiter.api.Assertions.assertEquals(kind == dev.meshledger.domain.ledger.TxKind.TRANSFER ? null : kind.json(),
          json.getString("kind"));
      org.junit.jupiter.api.Assertions.assertEquals(t, TransferJson.parse(json.encode()));
    }
    var stake = TransferJson.of(key.sign(dev.meshledger.domain.ledger.TxKind.STAKE, "c", key.account(), 5, 1, 0));
    org.junit.jupiter.api.Assertions.assertEquals(dev.meshledger.domain.ledger.TxKind.TRANSFER,
        TransferJson.read(stake.copy().put("kind", "transfer")).transfer().kind(), "an explicit transfer kind");
    for (Object bad : new Object[] {"Stake", 1, null, "bond"}) {
      var e = org.junit.jupiter.api.Assertions.assertThrows(TransferJson.MalformedTransferException.class,
          () -> TransferJson.read(stake.copy().put("kind", bad)));
      org.junit.jupiter.api.Assertions.assertEquals("\"kind\" must be \"transfer\", \"stake\" or \"unstake\"", e.getMessage());
    }
    org.junit.jupiter.api.Assertions.assertThrows(TransferJson.MalformedTransferException.class,
        () -> TransferJson.parse(stake.copy().put("kind", "unstake")), "the id of another kind");
  }
}
