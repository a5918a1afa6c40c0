package dev.meshledger.testing;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AuditReport;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BatchResult;
import dev.meshledger.bus.chain.ChainMessages.SubmitBatch;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Pre-built chains for multi-node tests: made in a tight loop, stored on a node in large batches. */
public final class Chains {
  private Chains() {}

  /** {@code n} sealed, signed blocks on {@code parent}, timestamps in the recent past, one per millisecond. */
  public static List<Block> build(ChainParams params, Block parent, int n, NodeKey producer, String tag) {
    BlockFactory factory = new BlockFactory(producer, params);
    long t = System.currentTimeMillis() - n;
    List<Block> out = new ArrayList<>(n);
    Block p = parent;
    for (int i = 0; i < n; i++) {
      p = factory.make(p, t + i, ("\"" + tag + " " + (p.height() + 1) + "\"").getBytes(StandardCharsets.UTF_8));
      out.add(p);
    }
    return out;
  }

  /** Stores the blocks on a node through chain.cmd.submit-batch, 500 per batch, as sync does. */
  public static void submit(TestNetwork.Node node, List<Block> blocks) {
    for (int from = 0; from < blocks.size(); from += 500) {
      List<Block> batch = blocks.subList(from, Math.min(blocks.size(), from + 500));
      BatchResult r = TestNetwork.get(node.vertx.eventBus().<BatchResult>request(Addresses.CHAIN_SUBMIT_BATCH,
          new SubmitBatch(List.copyOf(batch), BlockSource.LOCAL, System.currentTimeMillis(), true), Bus.LOCAL), 60).body();
      assertNull(r.rejected(), () -> "refused: " + r.reason());
    }
  }

  /** The node's own audit of its whole stored best chain, as GET /api/chain/validate runs it. */
  public static AuditReport validate(TestNetwork.Node node) {
    return TestNetwork.get(node.vertx.eventBus().<AuditReport>request(Addresses.CHAIN_VALIDATE, null, Bus.LOCAL), 60)
        .body();
  }
}
