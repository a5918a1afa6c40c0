package dev.meshledger.config;

/**
 * Sync settings, config keys {@code sync.*}.
 *
 * @param batchSize blocks asked for per CHAIN_REQUEST (and the most served per response)
 * @param requestsPerPeer CHAIN_REQUESTs in flight to one peer at a time
 * @param windowBatches how many batches past the next height to store may be fetched ahead:
 *     bounds the blocks held in memory to about {@code batchSize * windowBatches}
 * @param windowBytes no new batch is asked for while fetched blocks not yet stored hold this
 *     many bytes ({@code sync.windowMegabytes}): blocks full of transfers are large
 * @param requestTimeoutMs a CHAIN_REQUEST not answered in this long is asked of another peer
 * @param verifyThreads threads checking signatures; 0 means one per core
 */
public record SyncLimits(int batchSize, int requestsPerPeer, int windowBatches, int requestTimeoutMs, int verifyThreads,
    long windowBytes) {
  static SyncLimits read(ConfigReader r) {
    return new SyncLimits(
        r.integer("sync.batchSize", 500, 1, 2000),
        r.integer("sync.requestsPerPeer", 4, 1, 64),
        r.integer("sync.windowBatches", 32, 2, 4096),
        r.integer("sync.requestTimeoutMs", 15_000, 100, 600_000),
        r.integer("sync.verifyThreads", 0, 0, 256),
        (long) r.integer("sync.windowMegabytes", 16, 1, 64 * 1024) << 20);
  }

  public int verifyThreadCount() {
    return verifyThreads > 0 ? verifyThreads : Runtime.getRuntime().availableProcessors();
  }
}
