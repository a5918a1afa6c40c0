package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.api.TransferJson;
import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.consensus.EvidenceJson;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.SignBytes;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slashing end to end: four proof-of-stake validators; an operator who saw the fourth sign two conflicting
 * prevotes (the test signs them with its key file, read as the node reads it) posts the evidence to the
 * first; a block the first proposes carries it, and on every node the fourth's pool is cut by slashPermille
 * and tombstoned, the stake is the same, the chain audits, a new stake to it is refused, and from two
 * heights after the slash it signs no commit.
 */
class PosSlashNetworkTest {
  private static final long POWER = 1000;
  private static final int PERMILLE = 100;

  private static Optional<JsonObject> pool(Node n, String id) {
    JsonArray pools = FiveNodes.call(n, "/api/consensus", null, 200).getJsonArray("pools");
    return pools.stream().map(o -> (JsonObject) o).filter(p -> id.equals(p.getString("validator"))).findFirst();
  }

  @Test
  void aPostedDoubleSignIsCarriedSlashedEverywhereAndTheOffenderLeaves(@TempDir Path dir) throws Exception {
    List<NodeKey> keys = FiveNodes.keys(dir, 50);
    WalletKey wallet = FiveNodes.wallet((byte) 5);
    // no block reward and no transfers until the end: the pools hold exactly what the slash leaves
    JsonObject spec = new JsonObject().put("chainId", "pos-slash-network-test")
        .put("consensus", FiveNodes.proofOfStake(new JsonObject().put("epochBlocks", 10_000).put("unbondingBlocks", 50)
                .put("minStake", 50).put("slashPermille", PERMILLE)))
        .put("alloc", new JsonObject().put(wallet.account().toHex(), 1000))
        .put("validators", FiveNodes.validators(keys, POWER)).put("blockReward", 0);
    Path specFile = dir.resolve("spec.json");
    Files.writeString(specFile, spec.encode());
    try (TestNetwork net = new TestNetwork(dir)) {
      List<Node> v = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        String[] seeds = v.stream().map(Node::address).toArray(String[]::new);
        v.add(net.start("v" + i, TestNetwork.options().config(FiveNodes.config(specFile)).seeds(seeds)));
      }
      TestNetwork.await("three final blocks", () -> v.get(0).head().height() >= 3);
      Hash genesis = FiveNodes.blockAt(v.get(0), 0).hash();

      // the offender's key, read from its key file as its node reads it; two prevotes for height 2 round 0
      NodeKey offender = NodeKey.loadOrCreate(dir.resolve("v4").resolve("node.key"));
      assertEquals(keys.get(3).id(), offender.id());
      Optional<Hash> x = Optional.of(Sha256.of("a block".getBytes()));
      Optional<Hash> nil = Optional.empty();
      DoubleSign e = DoubleSign.of(offender.publicKey(), SignBytes.PREVOTE, 2, 0,
          x, offender.sign(SignBytes.vote(genesis, SignBytes.PREVOTE, 2, 0, x)),
          nil, offender.sign(SignBytes.vote(genesis, SignBytes.PREVOTE, 2, 0, nil)));
      JsonObject body = EvidenceJson.withSignatures(e);

      // what the endpoint refuses: a malformed body, a broken signature, a signer outside the set
      FiveNodes.call(v.get(0), "/api/consensus/evidence", body.copy().put("height", "two").encode(), 400);
      JsonObject broken = body.copy().put("firstSignature", body.getString("secondSignature"));
      assertEquals("BAD_SIGNATURE", FiveNodes.call(v.get(0), "/api/consensus/evidence", broken.encode(), 422).getString("error"));
      NodeKey stranger = keys.get(4);
      JsonObject foreign = EvidenceJson.withSignatures(DoubleSign.of(stranger.publicKey(), SignBytes.PREVOTE, 2, 0,
          x, stranger.sign(SignBytes.vote(genesis, SignBytes.PREVOTE, 2, 0, x)),
          nil, stranger.sign(SignBytes.vote(genesis, SignBytes.PREVOTE, 2, 0, nil))));
      assertEquals("NOT_A_VALIDATOR", FiveNodes.call(v.get(0), "/api/consensus/evidence", foreign.encode(), 422).getString("error"));

      JsonObject held = FiveNodes.call(v.get(0), "/api/consensus/evidence", body.encode(), 202);
      assertEquals(offender.id(), held.getString("validator"));
      assertEquals("ALREADY_HELD", FiveNodes.call(v.get(0), "/api/consensus/evidence", body.encode(), 422).getString("error"));

      // the first validator proposes in turn: a final block carries the evidence
      AtomicLong slashedAt = new AtomicLong(-1);
      AtomicLong scanned = new AtomicLong(1);
      TestNetwork.await("a final block carries the evidence", () -> {
        for (long h = scanned.get(); h <= v.get(0).head().height(); h++) {
          Block b = FiveNodes.blockAt(v.get(0), h);
          if (!b.evidence().isEmpty()) {
            assertEquals(List.of(e), b.evidence());
            slashedAt.set(h);
            return true;
          }
          scanned.set(h + 1);
        }
        return false;
      });
      long h = slashedAt.get();
      TestNetwork.await("the pool forgets it once carried", () ->
          FiveNodes.call(v.get(0), "/api/consensus", null, 200).getJsonArray("evidence").isEmpty());
      TestNetwork.await("every node four blocks past the slash", () -> v.stream().allMatch(n -> n.head().height() >= h + 5));

      String stakeHash = null;
      for (Node n : v) {
        JsonObject p = pool(n, offender.id()).orElseThrow();
        assertTrue(p.getBoolean("tombstoned"), n + ": " + p);
        assertEquals(POWER - POWER * PERMILLE / 1000, p.getLong("tokens"), n + ": the pool is cut by slashPermille");
        JsonObject status = FiveNodes.call(n, "/api/consensus", null, 200);
        assertEquals(POWER * PERMILLE / 1000, status.getLong("burnt"), n + ": what was burnt");
        assertFalse(status.getJsonArray("validators").stream()
            .anyMatch(o -> offender.id().equals(((JsonObject) o).getString("id"))), n + ": the offender left the set");
        JsonObject selfBond = FiveNodes.call(n, "/api/accounts/" + offender.id(), null, 200).getJsonArray("bonds").getJsonObject(0);
        assertEquals(offender.id(), selfBond.getString("validator"));
        assertTrue(selfBond.getBoolean("tombstoned"), n + ": the offender's own bond shows the slash");
        assertEquals(POWER - POWER * PERMILLE / 1000, selfBond.getLong("tokens"), n + ": and what it is worth now");
        String hash = FiveNodes.call(n, "/api/accounts/" + wallet.account().toHex(), null, 200).getString("stakeHash");
        if (stakeHash == null) {
          stakeHash = hash;
        }
        assertEquals(stakeHash, hash, n + ": the same stake everywhere");
        AuditReport audit = TestNetwork.get(n.vertx.eventBus().<AuditReport>request(Addresses.CHAIN_VALIDATE, null,
            Bus.local(Bus.AUDIT_TIMEOUT_MS)), 60).body();
        assertTrue(audit.valid(), n + ": " + audit);
        for (long k = h + 2; k <= h + 5; k++) {
          assertFalse(FiveNodes.signedBy(FiveNodes.blockAt(n, k), offender.id()), n + ": the offender signed at " + k);
        }
      }
      // a new stake to the tombstoned validator is refused
      JsonObject refused = FiveNodes.call(v.get(0), "/api/transactions", TransferJson.of(wallet.sign(TxKind.STAKE,
          "pos-slash-network-test", AccountId.fromHex(offender.id()), 100, 1, 0)).encode(), 422);
      assertEquals("TOMBSTONED", refused.getString("error"));
    }
  }
}
