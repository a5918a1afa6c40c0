package dev.meshledger.testnet;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Looks at every node twice a second ({@code /api/status}) and keeps the {@link Sample}s; every
 * few seconds also keeps each node's {@code /metrics} text, per process (a restarted node starts
 * its counters afresh, so the last text of each process is what the report sums).
 */
final class Monitor {
  private final Cluster cluster;
  private final NodeHttp http;
  private final long startNanos;
  private final ExecutorService pool;
  private volatile boolean running = true;
  private Thread thread;
  final List<Sample> samples = new CopyOnWriteArrayList<>();
  final Map<Long, String> metricsByPid = new ConcurrentHashMap<>();

  Monitor(Cluster cluster, NodeHttp http, long startNanos) {
    this.cluster = cluster;
    this.http = http;
    this.startNanos = startNanos;
    this.pool = Executors.newFixedThreadPool(cluster.size(), r -> {
      Thread t = new Thread(r, "monitor");
      t.setDaemon(true);
      return t;
    });
  }

  long nowMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  void start() {
    thread = new Thread(this::loop, "monitor-loop");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long round = 0;
    while (running) {
      long t0 = System.nanoTime();
      sample();
      if (round++ % 10 == 0) {
        collectMetrics();
      }
      long sleep = 500 - (System.nanoTime() - t0) / 1_000_000;
      try {
        Thread.sleep(Math.max(50, sleep));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Takes one sample now (also called by the runner while it waits). */
  Sample sample() {
    int n = cluster.size();
    long[] heights = new long[n];
    long[] finalized = new long[n];
    String[] tips = new String[n];
    long t = nowMs();
    CompletableFuture<?>[] all = new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      int node = i;
      all[i] = CompletableFuture.runAsync(() -> {
        heights[node] = -1;
        finalized[node] = -1;
        if (!cluster.usable(node)) {
          return;
        }
        NodeHttp.Reply r = http.get(cluster.nodes().get(node).url(), "/api/status", Duration.ofSeconds(2));
        if (r.status() == 200) {
          JsonObject s = r.json();
          heights[node] = s.getLong("height", -1L);
          tips[node] = s.getString("tip");
          finalized[node] = s.getLong("finalizedHeight", heights[node]);
        }
      }, pool);
    }
    CompletableFuture.allOf(all).join();
    Sample s = new Sample(t, heights, tips, finalized);
    samples.add(s);
    return s;
  }

  /** Keeps the /metrics text of every usable node, by its process id. */
  void collectMetrics() {
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.usable(i)) {
        NodeHttp.Reply r = http.get(cluster.nodes().get(i).url(), "/metrics", Duration.ofSeconds(3));
        if (r.status() == 200) {
          metricsByPid.put(cluster.pid(i), r.body());
        }
      }
    }
  }

  /** The /metrics text of every process, read now (a node that does not answer: its last text). */
  Map<Long, String> snapshotMetrics() {
    collectMetrics();
    return Map.copyOf(metricsByPid);
  }

  /** Stops the twice-a-second loop; {@link #sample} still works until {@link #close}. */
  void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join(5000);
    }
  }

  void close() throws InterruptedException {
    stop();
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }
}
