package dev.meshledger.chain;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.storage.BlockMeta;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.StoreBatch;
import java.util.Optional;

/** Opening a store: the head it holds, or genesis and its allocations written to an empty one. */
final class ChainStart {
  private ChainStart() {}

  /**
   * @throws IllegalStateException when the store holds another network's chain
   */
  static Head open(BlockStore store, Block genesis, ChainParams params, StateNodes nodes) {
    Optional<Head> stored = store.head();
    if (stored.isPresent()) {
      Optional<Hash> storedGenesis = store.hashAt(0);
      if (storedGenesis.isEmpty() || !storedGenesis.get().equals(genesis.hash())) {
        throw new IllegalStateException("the data directory holds another network's chain (genesis "
            + storedGenesis.map(Hash::shortHex).orElse("missing") + ", expected " + genesis.hash().shortHex()
            + "): check chain.spec, chain.id, chain.difficultyBits, chain.targetBlockMillis and chain.halfLifeBlocks, or use another node.dataDir");
      }
      return stored.get();
    }
    StoreBatch batch = new StoreBatch();
    Work work = params.blockWork(genesis.bits());
    Genesis.writeState(nodes, params);
    nodes.drainTo(batch);
    batch.addBlock(genesis, new BlockMeta(0, Hash.ZERO, work, genesis.stateRoot(),
        Ancestry.genesis(genesis.timestamp())));
    batch.setHeight(0, genesis.hash());
    Head head = new Head(genesis.hash(), 0, work);
    batch.setHead(head);
    store.write(batch);
    return head;
  }
}
