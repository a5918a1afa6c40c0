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
 */
public record ApiOptions(int expensiveRateLimit, boolean openExpensiveReads, TlsFiles tls, long commitWaitMs) {
  public static final int DEFAULT_EXPENSIVE_RATE_LIMIT = 2;
  public static final long DEFAULT_COMMIT_WAIT_MS = 10_000;

  public static final ApiOptions DEFAULTS =
      new ApiOptions(DEFAULT_EXPENSIVE_RATE_LIMIT, false, null, DEFAULT_COMMIT_WAIT_MS);

  static ApiOptions read(ConfigReader r) {
    return new ApiOptions(
        r.integer("http.expensiveRateLimit", DEFAULT_EXPENSIVE_RATE_LIMIT, 0, 1_000_000),
        r.bool("http.openExpensiveReads", false),
        TlsFiles.read(r),
        r.integer("http.commitWaitMs", (int) DEFAULT_COMMIT_WAIT_MS, 100, 600_000));
  }
}
