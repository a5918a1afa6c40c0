package dev.meshledger.chain;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.storage.StoreBatch;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The state tree's nodes as the chain sees them: those written since the last flush, over those
 * stored. A {@link #scratch} layer holds one block's writes until the block is accepted, so a
 * block refused for its state root leaves nothing behind.
 */
final class StateNodes implements NodeStore {
  private final Function<Hash, Optional<Node>> below;
  private final Map<Hash, Node> written = new HashMap<>();

  StateNodes(Function<Hash, Optional<Node>> below) {
    this.below = below;
  }

  @Override
  public Optional<Node> get(Hash hash) {
    Node n = written.get(hash);
    return n != null ? Optional.of(n) : below.apply(hash);
  }

  @Override
  public void put(Hash hash, Node node) {
    written.put(hash, node);
  }

  /** A layer over this one whose writes reach this one only on {@link #mergeInto}. */
  StateNodes scratch() {
    return new StateNodes(this::get);
  }

  void mergeInto(StateNodes parent) {
    parent.written.putAll(written);
  }

  void drainTo(StoreBatch batch) {
    written.forEach(batch::putStateNode);
    written.clear();
  }
}
