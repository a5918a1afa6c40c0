package dev.meshledger.domain;

import dev.meshledger.domain.ledger.AccountId;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The ledger rules of one network, from its chain spec: the genesis allocations, the reward a
 * block's producer earns, how many transfers a block may hold, and the spec's hash (which the
 * genesis block names, so nodes with different specs refuse each other).
 *
 * @param specHash the chain spec's hash, or {@link Hash#ZERO} for the built-in development spec
 */
public record LedgerParams(SortedMap<AccountId, Long> alloc, long blockReward, int maxBlockTransfers, Hash specHash) {
  /** A block of 2,000 transfers is ~340 KB on the wire, verified in ~0.2 s on one core. */
  public static final int DEFAULT_MAX_BLOCK_TRANSFERS = 2000;
  /** The built-in development spec: nothing allocated, no reward (a spec file sets both). */
  public static final LedgerParams NONE =
      new LedgerParams(new TreeMap<>(), 0, DEFAULT_MAX_BLOCK_TRANSFERS, Hash.ZERO);

  public LedgerParams {
    alloc = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(alloc, "alloc")));
    Objects.requireNonNull(specHash, "specHash");
    if (blockReward < 0) {
      throw new IllegalArgumentException("blockReward must not be negative");
    }
    if (maxBlockTransfers < 0) {
      throw new IllegalArgumentException("maxBlockTransfers must not be negative");
    }
  }

  /** Everything allocated at genesis. */
  public long allocated() {
    long total = 0;
    for (long v : alloc.values()) {
      total = Math.addExact(total, v);
    }
    return total;
  }

  public LedgerParams withMaxBlockTransfers(int max) {
    return new LedgerParams(alloc, blockReward, max, specHash);
  }
}
