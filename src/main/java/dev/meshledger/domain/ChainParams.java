package dev.meshledger.domain;

/**
 * The rules one network agrees on. Nodes whose params differ have different genesis blocks
 * and refuse each other at the handshake.
 *
 * @param maxFutureMillis how far ahead of our clock a block's timestamp may be
 * @param ledger allocations, reward and transfer limits
 */
public record ChainParams(String chainId, int difficultyBits, int maxBlockDataBytes, long maxFutureMillis,
    LedgerParams ledger) {
  /** Two minutes, as Bitcoin allows two hours for 10-minute blocks: a generous multiple of clock skew. */
  public static final long DEFAULT_MAX_FUTURE_MILLIS = 120_000;
  /** Work per block is 2^bits, summed in a long: 32 bits leaves room for 2^31 blocks. */
  public static final int MAX_DIFFICULTY_BITS = 32;

  public ChainParams {
    if (chainId == null || chainId.isBlank()) {
      throw new IllegalArgumentException("chainId must not be empty");
    }
    if (difficultyBits < 0 || difficultyBits > MAX_DIFFICULTY_BITS) {
      throw new IllegalArgumentException("difficultyBits must be 0.." + MAX_DIFFICULTY_BITS);
    }
    if (maxBlockDataBytes < 0) {
      throw new IllegalArgumentException("maxBlockDataBytes must not be negative");
    }
    java.util.Objects.requireNonNull(ledger, "ledger");
  }

  public static ChainParams of(String chainId, int difficultyBits, int maxBlockDataBytes) {
    return new ChainParams(chainId, difficultyBits, maxBlockDataBytes, DEFAULT_MAX_FUTURE_MILLIS, LedgerParams.NONE);
  }

  public ChainParams withLedger(LedgerParams l) {
    return new ChainParams(chainId, difficultyBits, maxBlockDataBytes, maxFutureMillis, l);
  }

  /** The work one block adds to its chain: the expected number of hashes to seal it. */
  public static long workOf(int difficultyBits) {
    return 1L << difficultyBits;
  }
}
