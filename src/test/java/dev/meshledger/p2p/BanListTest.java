package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class BanListTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final String PEER = "c".repeat(64);

  @Test
  void aBanLastsUntilItsTimeAndNotAfter() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 1_000);
    b.banIp("10.1.2.3", NOW + 500);
    assertTrue(b.isIdBanned(PEER, NOW));
    assertTrue(b.isIdBanned(PEER, NOW + 999));
    assertFalse(b.isIdBanned(PEER, NOW + 1_000));
    assertTrue(b.isIpBanned("10.1.2.3", NOW + 499));
    assertFalse(b.isIpBanned("10.1.2.3", NOW + 500));
    assertEquals(0, b.size(), "expired bans are dropped");
  }

  @Test
  void idsAndIpsAreSeparate() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 1_000);
    assertFalse(b.isIpBanned(PEER, NOW));
    assertFalse(b.isIdBanned("d".repeat(64), NOW));
    b.banIp("10.1.2.3", NOW + 1_000);
    assertFalse(b.isIdBanned("10.1.2.3", NOW));
  }

  @Test
  void aShorterSecondBanDoesNotShortenTheFirst() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 10_000);
    b.banId(PEER, NOW + 1_000);
    assertTrue(b.isIdBanned(PEER, NOW + 5_000));
  }

  @Test
  void unbanLiftsIt() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 10_000);
    b.unbanId(PEER);
    assertFalse(b.isIdBanned(PEER, NOW));
  }

  @Test
  void jsonRoundTripKeepsActiveBansOnly() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 60_000);
    b.banId("e".repeat(64), NOW - 1); // already over
    b.banIp("10.1.2.3", NOW + 30_000);
    JsonObject json = new JsonObject(b.toJson(NOW).encode()); // through text, as on disk
    assertEquals(1, json.getJsonArray("ids").size());

    BanList loaded = BanList.fromJson(json);
    assertEquals(2, loaded.size());
    assertTrue(loaded.isIdBanned(PEER, NOW + 59_999));
    assertFalse(loaded.isIdBanned(PEER, NOW + 60_000));
    assertTrue(loaded.isIpBanned("10.1.2.3", NOW + 29_999));
    assertFalse(loaded.isIdBanned("e".repeat(64), NOW - 2));
  }

  @Test
  void junkInTheFileIsSkipped() {
    JsonObject json = new JsonObject()
        .put("ids", new JsonArray().add("not an object").add(new JsonObject().put("until", NOW + 1))
            .add(new JsonObject().put("nodeId", PEER).put("until", NOW + 1_000)))
        .put("ips", new JsonArray().add(42));
    BanList loaded = BanList.fromJson(json);
    assertEquals(1, loaded.size());
    assertTrue(loaded.isIdBanned(PEER, NOW));
    assertEquals(0, BanList.fromJson(new JsonObject()).size());
  }
}
