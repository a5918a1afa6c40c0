package dev.meshledger.bench;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.chain.Chain;
import dev.meshledger.chain.Ledger;
import dev.meshledger.config.MempoolLimits;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
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
 * ChainGen ledger DIR COUNT TXS ACCOUNTS CHAIN_ID BITS
 *                                          writes DIR/spec.json (ACCOUNTS funded wallets, reward 50)
 *                                          and a chain of COUNT blocks, each holding TXS valid
 *                                          transfers among them, through Chain + Ledger into
 *                                          DIR/chain: a node with chain.spec = DIR/spec.json serves it
 * ChainGen bft DIR COUNT CHAIN_ID         writes DIR/spec.json (BFT proof of authority: 4 validators
 *                                          from fixed seeds, BenchWallets.validator(0..3)) and a chain
 *                                          of COUNT blocks into DIR/chain, block h proposed by validator
 *                                          h % 4 and carrying a commit (round 0) signed by 3 of the 4
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
      case "ledger" -> ledger(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), args[5], Integer.parseInt(args[6]));
      case "bft" -> bft(Path.of(args[1]), Integer.parseInt(args[2]), args[3]);
      default -> throw new IllegalArgumentException(
          "usage: ChainGen chain DIR COUNT CHAIN_ID BITS | fsync DIR SECONDS | ledger DIR COUNT TXS ACCOUNTS CHAIN_ID BITS"
              + " | bft DIR COUNT CHAIN_ID");
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
        append(chain, b, i, count);
        parent = b;
      }
      double s = (System.nanoTime() - started) / 1e9;
      System.out.printf("{\"blocks\": %d, \"height\": %d, \"tip\": \"%s\", \"seconds\": %.2f, \"blocksPerSec\": %.0f}%n",
          count, chain.head().height(), chain.head().hash().toHex(), s, count / s);
    }
  }

  /** Blocks per durable batch for the ledger chain (its blocks are ~100 times larger). */
  private static final int LEDGER_FLUSH_EVERY = 200;

  static void ledger(Path dir, int count, int txs, int accounts, String chainId, int bits) {
    if (txs > accounts) {
      throw new IllegalArgumentException("each block's transfers come from distinct senders: TXS <= ACCOUNTS");
    }
    long started = System.nanoTime();
    Path spec = dir.resolve("spec.json");
    BenchWallets.writeSpec(spec, chainId, bits, accounts, 50);
    ChainParams params = BenchWallets.paramsOf(spec);
    WalletKey[] wallets = BenchWallets.wallets(accounts);
    long[] nonces = new long[accounts];
    NodeKey producer = NodeKey.generate();
    BlockFactory factory = new BlockFactory(producer, params);
    AccountId producerAccount = AccountId.of(producer.publicKey());
    long signNanos = 0;
    long addNanos = 0;
    long templateNanos = 0;
    long makeNanos = 0;
    try (RocksBlockStore store = RocksBlockStore.open(dir.resolve("chain"))) {
      Chain[] holder = new Chain[1];
      Chain chain = new Chain(store, params);
      holder[0] = chain;
      // generous pool limits: the generator fills each block at once, the node's defaults do not matter here
      Ledger ledger = new Ledger(() -> holder[0], chainId,
          new MempoolLimits(1_000, 1_000_000, 1L << 30, 10, 24 * 3600 * 1000L, 1_000, 1));
      Block parent = chain.block(chain.head().hash()).orElseThrow();
      long t0 = System.currentTimeMillis() - count;
      int sender = 0;
      for (int i = 1; i <= count; i++) {
        long now = System.currentTimeMillis();
        long s0 = System.nanoTime();
        for (int k = 0; k < txs; k++) {
          int from = sender;
          sender = (sender + 1) % accounts;
          Transfer t = wallets[from].transfer(chainId, wallets[(from + 1) % accounts].account(), 1, 1, nonces[from]++);
          Ledger.Submitted sub = ledger.submit(t, true, now);
          if (!sub.verdict().isAccepted()) {
            throw new IllegalStateException("transfer refused while generating block " + i + ": " + sub.verdict());
          }
        }
        long s1 = System.nanoTime();
        BlockBody body = ledger.template(parent.hash(), producerAccount, 1).orElseThrow().get(0);
        if (body.transactions().size() != txs) {
          throw new IllegalStateException("block " + i + " template holds " + body.transactions().size() + " transfers");
        }
        long s2 = System.nanoTime();
        templateNanos += s2 - s1;
        byte[] data = ("\"bench block " + i + "\"").getBytes(StandardCharsets.UTF_8);
        Block b = factory.make(parent.height(), parent.hash(), t0 + i, data, body, () -> false).orElseThrow();
        long s3 = System.nanoTime();
        makeNanos += s3 - s2;
        // intrinsic checks (block and transfer signatures) skipped: the generator signed them itself; the
        // chain still executes every transfer and checks the state root. A syncing node checks everything.
        AddResult r = chain.add(b, true, System.currentTimeMillis());
        if (!(r instanceof AddResult.Added added)) {
          throw new IllegalStateException("generated block " + i + " was not added: " + r);
        }
        ledger.onAdded(added, now);
        parent = b;
        if (i % LEDGER_FLUSH_EVERY == 0 || i == count) {
          chain.flush();
        }
        signNanos += s1 - s0;
        addNanos += System.nanoTime() - s1;
      }
      double s = (System.nanoTime() - started) / 1e9;
      System.out.printf(java.util.Locale.ROOT, "{\"blocks\": %d, \"transfersPerBlock\": %d, \"accounts\": %d, \"height\": %d, "
          + "\"tip\": \"%s\", \"seconds\": %.2f, \"signSeconds\": %.2f, \"templateMakeAddSeconds\": %.2f, \"templateSeconds\": %.2f, \"makeSeconds\": %.2f, "
          + "\"blocksPerSec\": %.0f, \"blockBytes\": %d}%n",
          count, txs, accounts, chain.head().height(), chain.head().hash().toHex(), s, signNanos / 1e9, addNanos / 1e9,
          templateNanos / 1e9, makeNanos / 1e9, count / s, dev.meshledger.codec.BlockCodec.encode(parent).length);
    }
  }

  /** Validators of the generated BFT chain, and how many sign each commit (more than 2/3 of 4). */
  static final int BFT_VALIDATORS = 4;
  static final int BFT_SIGNERS = 3;

  static void bft(Path dir, int count, String chainId) {
    long started = System.nanoTime();
    Path spec = dir.resolve("spec.json");
    NodeKey[] validators = new NodeKey[BFT_VALIDATORS];
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int v = 0; v < BFT_VALIDATORS; v++) {
      validators[v] = BenchWallets.validator(v);
      ids.add(validators[v].id());
    }
    BenchWallets.writeBftSpec(spec, chainId, ids, 1000, 1);
    ChainParams params = BenchWallets.paramsOf(spec);
    if (!params.isBft()) {
      throw new IllegalStateException("the spec did not make BFT chain params");
    }
    BlockFactory[] factories = new BlockFactory[BFT_VALIDATORS];
    for (int v = 0; v < BFT_VALIDATORS; v++) {
      factories[v] = new BlockFactory(validators[v], params);
    }
    long signNanos = 0;
    try (RocksBlockStore store = RocksBlockStore.open(dir.resolve("chain"))) {
      Chain chain = new Chain(store, params);
      Block parent = chain.block(chain.head().hash()).orElseThrow();
      dev.meshledger.domain.Hash genesis = dev.meshledger.domain.Genesis.of(params).hash();
      if (parent.height() != 0 || !parent.hash().equals(genesis)) {
        throw new IllegalStateException("the data dir is not empty");
      }
      long t0 = System.currentTimeMillis() - count;
      for (int i = 1; i <= count; i++) {
        byte[] data = ("\"bench bft block " + i + " with a payload of a typical size\"").getBytes(StandardCharsets.UTF_8);
        Block b = factories[i % BFT_VALIDATORS].make(parent, t0 + i, data);
        long s0 = System.nanoTime();
        byte[] vote = dev.meshledger.domain.finality.SignBytes.vote(genesis, dev.meshledger.domain.finality.SignBytes.PRECOMMIT,
            b.height(), 0, java.util.Optional.of(b.hash()));
        java.util.List<dev.meshledger.domain.finality.CommitSig> sigs = new java.util.ArrayList<>();
        for (int k = 0; k < BFT_SIGNERS; k++) {
          NodeKey v = validators[(i + k) % BFT_VALIDATORS]; // the proposer and the next two
          sigs.add(new dev.meshledger.domain.finality.CommitSig(v.publicKey(), v.sign(vote)));
        }
        b = b.withCommit(new dev.meshledger.domain.finality.Commit(0, sigs));
        signNanos += System.nanoTime() - s0;
        // block 1 gets every check, the commit's too (the others are added as checked, for speed)
        append(chain, b, i, count, i > 1);
        parent = b;
      }
      double s = (System.nanoTime() - started) / 1e9;
      System.out.printf(java.util.Locale.ROOT, "{\"blocks\": %d, \"validators\": %d, \"commitSignatures\": %d, \"height\": %d, "
          + "\"tip\": \"%s\", \"seconds\": %.2f, \"commitSignSeconds\": %.2f, \"blocksPerSec\": %.0f, \"blockBytes\": %d}%n",
          count, BFT_VALIDATORS, BFT_SIGNERS, chain.head().height(), chain.head().hash().toHex(), s, signNanos / 1e9, count / s,
          dev.meshledger.codec.BlockCodec.encode(parent).length);
    }
  }

  /** Adds a generated block (already checked) and flushes every {@link #FLUSH_EVERY} and at the end. */
  private static void append(Chain chain, Block b, int i, int count) {
    append(chain, b, i, count, true);
  }

  private static void append(Chain chain, Block b, int i, int count, boolean checked) {
    AddResult r = chain.add(b, checked, System.currentTimeMillis());
    if (!(r instanceof AddResult.Added)) {
      throw new IllegalStateException("generated block " + i + " was not added: " + r);
    }
    if (i % FLUSH_EVERY == 0 || i == count) {
      chain.flush();
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
        batch.addBlock(b, new BlockMeta(1, parent.hash(), dev.meshledger.domain.pow.Work.ONE, b.stateRoot(),
            dev.meshledger.domain.pow.Ancestry.genesis(0).child(b.timestamp())));
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
