package dev.meshledger.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Block relay over a simulated network, one block at a time (blocks are assumed further apart than
 * a block takes to cross the network, so they do not compete for uplinks).
 *
 * <p>Each node follows the relay rule of {@code dev.meshledger.gossip.Gossip}: a block is checked
 * (the per-hop delay) before it is passed on; it is passed on once, to every peer not known to have
 * it, where "known" means the peer sent us the block or an announce of it before we relayed (the
 * seen cache's holders). Policies differ only in what is sent: the whole block, an announce answered
 * by a request, both (whole to sqrt(degree) peers), or a compact block.
 *
 * <p>Network: a message leaves once the sender's uplink is free (bandwidth serialises a node's
 * sends, in order), travels the link's latency, and is lost with probability {@code loss}. A lost
 * request is retried from another announcer after the request timeout.
 */
public final class PropagationSim {
  public enum Policy {
    PUSH("push", "full push: the whole block to every peer not known to have it (the node today, blocks <= 16 KiB)"),
    ANNOUNCE("announce", "announce + request: BLOCK_ANNOUNCE to every peer, the block to those that ask (the node today, blocks > 16 KiB)"),
    SQRT("sqrt", "the whole block to sqrt(degree) random peers, an announce to the others"),
    COMPACT("compact", "compact block (header + 6-byte short ids) to every peer; missing transfers fetched in one round trip");

    public final String id;
    public final String description;

    Policy(String id, String description) {
      this.id = id;
      this.description = description;
    }

    public static Policy of(String id) {
      for (Policy p : values()) {
        if (p.id.equals(id)) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown policy '" + id + "' (push, announce, sqrt, compact)");
    }
  }

  /** The simulated network and blocks. Times in microseconds. */
  public record Config(int nodes, int blocks, long seed, double loss, double bandwidthBitsPerSec, long hopUs,
      long requestTimeoutUs, double mempoolMiss) {}

  /** What one policy did over all blocks. Times in milliseconds. */
  public record Result(Policy policy, double p50, double p95, double p99, double max, double bytesPerNodePerBlock,
      long duplicates, double duplicatesPerNodePerBlock, long messages, long unreached, double meanHops, int maxHops) {}

  private static final int BODY = 0;
  private static final int ANNOUNCE = 1;
  private static final int REQUEST = 2;
  private static final int COMPACT = 3;
  private static final int GETTXN = 4;
  private static final int TXN = 5;
  private static final int VALIDATED = 6;
  private static final int TIMEOUT = 7;

  private final Topology topo;
  private final Blocks blocks;
  private final Config cfg;
  private final Policy policy;
  private final SplittableRandom rnd;
  private final EventQueue q = new EventQueue();
  private final double usPerByte;
  private final double[] missCdf;

  private final boolean[] got;
  private final boolean[] have;
  private final boolean[] pending;
  private final int[] attempts;
  private final int[] hop;
  private final long[] haveTime;
  private final long[] uplinkFree;
  private final boolean[] known;
  private final boolean[] asked;
  private final int[] scratch;

  private long bytes;
  private long messages;
  private long duplicates;

  public PropagationSim(Topology topo, Blocks blocks, Config cfg, Policy policy) {
    this.topo = topo;
    this.blocks = blocks;
    this.cfg = cfg;
    this.policy = policy;
    this.rnd = new SplittableRandom(cfg.seed() * 1_000_003L + 17 + policy.ordinal());
    this.usPerByte = 8e6 / cfg.bandwidthBitsPerSec();
    this.missCdf = binomialCdf(blocks.txs, cfg.mempoolMiss());
    int n = topo.n;
    got = new boolean[n];
    have = new boolean[n];
    pending = new boolean[n];
    attempts = new int[n];
    hop = new int[n];
    haveTime = new long[n];
    uplinkFree = new long[n];
    known = new boolean[topo.adj.length];
    asked = new boolean[topo.adj.length];
    int maxDeg = 0;
    for (int i = 0; i < n; i++) {
      maxDeg = Math.max(maxDeg, topo.degree(i));
    }
    scratch = new int[maxDeg];
  }

  /** Runs every block from its origin (origins[b]) and summarises. */
  public Result run(int[] origins) {
    int n = topo.n;
    long[] times = new long[(long) origins.length * (n - 1) > Integer.MAX_VALUE ? 0 : origins.length * (n - 1)];
    int count = 0;
    long unreached = 0;
    long hopSum = 0;
    int maxHops = 0;
    for (int origin : origins) {
      runBlock(origin);
      for (int v = 0; v < n; v++) {
        if (v == origin) {
          continue;
        }
        if (have[v]) {
          times[count++] = haveTime[v];
          hopSum += hop[v];
          maxHops = Math.max(maxHops, hop[v]);
        } else {
          unreached++;
        }
      }
    }
    long[] sorted = Arrays.copyOf(times, count);
    Arrays.sort(sorted);
    double nb = (double) n * origins.length;
    return new Result(policy, ms(pct(sorted, 0.50)), ms(pct(sorted, 0.95)), ms(pct(sorted, 0.99)),
        ms(count == 0 ? 0 : sorted[count - 1]), round(bytes / nb, 1), duplicates, round(duplicates / nb, 4), messages,
        unreached, round(count == 0 ? 0 : (double) hopSum / count, 3), maxHops);
  }

