package dev.meshledger.config;

/**
 * How the HTTP API guards itself beyond {@code http.rateLimit} and {@code http.apiToken}.
 *
 * @param expensiveRateLimit {@code http.expensiveRateLimit}: calls a second per client IP to the
 *     expensive reads (whole-chain and whole-network audits), twice that as a burst; 0 = off. A full
 *     audit reads every stored block, so 2 a second (the default) is plenty for a person or a probe
 * @param openExpensiveReads {@code http.openExpensiveReads}: with {@code http.apiToken} set, let
 *     the expensive reads through without the token (they need it by default)
 * @param tls {@code http.tls.*}: serve HTTPS with these files; null for plain HTTP
 * @param commitWaitMs {@code http.commitWaitMs}: how long {@code POST /api/blocks} waits for its block
 *     to be final on a BFT chain before it answers 202 with the data's hash to poll
 * @param rangeCacheBytes {@code http.rangeCacheMegabytes}, in bytes: {@code GET /api/blocks} ranges kept
 *     rendered, served again with no chain round trip until blocks reach them (0 keeps none)
 */
public record ApiOptions(int expensiveRateLimit, boolean openExpensiveReads, TlsFiles tls, long commitWaitMs,
    long rangeCacheBytes) {
  public static final int DEFAULT_EXPENSIVE_RATE_LIMIT = 2;
  public static final long DEFAULT_COMMIT_WAIT_MS = 10_000;
  /** 8 MB: a hundred 80 KB pages of 100 blocks. */
  public static final int DEFAULT_RANGE_CACHE_MEGABYTES = 8;

  public static final ApiOptions DEFAULTS = new ApiOptions(DEFAULT_EXPENSIVE_RATE_LIMIT, false, null,
      DEFAULT_COMMIT_WAIT_MS, (long) DEFAULT_RANGE_CACHE_MEGABYTES << 20);

  static ApiOptions read(ConfigReader r) {
    return new ApiOptions(
        r.integer("http.expensiveRateLimit", DEFAULT_EXPENSIVE_RATE_LIMIT, 0, 1_000_000),
        r.bool("http.openExpensiveReads", false),
        TlsFiles.read(r),
        r.integer("http.commitWaitMs", (int) DEFAULT_COMMIT_WAIT_MS, 100, 600_000),
        (long) r.integer("http.rangeCacheMegabytes", DEFAULT_RANGE_CACHE_MEGABYTES, 0, 4096) << 20);
  }
}
