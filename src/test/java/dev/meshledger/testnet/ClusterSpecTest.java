package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshledger.config.ChainSpec;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's chain spec for each engine is one the node accepts, with the consensus asked for. */
class ClusterSpecTest {
  static final List<WalletKey> ACCOUNTS = List.of(WalletKey.fromSecret(new byte[32]));
  static final JsonArray VALIDATORS = new JsonArray()
      .add(new JsonObject().put("id", "ab".repeat(32)).put("power", Cluster.POS_GENESIS_STAKE))
      .add(new JsonObject().put("id", "cd".repeat(32)).put("power", Cluster.POS_GENESIS_STAKE));

  static ChainSpec parsed(String engine) {
    return ChainSpec.parse(Cluster.spec(engine, ACCOUNTS, VALIDATORS).encode());
  }

  @Test
  void proofOfStakeBondsEachValidatorAndElectsEveryTwentyBlocks() {
    ChainSpec spec = parsed("pos");
    ChainSpec.Bft bft = assertInstanceOf(ChainSpec.Bft.class, spec.consensus());
    assertEquals(ChainSpec.PowerFrom.STAKE, bft.powerFrom());
    assertEquals(Cluster.POS_EPOCH_BLOCKS, bft.staking().epochBlocks());
    assertEquals(2 * Cluster.POS_EPOCH_BLOCKS, bft.staking().unbondingBlocks());
    assertEquals(2, spec.validators().size());
    assertEquals(Cluster.POS_GENESIS_STAKE, spec.validators().get(0).power());
    assertEquals(Cluster.ALLOC, spec.alloc().get(ACCOUNTS.get(0).account()));
  }

  @Test
  void proofOfAuthorityAndProofOfWork() {
    assertEquals(ChainSpec.PowerFrom.SPEC, assertInstanceOf(ChainSpec.Bft.class, parsed("bft").consensus()).powerFrom());
    assertInstanceOf(ChainSpec.Pow.class, parsed("pow").consensus());
    assertEquals(0, parsed("pow").validators().size());
  }
}
