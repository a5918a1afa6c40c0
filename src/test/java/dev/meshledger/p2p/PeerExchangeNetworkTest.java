package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.testing.TestNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peer exchange: nodes given only one seed learn of each other and fill their slots. */
@Tag("integration")
class PeerExchangeNetworkTest {
  @Test
  void tenNodesSeededWithNodeOneEachReachFourPeers(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir)) {
      TestNetwork.Node first = net.start("n1");
      List<TestNetwork.Node> nodes = new ArrayList<>(List.of(first));
      for (int i = 2; i <= 10; i++) {
        nodes.add(net.start("n" + i, TestNetwork.options().seeds(first.address())));
      }
      TestNetwork.await("every node has at least 4 peers", () -> nodes.stream().allMatch(n -> n.peerCount() >= 4));
      for (TestNetwork.Node n : nodes) {
        assertTrue(n.peerCount() >= 4, n.name + " has " + n.peerCount() + " peers");
        assertTrue(!n.peerIds().contains(n.id()), n.name + " lists itself");
      }
    }
  }
}
