package dev.meshledger.config;

import dev.meshledger.domain.Hash;

/**
 * Sync settings, config keys {@code sync.*}.
 *
 * @param batchSize blocks asked for per CHAIN_REQUEST (and the most served per response)
 * @param requestsPerPeer CHAIN_REQUESTs in flight to one peer at a time
 * @param windowBatches how many batches past the next height to store may be fetched ahead:
 *     bounds the blocks held in memory to about {@code batchSize * windowBatches}
 * @param windowBytes no new batch is asked for while fetched blocks not yet stored hold this
 *     many bytes ({@code sync.windowMegabytes}): blocks full of transfers are large
 * @param requestTimeoutMs a CHAIN_REQUEST (or GETHEADERS) not answered in this long is asked of another peer
 * @param verifyThreads threads checking signatures; 0 means one per core
 * @param headersPerRequest headers asked for per GETHEADERS, and the most one HEADERS may carry
 * @param maxHeaders headers held in memory for one branch before its bodies are fetched
 * @param assumeValid a block hash below which (inclusive) synced blocks' signatures are not checked; null: none
 */
public record SyncLimits(int batchSize, int requestsPerPeer, int windowBatches, int requestTimeoutMs, int verifyThreads,
    long windowBytes, int headersPerRequest, int maxHeaders, Hash assumeValid) {
  /** The limits of releases before headers-first sync, with its defaults (tools and tests). */
  public SyncLimits(int batchSize, int requestsPerPeer, int windowBatches, int requestTimeoutMs, int verifyThreads,
      long windowBytes) {
    this(batchSize, requestsPerPeer, windowBatches, requestTimeoutMs, verifyThreads, windowBytes, 2000, 100_000, null);
  }

  static SyncLimits read(ConfigReader r) {
    return new SyncLimits(
        r.integer("sync.batchSize", 500, 1, 2000),
        r.integer("sync.requestsPerPeer", 4, 1, 64),
        r.integer("sync.windowBatches", 32, 2, 4096),
        r.integer("sync.requestTimeoutMs", 15_000, 100, 600_000),
        r.integer("sync.verifyThreads", 0, 0, 256),
        (long) r.integer("sync.windowMegabytes", 16, 1, 64 * 1024) << 20,
        // Bitcoin's getheaders answers 2000; 2000 headers are under 600 KB under proof of work
        r.integer("sync.headersPerRequest", 2000, 1, 100_000),
        // about 300 bytes each: 100 000 headers hold some 30 MB
        r.integer("sync.maxHeaders", 100_000, 1, 10_000_000),
        assumeValid(r));
  }

  private static Hash assumeValid(ConfigReader r) {
    String hex = r.string("sync.assumeValid", "");
    if (hex.isEmpty()) {
      return null;
    }
    if (!Hash.isHex(hex)) {
      throw new ConfigException("sync.assumeValid", "expected a block hash (64 hex digits), got \"" + hex + "\"");
    }
    return Hash.fromHex(hex);
  }

  public int verifyThreadCount() {
    return verifyThreads > 0 ? verifyThreads : Runtime.getRuntime().availableProcessors();
  }
}
