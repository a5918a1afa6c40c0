package dev.meshledger.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.storage.BlockMeta;
import dev.meshledger.storage.RocksBlockStore;
import dev.meshledger.storage.StoreBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Not a test: measures the start-up rebuild of the validator set. Run: java ... MembersRebuildMeasure DIR N */
public final class MembersRebuildMeasure {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long n = Long.parseLong(args[1]);
    var keys = TestCommits.keys(4);
    ChainParams params = ChainParams.of("measure", 0, 1024).withBft(TestCommits.params(keys));
    List<CommitSig> sigs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sigs.add(new CommitSig(keys.get(i).publicKey(), new byte[64]));
    }
    Commit commit = new Commit(0, sigs);
    try (RocksBlockStore store = RocksBlockStore.open(dir)) {
      if (store.head().isEmpty()) {
        Hash prev = Hash.ZERO;
        dev.meshledger.domain.pow.Ancestry ancestry = dev.meshledger.domain.pow.Ancestry.genesis(0);
        StoreBatch batch = new StoreBatch();
        for (long h = 1; h <= n; h++) {
          Hash hash = Sha256.of(Long.toString(h).getBytes());
          byte[] data = ("\"block " + h + "\"").getBytes();
          Block b = new Block(h, prev, h, Sha256.of(data), Hash.ZERO, Hash.ZERO, 0, keys.get((int) (h % 4)).publicKey(),
              new byte[64], 0, data, List.of(), hash, commit);
          ancestry = ancestry.child(h);
          batch.addBlock(b, new BlockMeta(h, prev, dev.meshledger.domain.pow.Work.of(h), Hash.ZERO, ancestry));
          batch.setHeight(h, hash);
          prev = hash;
          if (h % 10_000 == 0 || h == n) {
            batch.setHead(new Head(hash, h, dev.meshledger.domain.pow.Work.of(h)));
            store.write(batch);
            batch = new StoreBatch();
          }
        }
      }
      for (int run = 0; run < 3; run++) {
        long t = System.nanoTime();
        Members m = Members.open(store, params, n, new StateNodes(store::stateNode));
        System.out.printf("rebuild of %d blocks: %d ms (%d validators)%n", n, (System.nanoTime() - t) / 1_000_000,
            m.state().decided().size());
      }
    }
  }
}
