package dev.meshledger.config;

/**
 * The chain's readers (keys {@code chain.*}): the worker threads that answer block reads from
 * the store beside the one writer, and their cache of each block's rendering (the API's JSON).
 *
 * @param threads {@code chain.readerThreads}: reads served at once (default: the machine's cores)
 * @param cacheBytes {@code chain.readCacheMegabytes}, in bytes: renderings kept, least recently
 *     used dropped first; 0 renders every block on every read
 */
public record ReaderOptions(int threads, long cacheBytes) {
  public static final int MAX_THREADS = 64;
  /**
   * A node runs in a 128 MB heap (run.sh): 16 MB holds the JSON of ~18,000 small blocks (~800
   * bytes each) without crowding the rest.
   */
  public static final int DEFAULT_CACHE_MEGABYTES = 16;
  public static final int MAX_CACHE_MEGABYTES = 16_384;

  public ReaderOptions {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("reader threads must be 1.." + MAX_THREADS + ", got " + threads);
    }
    if (cacheBytes < 0) {
      throw new IllegalArgumentException("the read cache holds 0 bytes or more, got " + cacheBytes);
    }
  }

  /** The defaults on this machine. */
  public static ReaderOptions defaults() {
    return new ReaderOptions(defaultThreads(), (long) DEFAULT_CACHE_MEGABYTES << 20);
  }

  static int defaultThreads() {
    return Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
  }

  static ReaderOptions read(ConfigReader r) {
    return new ReaderOptions(
        r.integer("chain.readerThreads", defaultThreads(), 1, MAX_THREADS),
        (long) r.integer("chain.readCacheMegabytes", DEFAULT_CACHE_MEGABYTES, 0, MAX_CACHE_MEGABYTES) << 20);
  }
}
