package dev.meshledger.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.domain.Block;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real nodes peer over TLS and a block made on one is stored once by the other. */
@Tag("integration")
class TestNetworkSmokeTest {
  @Test
  void twoNodesPeerAndPropagate(@TempDir Path dir) {
    try (TestNetwork net = new TestNetwork(dir)) {
      TestNetwork.Node a = net.start("a");
      TestNetwork.Node b = net.start("b", TestNetwork.options().seeds(a.address()));
      TestNetwork.await("a and b peered", () -> a.peerIds().contains(b.id()) && b.peerIds().contains(a.id()));
      Block block = a.mine("hello");
      TestNetwork.await("b stored the block", () -> b.timesStored(block) == 1);
      assertEquals(block.hash(), b.head().hash());
    }
  }
}
