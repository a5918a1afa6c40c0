package dev.meshledger.domain;

import dev.meshledger.domain.finality.BftParams;

/**
 * The rules one network agrees on. Nodes whose params differ have different genesis blocks
 * and refuse each other at the handshake.
 *
 * @param maxFutureMillis how far ahead of our clock a block's timestamp may be
 * @param ledger allocations, reward and transfer limits
 * @param bft the BFT rules (validators, timing), or null under proof of work
 */
public record ChainParams(String chainId, int difficultyBits, int maxBlockDataBytes, long maxFutureMillis,
    LedgerParams ledger, BftParams bft) {
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
    if (bft != null && difficultyBits != 0) {
      throw new IllegalArgumentException("a BFT chain has no proof of work: difficultyBits is 0");
    }
  }

  public static ChainParams of(String chainId, int difficultyBits, int maxBlockDataBytes) {
    return new ChainParams(chainId, difficultyBits, maxBlockDataBytes, DEFAULT_MAX_FUTURE_MILLIS, LedgerParams.NONE, null);
  }

  public ChainParams withLedger(LedgerParams l) {
    return new ChainParams(chainId, difficultyBits, maxBlockDataBytes, maxFutureMillis, l, bft);
  }

  /** The same rules under BFT with {@code b} (proof of work off: difficultyBits 0). */
  public ChainParams withBft(BftParams b) {
    return new ChainParams(chainId, 0, maxBlockDataBytes, maxFutureMillis, ledger, b);
  }

  /** Whether blocks are final by BFT commits (otherwise: proof of work, nothing final). */
  public boolean isBft() {
    return bft != null;
  }

  /** The work one block adds to its chain: the expected number of hashes to seal it. */
  public static long workOf(int difficultyBits) {
    return 1L << difficultyBits;
  }
}
