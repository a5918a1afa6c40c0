package dev.meshledger.domain;

import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.pow.PowRules;
import dev.meshledger.domain.pow.Retarget;
import dev.meshledger.domain.pow.Work;

/**
 * The rules one network agrees on. Nodes whose params differ have different genesis blocks
 * and refuse each other at the handshake.
 *
 * @param difficultyBits proof of work's initial target: its hashes have this many leading zero bits
 * @param maxFutureMillis how far ahead of our clock a block's timestamp may be
 * @param ledger allocations, reward and transfer limits
 * @param bft the BFT rules (validators, timing), or null under proof of work
 * @param retarget how proof of work retargets ({@link Retarget#FIXED} under BFT)
 */
public record ChainParams(String chainId, int difficultyBits, int maxBlockDataBytes, long maxFutureMillis,
    LedgerParams ledger, BftParams bft, Retarget retarget) {
  /** Two minutes, as Bitcoin allows two hours for 10-minute blocks: a generous multiple of clock skew. */
  public static final long DEFAULT_MAX_FUTURE_MILLIS = 120_000;
  /** A higher initial difficulty is out of a Java miner's reach (2^32 hashes is minutes per block). */
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
    java.util.Objects.requireNonNull(retarget, "retarget");
    if (bft != null && (difficultyBits != 0 || !retarget.isFixed())) {
      throw new IllegalArgumentException("a BFT chain has no proof of work: difficultyBits is 0, no retarget");
    }
  }

  /** Proof of work at a fixed difficulty, no ledger. */
  public static ChainParams of(String chainId, int difficultyBits, int maxBlockDataBytes) {
    return new ChainParams(chainId, difficultyBits, maxBlockDataBytes, DEFAULT_MAX_FUTURE_MILLIS, LedgerParams.NONE,
        null, Retarget.FIXED);
  }

  public ChainParams withLedger(LedgerParams l) {
    return new ChainParams(chainId, difficultyBits, maxBlockDataBytes, maxFutureMillis, l, bft, retarget);
  }

  /** The same rules under BFT with {@code b} (proof of work off: difficultyBits 0, no retarget). */
  public ChainParams withBft(BftParams b) {
    return new ChainParams(chainId, 0, maxBlockDataBytes, maxFutureMillis, ledger, b, Retarget.FIXED);
  }

  /** The same proof-of-work rules, retargeting as {@code r}. */
  public ChainParams withRetarget(Retarget r) {
    return new ChainParams(chainId, difficultyBits, maxBlockDataBytes, maxFutureMillis, ledger, bft, r);
  }

  /** Whether blocks are final by BFT commits (otherwise: proof of work, nothing final). */
  public boolean isBft() {
    return bft != null;
  }

  /** Whether power comes from bonded stake: a proof-of-stake chain. */
  public boolean isStake() {
    return bft != null && bft.isStake();
  }

  /** The tokens bonded at genesis: under proof of stake, the genesis validators' power; otherwise none. */
  public long genesisStake() {
    return isStake() ? bft.totalPower() : 0;
  }

  /** The supply after block {@code height}: allocations, genesis stake and every block's reward. */
  public long supplyAt(long height) {
    return Math.addExact(Math.addExact(ledger.allocated(), genesisStake()), Math.multiplyExact(ledger.blockReward(), height));
  }

  /** The proof-of-work rules (build once and keep: they precompute the targets). */
  public PowRules powRules() {
    return new PowRules(difficultyBits, retarget);
  }

  /**
   * The work one block adds to its chain: the expected number of hashes to seal it; under BFT,
   * where blocks carry no proof of work (bits 0), one per block, so the chain's work is its height.
   */
  public Work blockWork(int bits) {
    return isBft() ? Work.ONE : Work.ofBits(bits);
  }
}
