package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.p2p.BanMessages;
import dev.meshledger.bus.p2p.BanMessages.Ban;
import dev.meshledger.bus.p2p.BanMessages.BanKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class BanListTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final String PEER = "c".repeat(64);

  private static BanTarget t(String s) {
    return BanTarget.parse(s);
  }

  @Test
  void aBanLastsUntilItsTimeAndNotAfter() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 1_000);
    b.banIp("10.1.2.3", NOW + 500);
    b.add(t("10.9.0.0/16"), NOW + 2_000, "test", NOW);
    assertTrue(b.isIdBanned(PEER, NOW));
    assertTrue(b.isIdBanned(PEER, NOW + 999));
    assertFalse(b.isIdBanned(PEER, NOW + 1_000));
    assertTrue(b.isIpBanned("10.1.2.3", NOW + 499));
    assertFalse(b.isIpBanned("10.1.2.3", NOW + 500));
    assertTrue(b.isIpBanned("10.9.8.7", NOW + 1_999));
    assertFalse(b.isIpBanned("10.9.8.7", NOW + 2_000));
    assertEquals(0, b.size(), "expired bans are dropped");
  }

  @Test
  void aBanUntilLiftedNeverRunsOutAndLiftingEndsIt() {
    BanList b = new BanList();
    b.add(t("127.0.0.64/28"), BanMessages.FOREVER, "check", NOW);
    assertTrue(b.isIpBanned("127.0.0.66", Long.MAX_VALUE - 1), "loopback too: the operator's bans spare no address");
    assertFalse(b.isIpBanned("127.0.0.1", NOW));
    assertEquals(List.of(new Ban("127.0.0.64/28", BanKind.CIDR, BanMessages.FOREVER, "check", NOW)), b.list(NOW));
    assertFalse(b.lift(t("127.0.0.80/28")), "another range is no such ban");
    assertTrue(b.lift(t("127.0.0.66/28")), "the same range written otherwise lifts it");
    assertFalse(b.isIpBanned("127.0.0.66", NOW));
  }

  @Test
  void automaticBansSpareLoopbackAndNeverShortenOne() {
    BanList b = new BanList();
    b.banPeer(PEER, "127.0.0.1", NOW + 10_000, "FLOOD", NOW);
    assertTrue(b.isIdBanned(PEER, NOW));
    assertFalse(b.isIpBanned("127.0.0.1", NOW), "every local node shares loopback");
    b.banPeer(PEER, "10.0.0.1", NOW + 1_000, "FLOOD", NOW);
    assertTrue(b.isIdBanned(PEER, NOW + 5_000), "a shorter second ban does not shorten the first");
    assertTrue(b.isIpBanned("10.0.0.1", NOW + 999));
    b.add(t(PEER), NOW + 100, "operator", NOW);
    assertFalse(b.isIdBanned(PEER, NOW + 100), "the operator's word replaces it");
  }

  @Test
  void idsAndAddressesAreSeparate() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 1_000);
    assertFalse(b.isIpBanned(PEER, NOW));
    assertFalse(b.isIdBanned("d".repeat(64), NOW));
    b.banIp("10.1.2.3", NOW + 1_000);
    assertFalse(b.isIdBanned("10.1.2.3", NOW));
    b.unbanId(PEER);
    assertFalse(b.isIdBanned(PEER, NOW));
  }

  @Test
  void jsonRoundTripKeepsActiveBansOnly() {
    BanList b = new BanList();
    b.banId(PEER, NOW + 60_000);
    b.banId("e".repeat(64), NOW - 1); // already over
    b.add(t("2001:db8::/32"), BanMessages.FOREVER, "range", NOW - 5);
    b.add(t("10.1.2.3"), NOW + 30_000, "one", NOW - 6);
    JsonObject json = new JsonObject(b.toJson(NOW).encode()); // through text, as on disk
    assertEquals(3, json.getJsonArray("bans").size());
    assertNull(json.getJsonArray("bans").getJsonObject(1).getValue("until"), "until lifted is null on disk");

    BanList loaded = BanList.fromJson(json);
    assertEquals(b.list(NOW), loaded.list(NOW));
    assertTrue(loaded.isIdBanned(PEER, NOW + 59_999));
    assertFalse(loaded.isIdBanned(PEER, NOW + 60_000));
    assertTrue(loaded.isIpBanned("2001:db8::7", NOW + 10_000_000));
    assertTrue(loaded.isIpBanned("10.1.2.3", NOW + 29_999));
    assertFalse(loaded.isIdBanned("e".repeat(64), NOW - 2));
  }

  @Test
  void theOlderFileFormatStillLoads() {
    JsonObject json = new JsonObject()
        .put("ids", new JsonArray().add(new JsonObject().put("nodeId", PEER).put("until", NOW + 1_000)))
        .put("ips", new JsonArray().add(new JsonObject().put("ip", "10.1.2.3").put("until", NOW + 1_000)));
    BanList loaded = BanList.fromJson(json);
    assertTrue(loaded.isIdBanned(PEER, NOW));
    assertTrue(loaded.isIpBanned("10.1.2.3", NOW));
    assertEquals(0, BanList.fromJson(new JsonObject()).size());
  }

  @Test
  void anEntryThatCannotBeReadIsAnErrorNamingIt() {
    JsonObject badTarget = new JsonObject().put("bans", new JsonArray()
        .add(new JsonObject().put("target", PEER).put("until", null))
        .add(new JsonObject().put("target", "10.0.0.0/40").put("until", null)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BanList.fromJson(badTarget));
    assertTrue(e.getMessage().startsWith("bans[1]: ") && e.getMessage().contains("0..32"), e.getMessage());
    JsonObject notAnObject = new JsonObject().put("bans", new JsonArray().add("10.0.0.1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BanList.fromJson(notAnObject)).getMessage()
        .contains("bans[0]"));
    JsonObject badUntil = new JsonObject().put("bans", new JsonArray().add(new JsonObject().put("target", PEER)
        .put("until", "soon")));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BanList.fromJson(badUntil)).getMessage()
        .contains("until"));
  }
}
