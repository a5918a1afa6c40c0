package dev.meshledger.config;

/**
 * How much of other branches a node keeps: local policy, not consensus (keys {@code chain.*}).
 * Valid blocks off the best chain cost an attacker only their proof of work; these bound what
 * they cost us.
 *
 * @param maxForkDepth a block off the best chain is refused when its height is this far or
 *     more below the tip, and stored ones are dropped once the tip is that far past them: no
 *     reorg deeper than this is taken (Bitcoin Core keeps side branches but checkpoints and
 *     minimum chain work play this part; Ethereum's finality does)
 * @param maxSideBranchBytes the encoded bytes all stored side-branch blocks may hold together
 */
public record ChainLimits(int maxForkDepth, long maxSideBranchBytes) {
  public static final ChainLimits DEFAULTS = new ChainLimits(10_000, 64L << 20);

  public ChainLimits {
    if (maxForkDepth < 1 || maxSideBranchBytes < 0) {
      throw new IllegalArgumentException("maxForkDepth must be positive and maxSideBranchBytes not negative");
    }
  }

  static ChainLimits read(ConfigReader r) {
    return new ChainLimits(
        r.integer("chain.maxForkDepth", DEFAULTS.maxForkDepth(), 1, 100_000_000),
        (long) r.integer("chain.maxSideBranchMegabytes", (int) (DEFAULTS.maxSideBranchBytes() >> 20), 0, 1 << 20) << 20);
  }
}
