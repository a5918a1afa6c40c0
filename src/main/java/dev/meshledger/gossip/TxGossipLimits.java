package dev.meshledger.gossip;

import dev.meshledger.wire.WireCodec;

/**
 * The bounds of transaction gossip, one record so config keys can be added later (each would be
 * {@code txgossip.<name>}). Every map the core keeps is capped by one of these.
 *
 * @param maxIdsPerMessage ids in one TX_ANNOUNCE or TX_REQUEST (at most {@link WireCodec#MAX_TX_IDS})
 * @param maxTxsPerMessage transfers in one TXS (at most {@link WireCodec#MAX_TXS})
 * @param maxTxsBytes payload bytes of one TXS; the verticle lowers it to fit the frame limit
 * @param announceIntervalMs how often queued announcements are flushed
 * @param requestTimeoutMs how long a TX_REQUEST is waited for before another announcer is asked
 * @param seenCapacity transfer ids remembered as recently seen (an LRU)
 * @param knownPerPeer ids remembered per peer as held by it (an LRU each)
 * @param maxInFlight ids asked of peers and not yet answered, over all peers
 * @param alternatesPerId other announcers remembered per in-flight id, to ask after a timeout
 * @param messagesPerSecond sustained tx messages a peer may send us; twice this is the burst
 * @param unrequestedPerSecond sustained unrequested transfers tolerated from a peer (races with
 *     timeouts are normal); 64 times this is the burst; beyond it each such TXS is an offence
 * @param verifyThreads worker threads checking signatures
 */
public record TxGossipLimits(
    int maxIdsPerMessage,
    int maxTxsPerMessage,
    int maxTxsBytes,
    long announceIntervalMs,
    long requestTimeoutMs,
    int seenCapacity,
    int knownPerPeer,
    int maxInFlight,
    int alternatesPerId,
    int messagesPerSecond,
    int unrequestedPerSecond,
    int verifyThreads) {

  public TxGossipLimits {
    check(maxIdsPerMessage >= 1 && maxIdsPerMessage <= WireCodec.MAX_TX_IDS, "maxIdsPerMessage", maxIdsPerMessage);
    check(maxTxsPerMessage >= 1 && maxTxsPerMessage <= WireCodec.MAX_TXS, "maxTxsPerMessage", maxTxsPerMessage);
    check(maxTxsBytes >= 1024, "maxTxsBytes", maxTxsBytes);
    check(announceIntervalMs >= 1, "announceIntervalMs", announceIntervalMs);
    check(requestTimeoutMs >= 1, "requestTimeoutMs", requestTimeoutMs);
    check(seenCapacity >= 1, "seenCapacity", seenCapacity);
    check(knownPerPeer >= 1, "knownPerPeer", knownPerPeer);
    check(maxInFlight >= 1, "maxInFlight", maxInFlight);
    check(alternatesPerId >= 0, "alternatesPerId", alternatesPerId);
    check(messagesPerSecond >= 1, "messagesPerSecond", messagesPerSecond);
    check(unrequestedPerSecond >= 1, "unrequestedPerSecond", unrequestedPerSecond);
    check(verifyThreads >= 1, "verifyThreads", verifyThreads);
  }

  /**
   * The defaults: 4096 ids a message (eth/68's NewPooledTransactionHashes soft limit), 50 ms
   * batching (Bitcoin trickles inv in about 100-ms steps; half that for a small network), a 2 s
   * request timeout, 100,000 recently seen ids (~10 MB), 10,000 known ids per peer.
   */
  public static TxGossipLimits defaults() {
    return new TxGossipLimits(4096, 4096, 1 << 20, 50, 2_000, 100_000, 10_000, 50_000, 8, 200, 8,
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)));
  }

  /** These limits with TXS payloads cut to fit a frame of {@code maxFrameBytes}. */
  public TxGossipLimits fittingFrames(int maxFrameBytes) {
    // length prefix, type byte and count
    int fit = maxFrameBytes - WireCodec.LENGTH_SIZE - 1 - 4;
    return fit >= maxTxsBytes ? this : new TxGossipLimits(maxIdsPerMessage, maxTxsPerMessage, Math.max(1024, fit),
        announceIntervalMs, requestTimeoutMs, seenCapacity, knownPerPeer, maxInFlight, alternatesPerId,
        messagesPerSecond, unrequestedPerSecond, verifyThreads);
  }

  private static void check(boolean ok, String name, long value) {
    if (!ok) {
      throw new IllegalArgumentException("txgossip." + name + " out of range: " + value);
    }
  }
}
