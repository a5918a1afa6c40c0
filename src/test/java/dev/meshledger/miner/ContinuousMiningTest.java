package dev.meshledger.miner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.PowRules;
import dev.meshledger.testing.TestNetwork;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code miner.enabled} on a retargeting chain mines without being asked, empty blocks too, each
 * with the bits ASERT requires; a second node takes every one of them.
 */
class ContinuousMiningTest {
  @TempDir Path dir;

  @Test
  void aMinerOnARetargetingChainMinesOnItsOwnAndAPeerAcceptsItsBlocks() {
    JsonObject chain = new JsonObject().put("chain", new JsonObject()
        .put("id", "mining-test").put("difficultyBits", 8).put("targetBlockMillis", 200).put("halfLifeBlocks", 5));
    try (TestNetwork net = new TestNetwork(dir)) {
      TestNetwork.Node miner = net.start("miner", TestNetwork.options()
          .config(chain.copy().put("miner", new JsonObject().put("enabled", true))));
      TestNetwork.Node peer = net.start("peer", TestNetwork.options().config(chain.copy()).seeds(miner.address()));
      TestNetwork.await("the miner made 12 blocks unasked", Duration.ofSeconds(90), () -> miner.head().height() >= 12);
      TestNetwork.await("the peer has them", Duration.ofSeconds(60), () -> peer.head().height() >= 12);
      // every block the miner stored carries the bits its parent requires, with a rising timestamp
      PowRules rules = miner.config().chainParams().powRules();
      List<BlockAdded> mined = miner.added.stream().filter(BlockAdded::becameTip)
          .sorted(java.util.Comparator.comparingLong(a -> a.block().height())).toList();
      Ancestry anc = Ancestry.genesis(0);
      for (BlockAdded a : mined.subList(0, 12)) {
        assertEquals(anc.height() + 1, a.block().height());
        assertEquals(rules.requiredBits(anc), a.block().bits(), "block " + a.block().height());
        assertTrue(a.block().timestamp() > anc.medianTimePast());
        anc = anc.child(a.block().timestamp());
      }
    }
  }
}
