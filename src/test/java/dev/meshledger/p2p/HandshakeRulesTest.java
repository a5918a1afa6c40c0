package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.WireCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeRulesTest {
  private static final String SELF = "a".repeat(64);
  private static final String PEER = "b".repeat(64);
  private static final Hash GENESIS = Genesis.of(ChainParams.of("meshledger-dev", 8, 65_536)).hash();
  private final HandshakeRules open = new HandshakeRules(SELF, "meshledger-dev", GENESIS, List.of());

  private static Hello hello(String protocol, String chain, Hash genesis, String id) {
    return new Hello(protocol, chain, genesis, id, "127.0.0.1", 7001, 0, Work.of(1));
  }

  private static DisconnectReason reason(java.util.Optional<HandshakeRules.Refusal> r) {
    return r.map(HandshakeRules.Refusal::reason).orElse(null);
  }

  @Test
  void identityRules() {
    BanList bans = new BanList();
    assertTrue(open.onIdentity(PEER, "10.0.0.9", bans, 0).isEmpty());
    assertEquals(DisconnectReason.SELF_CONNECTION, reason(open.onIdentity(SELF, "10.0.0.9", bans, 0)));
    bans.banId(PEER, 1_000);
    assertEquals(DisconnectReason.BANNED, reason(open.onIdentity(PEER, "10.0.0.9", bans, 999)));
    assertTrue(open.onIdentity(PEER, "10.0.0.9", bans, 1_000).isEmpty(), "a ban ends at its time");
    HandshakeRules allowOnlyC = new HandshakeRules(SELF, "meshledger-dev", GENESIS, List.of("c".repeat(64)));
    assertEquals(DisconnectReason.NOT_ALLOWED, reason(allowOnlyC.onIdentity(PEER, "10.0.0.9", new BanList(), 0)));
    assertTrue(allowOnlyC.onIdentity("c".repeat(64), "10.0.0.9", new BanList(), 0).isEmpty());
  }

  @Test
  void aBannedIpIsRefusedWhateverKeyItBrings() {
    BanList bans = new BanList();
    bans.add(BanTarget.parse("10.0.0.0/8"), Long.MAX_VALUE, "test", 0);
    HandshakeRules allowPeer = new HandshakeRules(SELF, "meshledger-dev", GENESIS, List.of(PEER));
    assertEquals(DisconnectReason.BANNED, reason(allowPeer.onIdentity(PEER, "10.0.0.9", bans, 0)),
        "the IP check comes before the allow-list and the id");
    assertTrue(allowPeer.onIdentity(PEER, "11.0.0.9", bans, 0).isEmpty());
    allowPeer.allowlist(List.of());
    assertTrue(allowPeer.onIdentity("c".repeat(64), "11.0.0.9", bans, 0).isEmpty(), "[] lets anyone in");
  }

  @Test
  void helloRules() {
    assertTrue(open.onHello(hello(WireCodec.PROTOCOL, "meshledger-dev", GENESIS, PEER), PEER).isEmpty());
    assertEquals(DisconnectReason.INCOMPATIBLE_PROTOCOL,
        reason(open.onHello(hello("meshledger/2", "meshledger-dev", GENESIS, PEER), PEER)));
    assertEquals(DisconnectReason.WRONG_CHAIN, reason(open.onHello(hello(WireCodec.PROTOCOL, "other", GENESIS, PEER), PEER)));
    assertEquals(DisconnectReason.WRONG_GENESIS,
        reason(open.onHello(hello(WireCodec.PROTOCOL, "meshledger-dev", Hash.ZERO, PEER), PEER)));
    assertEquals(DisconnectReason.BAD_IDENTITY,
        reason(open.onHello(hello(WireCodec.PROTOCOL, "meshledger-dev", GENESIS, "c".repeat(64)), PEER)));
  }
}
