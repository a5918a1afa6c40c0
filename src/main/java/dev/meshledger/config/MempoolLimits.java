package dev.meshledger.config;

/**
 * The mempool's limits, each a config key ({@code mempool.maxPerAccount}, {@code maxCount},
 * {@code maxMegabytes}, {@code replaceBumpPercent}, {@code expirySeconds}, {@code maxNonceGap},
 * {@code minFee}). Defaults follow the nodes users already know.
 *
 * @param maxPerAccount pending transfers one account may hold (geth {@code txpool.accountslots} = 16)
 * @param maxCount pending transfers in all (geth {@code txpool.globalslots} = 4,096 plus
 *     {@code globalqueue} = 1,024, i.e. 5,120)
 * @param maxBytes bytes in all (Bitcoin Core caps its pool in memory, {@code -maxmempool} = 300 MB;
 *     our transfers are small and fixed-shape, so 32 MB, Core's default block-relay scale, is ample)
 * @param replaceBumpPercent how much higher a fee must be to replace a same-nonce transfer
 *     (geth {@code txpool.pricebump} = 10)
 * @param expiryMillis how long a transfer may wait (geth {@code txpool.lifetime} = 3 h)
 * @param maxNonceGap how far past the account's confirmed next nonce a transfer may be; a gap as
 *     wide as the per-account slots, so an account can fill its slots ahead of confirmation
 * @param minFee the smallest fee accepted at all (Core's {@code -minrelaytxfee} idea; 1 smallest unit
 *     so that a free transfer cannot fill the pool)
 */
public record MempoolLimits(int maxPerAccount, int maxCount, long maxBytes, int replaceBumpPercent,
    long expiryMillis, long maxNonceGap, long minFee) {

  public static final MempoolLimits DEFAULTS =
      new MempoolLimits(16, 5_120, 32L * 1024 * 1024, 10, 3 * 60 * 60 * 1000L, 16, 1);

  public MempoolLimits {
    require(maxPerAccount > 0, "maxPerAccount must be positive");
    require(maxCount > 0, "maxCount must be positive");
    require(maxBytes > 0, "maxBytes must be positive");
    require(replaceBumpPercent >= 0, "replaceBumpPercent must not be negative");
    require(expiryMillis > 0, "expiryMillis must be positive");
    require(maxNonceGap >= 0, "maxNonceGap must not be negative");
    require(minFee >= 0, "minFee must not be negative");
  }

  /** The {@code mempool.*} config keys, each defaulting to {@link #DEFAULTS}. */
  static MempoolLimits read(ConfigReader r) {
    MempoolLimits d = DEFAULTS;
    return new MempoolLimits(
        r.integer("mempool.maxPerAccount", d.maxPerAccount(), 1, 1_000_000),
        r.integer("mempool.maxCount", d.maxCount(), 1, 10_000_000),
        (long) r.integer("mempool.maxMegabytes", (int) (d.maxBytes() >> 20), 1, 64 * 1024) << 20,
        r.integer("mempool.replaceBumpPercent", d.replaceBumpPercent(), 0, 1000),
        r.integer("mempool.expirySeconds", (int) (d.expiryMillis() / 1000), 1, 365 * 24 * 3600) * 1000L,
        r.integer("mempool.maxNonceGap", (int) d.maxNonceGap(), 0, 1_000_000),
        r.integer("mempool.minFee", (int) d.minFee(), 0, Integer.MAX_VALUE));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
