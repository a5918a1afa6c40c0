package dev.meshledger.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.p2p.NetworkClient;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.testing.RawPeer;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import dev.meshledger.wire.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spammer mining cheap side branches (as Bitcoin Core's p2p tests attack a node): it gets
 * banned, the store keeps no more of its blocks than the side-branch cap allows, and an honest
 * peer's blocks keep arriving.
 */
@Tag("integration")
class SideBranchSpamTest {
  @Test
  void twoHundredSideBranchBlocksGetTheSpammerBannedWithinTheCap(@TempDir Path dir) {
    JsonObject conf = new JsonObject().put("chain", new JsonObject().put("maxSideBranchMegabytes", 1));
    try (TestNetwork net = new TestNetwork(dir); RawPeer spammer = new RawPeer(TestBlocks.keyFrom(77))) {
      Node target = net.start("target", TestNetwork.options().config(conf.copy()));
      Node honest = net.start("honest", TestNetwork.options().config(conf.copy()).seeds(target.address()));
      TestNetwork.await("honest peered", () -> target.peerIds().contains(honest.id()));
      Block tip = honest.mine("honest 1");
      TestNetwork.await("target has the honest tip", () -> target.head().hash().equals(tip.hash()));

      // 200 blocks on genesis, each a branch of its own, 8 KB of data each: 1.6 MB, past the 1 MB cap.
      ChainParams params = target.config().chainParams();
      Block genesis = Genesis.of(params);
      List<Block> spam = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        spam.add(TestBlocks.child(params, genesis, "spam " + i + " " + "x".repeat(8_000)));
      }
      spammer.connect(target, 1, target.head().totalWork());
      TestNetwork.await("the spammer is a peer", () -> target.peerIds().contains(spammer.id()));
      for (Block b : spam) {
        if (spammer.isClosed()) {
          break;
        }
        spammer.send(new Message.BlockMessage(b));
      }
      // As the node sees it: the spammer's id is on the ban list and it is no longer a peer. (The
      // spammer's own view of the DISCONNECT races with the close: not what this test is about.)
      NetworkClient network = new NetworkClient(target.vertx);
      TestNetwork.await("the spammer is banned", () -> TestNetwork.get(network.bans(), 10).stream()
          .anyMatch(ban -> ban.target().equals(spammer.id())) && !target.peerIds().contains(spammer.id()));

      ChainClient chain = new ChainClient(target.vertx);
      long storedBytes = 0;
      for (Block b : spam) {
        if (chain.block(new BlockLookup(b.hash(), -1)).map(x -> true).otherwise(false).await()) {
          storedBytes += BlockCodec.encodedSize(b);
        }
      }
      assertTrue(storedBytes <= 1 << 20, storedBytes + " bytes of spam stored");
      assertTrue(storedBytes > 0, "the first side blocks are taken: an honest race looks the same");

      Block next = honest.mine("honest 2");
      TestNetwork.await("the honest peer's next block still arrives", () -> target.head().hash().equals(next.hash()));
      assertTrue(target.peerIds().contains(honest.id()));
    }
  }
}
