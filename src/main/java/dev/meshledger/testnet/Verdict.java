package dev.meshledger.testnet;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The end-of-run judgements, on what was read from the nodes; pure. */
final class Verdict {
  private Verdict() {}

  /** One node's best chain as read at the end: block hash by height, transfer ids, tip state. */
  record Chain(Map<Long, String> hashByHeight, Set<String> transferIds, String tip, String stateRoot, boolean valid) {}

  /** Acknowledged data blocks (hash at height) missing from at least one node's chain. */
  static long lostData(List<Workload.DataAck> acks, List<Chain> chains) {
    return acks.stream()
        .filter(a -> chains.stream().anyMatch(c -> !a.hash().equals(c.hashByHeight().get(a.height()))))
        .count();
  }

  /** Transfers seen included that are not included on at least one node's chain. */
  static long lostTransfers(Set<String> included, List<Chain> chains) {
    return included.stream().filter(id -> chains.stream().anyMatch(c -> !c.transferIds().contains(id))).count();
  }

  /** Every node on the same tip with the same state root, and every chain valid. */
  static boolean converged(List<Chain> chains) {
    if (chains.isEmpty()) {
      return false;
    }
    Chain first = chains.get(0);
    return first.tip() != null && chains.stream().allMatch(c -> c.valid() && Objects.equals(c.tip(), first.tip())
        && Objects.equals(c.stateRoot(), first.stateRoot()));
  }
}
