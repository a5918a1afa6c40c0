package dev.meshledger.bench;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.chain.Chain;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Head;
import dev.meshledger.storage.BlockMeta;
import dev.meshledger.storage.RocksBlockStore;
import dev.meshledger.storage.StoreBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Harness tools that work on a RocksDB data dir directly, with the node's own classes.
 *
 * <pre>
 * ChainGen chain DIR COUNT CHAIN_ID BITS   writes a valid chain of COUNT blocks on top of genesis
 *                                          into DIR/chain, as a node's node.dataDir would hold it
 * ChainGen fsync DIR SECONDS               synced one-block RocksDB batches per second: the
 *                                          ceiling of durable block creation with one client
 * </pre>
 * Prints one JSON object on stdout.
 */
public final class ChainGen {
  /** Blocks per durable batch while generating: the node's sync stores batches of 500. */
  private static final int FLUSH_EVERY = 2_000;

  private ChainGen() {}

  public static void main(String[] args) {
    switch (args[0]) {
      case "chain" -> chain(Path.of(args[1]), Integer.parseInt(args[2]), args[3], Integer.parseInt(args[4]));
      case "fsync" -> fsync(Path.of(args[1]), Double.parseDouble(args[2]));
      default -> throw new IllegalArgumentException("usage: ChainGen chain DIR COUNT CHAIN_ID BITS | fsync DIR SECONDS");
    }
  }

  static void chain(Path dataDir, int count, String chainId, int bits) {
    long started = System.nanoTime();
    ChainParams params = ChainParams.of(chainId, bits, 65_536);
    BlockFactory factory = new BlockFactory(NodeKey.generate(), params);
    try (RocksBlockStore store = RocksBlockStore.open(dataDir.resolve("chain"))) {
      Chain chain = new Chain(store, params);
      Block parent = chain.block(chain.head().hash()).orElseThrow();
      // Timestamps end now: none may be in the future when a node checks them.
      long t0 = System.currentTimeMillis() - count;
      for (int i = 1; i <= count; i++) {
        byte[] data = ("\"bench block " + i + " with a payload of a typical size\"").getBytes(StandardCharsets.UTF_8);
        Block b = factory.make(parent, t0 + i, data);
        AddResult r = chain.add(b, true, System.currentTimeMillis());
        if (!(r instanceof AddResult.Added)) {
          throw new IllegalStateException("generated block " + i + " was not added: " + r);
        }
        parent = b;
        if (i % FLUSH_EVERY == 0 || i == count) {
          chain.flush();
        }
      }
      double s = (System.nanoTime() - started) / 1e9;
      System.out.printf("{\"blocks\": %d, \"height\": %d, \"tip\": \"%s\", \"seconds\": %.2f, \"blocksPerSec\": %.0f}%n",
          count, chain.head().height(), chain.head().hash().toHex(), s, count / s);
    }
  }

  static void fsync(Path dir, double seconds) {
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      ChainParams params = ChainParams.of("meshledger-fsync-probe", 0, 65_536);
      BlockFactory factory = new BlockFactory(NodeKey.generate(), params);
      Block parent = dev.meshledger.domain.Genesis.of(params);
      Block b = factory.make(parent, System.currentTimeMillis(), "\"probe\"".getBytes(StandardCharsets.UTF_8));
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long n = 0;
      long start = System.nanoTime();
      // bounded by time: one synced batch (a block, its index entry, a height, the head) per turn
      while (System.nanoTime() < end) {
        StoreBatch batch = new StoreBatch();
        batch.addBlock(b, new BlockMeta(1, parent.hash(), 1, b.stateRoot()));
        batch.setHeight(1, b.hash());
        batch.setHead(new Head(b.hash(), 1, n));
        store.write(batch);
        n++;
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("{\"syncedBatches\": %d, \"seconds\": %.2f, \"syncedBatchesPerSec\": %.0f}%n", n, s, n / s);
    }
  }
}