  /** One block from {@code origin}; afterwards have/haveTime/hop hold each node's outcome. */
  public void runBlock(int origin) {
    Arrays.fill(got, false);
    Arrays.fill(have, false);
    Arrays.fill(pending, false);
    Arrays.fill(attempts, 0);
    Arrays.fill(hop, 0);
    Arrays.fill(haveTime, -1);
    Arrays.fill(uplinkFree, 0);
    Arrays.fill(known, false);
    Arrays.fill(asked, false);
    q.clear();
    got[origin] = true;
    have[origin] = true;
    haveTime[origin] = 0;
    relay(origin, 0);
    while (!q.isEmpty()) {
      q.pop();
      long t = q.t;
      int v = q.n;
      int e = q.e;
      switch (q.k) {
        case BODY -> {
          known[e] = true;
          if (got[v]) {
            duplicates++;
          } else {
            receive(v, e, t);
          }
        }
        case ANNOUNCE -> {
          known[e] = true;
          if (!got[v] && !pending[v]) {
            request(v, e, t);
          }
        }
        case REQUEST -> send(v, e, BODY, blocks.responseFrame, 0, t);
        case COMPACT -> {
          known[e] = true;
          if (got[v] || pending[v]) {
            duplicates++;
          } else {
            int missing = missing();
            if (missing == 0) {
              receive(v, e, t);
            } else {
              pending[v] = true;
              asked[e] = true;
              send(v, e, GETTXN, 5 + 32 + 4 + 2 * missing, missing, t);
              q.push(t + cfg.requestTimeoutUs(), v, -1, TIMEOUT, ++attempts[v]);
            }
          }
        }
        case GETTXN -> send(v, e, TXN, 5 + 32 + 4 + q.a * blocks.txBytes, 0, t);
        case TXN -> {
          if (!got[v]) {
            receive(v, e, t);
          }
        }
        case VALIDATED -> {
          have[v] = true;
          haveTime[v] = t;
          relay(v, t);
        }
        case TIMEOUT -> {
          if (!got[v] && attempts[v] == q.a) {
            retry(v, t);
          }
        }
        default -> throw new IllegalStateException("event kind " + q.k);
      }
    }
  }

  private void receive(int v, int e, long t) {
    got[v] = true;
    hop[v] = hop[topo.adj[e]] + 1;
    q.push(t + cfg.hopUs(), v, -1, VALIDATED, 0);
  }

  private void request(int v, int e, long t) {
    pending[v] = true;
    asked[e] = true;
    send(v, e, REQUEST, blocks.requestFrame, 0, t);
    q.push(t + cfg.requestTimeoutUs(), v, -1, TIMEOUT, ++attempts[v]);
  }

  /** The request (or the compact block's missing transfers) timed out: ask the next peer known to have it, whole. */
  private void retry(int v, long t) {
    int from = topo.off[v];
    int to = topo.off[v + 1];
    for (int round = 0; round < 2; round++) {
      for (int e = from; e < to; e++) {
        if (known[e] && !asked[e]) {
          request(v, e, t);
          return;
        }
      }
      for (int e = from; e < to; e++) {
        asked[e] = false; // every announcer asked once: start over, as a sync would be retried
      }
    }
    pending[v] = false;
  }

  private void relay(int v, long t) {
    int from = topo.off[v];
    int to = topo.off[v + 1];
    int k = 0;
    for (int e = from; e < to; e++) {
      if (!known[e]) {
        scratch[k++] = e;
      }
    }
    int pushes = switch (policy) {
      case PUSH -> k;
      case ANNOUNCE, COMPACT -> 0;
      case SQRT -> Math.min(k, (int) Math.ceil(Math.sqrt(to - from)));
    };
    if (policy == Policy.SQRT) {
      for (int i = 0; i < pushes; i++) { // a random choice of the pushed peers, the others announced
        int j = i + rnd.nextInt(k - i);
        int x = scratch[i];
        scratch[i] = scratch[j];
        scratch[j] = x;
      }
    }
    for (int i = 0; i < k; i++) {
      int e = scratch[i];
      known[e] = true;
      if (i < pushes) {
        send(v, e, BODY, blocks.blockFrame, 0, t);
      } else if (policy == Policy.COMPACT) {
        send(v, e, COMPACT, blocks.compactFrame, 0, t);
      } else {
        send(v, e, ANNOUNCE, blocks.announceFrame, 0, t);
      }
    }
  }

  /** From u over its link e: the uplink serialises, then latency, then maybe lost. */
  private void send(int u, int e, int kind, int size, int aux, long t) {
    long start = Math.max(t, uplinkFree[u]);
    long end = start + Math.round(size * usPerByte);
    uplinkFree[u] = end;
    bytes += size;
    messages++;
    if (cfg.loss() > 0 && rnd.nextDouble() < cfg.loss()) {
      return;
    }
    q.push(end + topo.latencyUs[e], topo.adj[e], topo.rev[e], kind, aux);
  }

  private int missing() {
    if (missCdf.length <= 1) {
      return 0;
    }
    double u = rnd.nextDouble();
    int i = Arrays.binarySearch(missCdf, u);
    return Math.min(missCdf.length - 1, i >= 0 ? i : -i - 1);
  }

  /** cdf[m] = P(X <= m), X ~ Binomial(n, p): one draw per compact block instead of one per transfer. */
  static double[] binomialCdf(int n, double p) {
    if (n == 0 || p <= 0) {
      return new double[] {1};
    }
    double[] cdf = new double[n + 1];
    double pm = Math.pow(1 - p, n);
    double acc = 0;
    for (int m = 0; m <= n; m++) {
      acc += pm;
      cdf[m] = acc;
      pm = pm * (n - m) / (m + 1) * p / (1 - p);
    }
    cdf[n] = 1;
    return cdf;
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long us) {
    return round(us / 1000.0, 3);
  }

  static double round(double x, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(x * f) / f;
  }

  public int[] hops() {
    return hop.clone();
  }

  public boolean[] reached() {
    return have.clone();
  }

  public long duplicates() {
    return duplicates;
  }

  public long bytes() {
    return bytes;
  }

  public long messages() {
    return messages;
  }
}
