package dev.meshledger.metrics;

import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.sync.SyncProgress;
import dev.meshledger.crypto.Ed25519;
import dev.meshledger.domain.pow.Work;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's own {@code meshledger_*} meters, in the same registry as Vert.x's series. One per
 * Vertx (one node), found with {@link #of(Vertx)} from any verticle, so the P2P layer counts
 * its traffic with {@code NodeMetrics.of(vertx).messageIn(type, bytes)} and needs no wiring.
 * Thread-safe: Micrometer meters are, and the gauges read atomics.
 *
 * <p>Fed two ways: from the bus events ({@link MetricsVerticle}: blocks added, reorgs, peers,
 * bans, sync progress), and by direct calls where there is no event: messages and bytes on
 * the wire (P2P layer) and rejected blocks (ChainVerticle counts every rejection, so callers
 * that get a {@code Rejected} reply must not count it again).
 */
public final class NodeMetrics {
  private static final Map<Vertx, NodeMetrics> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());

  /** Propagation delay buckets: loopback peers in ms, real networks in seconds. */
  private static final Duration[] DELAY_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  private static final String AUDITS_HELP = "Whole-chain audits run (GET /api/chain/validate, peers' validation requests)";

  private final MeterRegistry registry;
  private final AtomicLong height = new AtomicLong();
  private volatile double totalWork;
  private final AtomicLong inbound = new AtomicLong();
  private final AtomicLong outbound = new AtomicLong();
  private final AtomicReference<SyncProgress> sync = new AtomicReference<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final AtomicLong mempoolCount = new AtomicLong();
  private final AtomicLong mempoolBytes = new AtomicLong();
  private final DistributionSummary blockTransfers;
  private final Timer propagation;
  private final DistributionSummary reorgDepth;
  private final AtomicLong round = new AtomicLong();
  private final DistributionSummary commitRound;

  NodeMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("meshledger.chain.height", height, AtomicLong::get)
        .description("Height of the best chain's tip").register(registry);
    Gauge.builder("meshledger.chain.total.work", this, m -> m.totalWork)
        .description("Cumulative proof of work of the best chain (expected hashes; a double: exact to 2^53)").register(registry);
    Gauge.builder("meshledger.peers", inbound, AtomicLong::get).tag("direction", "inbound")
        .description("Connected peers").register(registry);
    Gauge.builder("meshledger.peers", outbound, AtomicLong::get).tag("direction", "outbound")
        .description("Connected peers").register(registry);
    Gauge.builder("meshledger.sync.syncing", sync, s -> s.get() != null && s.get().syncing() ? 1 : 0)
        .description("1 while the node is catching up with its peers").register(registry);
    Gauge.builder("meshledger.sync.target.height", sync, s -> s.get() == null ? 0 : s.get().targetHeight())
        .description("Best height the peers announced, while syncing").register(registry);
    Gauge.builder("meshledger.sync.progress", sync, NodeMetrics::progressRatio)
        .description("Sync progress, 0..1 (1 when caught up)").register(registry);
    propagation = Timer.builder("meshledger.block.propagation.delay")
        .description("From the block's timestamp to its being stored here, for blocks another node made (gossip, or BFT decisions on another validator's proposal)")
        .serviceLevelObjectives(DELAY_BUCKETS)
        .register(registry);
    reorgDepth = DistributionSummary.builder("meshledger.reorg.depth")
        .description("Blocks that left the best chain in one reorg").register(registry);
    Gauge.builder("meshledger.mempool.transfers", mempoolCount, AtomicLong::get)
        .description("Transfers waiting in the mempool").register(registry);
    Gauge.builder("meshledger.mempool.bytes", mempoolBytes, AtomicLong::get)
        .description("Encoded bytes of the transfers waiting in the mempool").register(registry);
    blockTransfers = DistributionSummary.builder("meshledger.block.transfers")
        .description("Transfers per block added").register(registry);
    Gauge.builder("meshledger.consensus.round", round, AtomicLong::get)
        .description("BFT: the round this node is voting in at the current height (0 when all goes well)")
        .register(registry);
    commitRound = DistributionSummary.builder("meshledger.consensus.commit.round")
        .description("BFT: the round in which each block this node decided was committed").register(registry);
    // the process's cache (crypto.VerifiedSignatures): nodes sharing a JVM (tests) read the same figures
    for (boolean hit : new boolean[] {true, false}) {
      FunctionCounter.builder("meshledger.signature.checks", Ed25519.cache(), c -> hit ? c.hits() : c.misses())
          .tag("result", hit ? "cached" : "verified")
          .description("Ed25519 signature checks: answered by the verified-signature cache, or verified (Ed25519)")
          .register(registry);
    }
    Gauge.builder("meshledger.signature.cache.entries", Ed25519.cache(), c -> c.size())
        .description("Verified signatures remembered (verify.signatureCacheEntries bounds them)").register(registry);
    // Present from the start, so a dashboard shows 0 rather than no data.
    counter("meshledger.reorgs", "Reorgs of the best chain");
    counter("meshledger.chain.audits", AUDITS_HELP);
  }

  /** The meters of this Vertx's node: bound by {@link MetricsSetup}, else a registry of its own. */
  public static NodeMetrics of(Vertx vertx) {
    return BY_VERTX.computeIfAbsent(vertx, v -> new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
  }

  /** Uses {@code registry} for this Vertx's node (call before the node starts). */
  public static NodeMetrics bind(Vertx vertx, MeterRegistry registry) {
    NodeMetrics m = new NodeMetrics(registry);
    BY_VERTX.put(vertx, m);
    return m;
  }

  public MeterRegistry registry() {
    return registry;
  }

  // ---- called by the P2P layer, once per frame ----

  /** A frame received: {@code type} is the MessageType name (HELLO, BLOCK ...), {@code bytes} its size on the wire. */
  public void messageIn(String type, long bytes) {
    traffic("in", type, bytes);
  }

  public void messageOut(String type, long bytes) {
    traffic("out", type, bytes);
  }

  private void traffic(String direction, String type, long bytes) {
    counter("meshledger.messages", "Peer-to-peer messages", "direction", direction, "type", type).increment();
    counter("meshledger.message.bytes", "Peer-to-peer bytes, frame headers included", "direction", direction,
        "type", type).increment(bytes);
  }

  /**
   * A compact block received: {@code rebuilt} from the mempool alone, {@code fetched} its missing
   * transfers by GETBLOCKTXN, or {@code fallback} to the whole block (short-id collision, wrong root).
   */
  public void compactRelay(String outcome) {
    counter("meshledger.compact.blocks", "Compact blocks received, by how they were completed", "outcome", outcome)
        .increment();
  }

  /** A block the chain refused, by its Rejection name (UNKNOWN_PARENT, BAD_POW ...). */
  public void blockRejected(String reason) {
    counter("meshledger.blocks.rejected", "Blocks refused by validation", "reason", reason).increment();
  }

  /** A whole-chain audit started (callers that share one in flight are not counted again). */
  public void chainAudit() {
    counter("meshledger.chain.audits", AUDITS_HELP).increment();
  }

  // ---- called by the chain's ledger ----

  /** A transfer offered to the mempool: {@code outcome} is ACCEPTED, or the refusal's code. */
  public void transferSubmitted(String outcome, boolean fromPeer) {
    counter("meshledger.transfers.submitted", "Transfers offered to the mempool, by outcome", "outcome", outcome,
        "source", fromPeer ? "peer" : "api").increment();
  }

  public void mempool(long count, long bytes) {
    mempoolCount.set(count);
    mempoolBytes.set(bytes);
  }

  /** BFT: the round the node is in now. */
  public void consensusRound(int r) {
    round.set(r);
  }

  /** BFT: a block this node decided, and the round its commit came from. */
  public void decided(int commitRoundNumber) {
    commitRound.record(commitRoundNumber);
  }

  /** BFT: a validator signed two different votes, or a proposer two proposals ({@code kind}). */
  public void evidence(String kind) {
    counter("meshledger.consensus.evidence", "BFT: misbehaviour seen, by kind", "kind", kind).increment();
  }

  public void blockTransfers(int count) {
    blockTransfers.record(count);
  }

  // ---- fed from bus events by MetricsVerticle ----

  public void chainHead(long tipHeight, Work work) {
    height.set(tipHeight);
    totalWork = work.value().doubleValue();
  }

  /**
   * @param source where the block came from; only its kind is a label (peer ids would explode them)
   * @param delayMillis stored-at minus the block's timestamp
   * @param othersBlock another node made it: under BFT a validator stores the blocks it decided as its
   *     own ({@code local}) although most were proposed elsewhere, and they reach it by the proposal
   */
  public void blockAdded(BlockSource source, long delayMillis, int count, boolean othersBlock) {
    String kind = source.kind();
    counter("meshledger.blocks.added", "Blocks stored, by where they came from", "source", kind).increment(count);
    // Blocks fetched by sync are old: their age says nothing about propagation.
    if ("peer".equals(kind) || ("local".equals(kind) && othersBlock)) {
      propagation.record(Duration.ofMillis(Math.max(0, delayMillis)));
    }
  }

  public void reorg(long depth) {
    counter("meshledger.reorgs", "Reorgs of the best chain").increment();
    reorgDepth.record(depth);
  }

  public void peers(long inboundCount, long outboundCount) {
    inbound.set(inboundCount);
    outbound.set(outboundCount);
  }

  public void peerBanned(String reason) {
    counter("meshledger.peer.bans", "Peers banned", "reason", reason == null ? "UNKNOWN" : reason).increment();
  }

  public void syncProgress(SyncProgress progress) {
    sync.set(progress);
  }

  private static double progressRatio(AtomicReference<SyncProgress> ref) {
    SyncProgress p = ref.get();
    if (p == null || !p.syncing() || p.targetHeight() <= 0) {
      return 1.0;
    }
    return Math.min(1.0, (double) p.height() / p.targetHeight());
  }

  private Counter counter(String name, String description, String... tags) {
    String key = name + String.join("\u0000", tags);
    return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
