package dev.meshledger.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Block creation through the API: {@code PostClient URL CLIENTS SECONDS} runs CLIENTS threads,
 * each POSTing {@code {"data": ...}} one at a time (the next after the 201), a warm-up second
 * first, then counts 201s for SECONDS. Prints one JSON object.
 */
public final class PostClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private PostClient() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int clients = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[2]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    run(http, uri, clients, 1.0, new long[0][]); // warm-up: JIT, connections
    long[][] lat = new long[clients][];
    long started = System.nanoTime();
    long[] counts = run(http, uri, clients, seconds, lat);
    double s = (System.nanoTime() - started) / 1e9;
    long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("{\"clients\": %d, \"seconds\": %.2f, \"created\": %d, \"errors\": %d, \"blocksPerSec\": %.1f,"
        + " \"p50Ms\": %.3f, \"p99Ms\": %.3f}%n", clients, s, counts[0], counts[1], counts[0] / s,
        pct(all, 0.50) / 1e6, pct(all, 0.99) / 1e6);
  }

  /** Returns {created, errors}; fills lat[i] with client i's latencies (ns) when lat has room. */
  private static long[] run(HttpClient http, URI uri, int clients, double seconds, long[][] lat) throws InterruptedException {
    AtomicLong created = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      Thread t = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        long seq = 0;
        // bounded by the deadline; each request by its own timeout
        while (System.nanoTime() < end) {
          HttpRequest req = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"bench client " + id + " block " + (seq++) + "\"}"))
              .build();
          long t0 = System.nanoTime();
          try {
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 201) {
              created.incrementAndGet();
              if (n == mine.length) {
                mine = Arrays.copyOf(mine, n * 2);
              }
              mine[n++] = System.nanoTime() - t0;
            } else {
              errors.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
        }
        if (id < lat.length) {
          lat[id] = Arrays.copyOf(mine, n);
        }
      }, "post-client-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new long[] {created.get(), errors.get()};
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
