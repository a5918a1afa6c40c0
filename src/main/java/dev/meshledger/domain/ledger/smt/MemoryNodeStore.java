package dev.meshledger.domain.ledger.smt;

import dev.meshledger.domain.Hash;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link NodeStore} in a map, for tests and tools. Not thread-safe. */
public final class MemoryNodeStore implements NodeStore {
  private final Map<Hash, Node> nodes = new HashMap<>();

  @Override
  public Optional<Node> get(Hash hash) {
    return Optional.ofNullable(nodes.get(hash));
  }

  @Override
  public void put(Hash hash, Node node) {
    nodes.put(hash, node);
  }

  /** How many nodes are stored. */
  public int size() {
    return nodes.size();
  }

  /** Removes a node, for tests of a store that lost one. */
  public void remove(Hash hash) {
    nodes.remove(hash);
  }
}
