package dev.meshledger.config;

/**
 * Per-peer limits and timers of the P2P layer, config keys {@code p2p.*}.
 *
 * @param maxFrameBytes largest frame accepted or sent (a CHAIN_RESPONSE batch must fit)
 * @param maxInboundPerIp inbound connections from one IP address
 * @param handshakeTimeoutMs TLS plus HELLO both ways must finish within this
 * @param pingIntervalMs how often a quiet connection is pinged
 * @param pingTimeoutMs a peer silent this long is dropped
 * @param framesPerSecond sustained frames a peer may send; twice this is the burst
 * @param bytesPerSecond sustained bytes a peer may send; twice this is the burst
 * @param banThreshold misbehaviour points that get a peer banned (points drain 1 a second)
 * @param banSeconds how long a ban lasts
 * @param writeQueueBytes bytes queued to a peer before its socket is paused for drain
 * @param slowPeerTimeoutMs a peer whose queue has not drained in this long is dropped
 * @param reconnectBaseMs first back-off after a failed dial; doubles per failure
 * @param reconnectMaxMs back-off cap
 * @param maxScoreEntries misbehaviour scores kept at most; past it the lowest is forgotten
 */
public record P2pLimits(
    int maxFrameBytes,
    int maxInboundPerIp,
    int handshakeTimeoutMs,
    int pingIntervalMs,
    int pingTimeoutMs,
    int framesPerSecond,
    int bytesPerSecond,
    int banThreshold,
    int banSeconds,
    int writeQueueBytes,
    int slowPeerTimeoutMs,
    int reconnectBaseMs,
    int reconnectMaxMs,
    int maxScoreEntries) {

  /** @param maxBlockBytes the largest block's data and transfers: a frame must hold one */
  static P2pLimits read(ConfigReader r, int maxBlockBytes) {
    int minFrame = maxBlockBytes + 4096;
    int maxFrame = r.integer("p2p.maxFrameBytes", Math.max(4 << 20, minFrame), minFrame, 256 << 20);
    int pingInterval = r.integer("p2p.pingIntervalMs", 5_000, 100, 600_000);
    return new P2pLimits(
        maxFrame,
        r.integer("p2p.maxInboundPerIp", 8, 1, 10_000),
        r.integer("p2p.handshakeTimeoutMs", 10_000, 100, 600_000),
        pingInterval,
        r.integer("p2p.pingTimeoutMs", Math.max(15_000, 3 * pingInterval), pingInterval, 3_600_000),
        r.integer("p2p.framesPerSecond", 5_000, 1, 10_000_000),
        r.integer("p2p.bytesPerSecond", 32 << 20, 1024, Integer.MAX_VALUE / 2),
        r.integer("p2p.banThreshold", 100, 1, 1_000_000),
        r.integer("p2p.banSeconds", 3_600, 1, 365 * 24 * 3600),
        r.integer("p2p.writeQueueBytes", 8 << 20, 64 << 10, 1 << 30),
        r.integer("p2p.slowPeerTimeoutMs", 30_000, 100, 3_600_000),
        r.integer("p2p.reconnectBaseMs", 1_000, 10, 600_000),
        r.integer("p2p.reconnectMaxMs", 30_000, 10, 3_600_000),
        r.integer("p2p.maxScoreEntries", 10_000, 1, 10_000_000));
  }
}
