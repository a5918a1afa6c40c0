package dev.meshledger.testnet;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TCP relays in front of the nodes' P2P ports, in the runner's JVM (no root needed): each one
 * listens on another loopback address (127.0.0.2) at the node's port and forwards the bytes both
 * ways to the node (127.0.0.1). Normally a chunk goes on at once. While {@link #impair impaired}
 * every chunk is held for the latency plus jitter, and a "lost" one (TCP loses no bytes) for a
 * retransmission timeout more; chunks of one direction are released in arrival order, never
 * reordered. {@code impair(null)} heals (what is queued still goes out in order).
 */
final class Relay implements AutoCloseable {
  static final long RTO_MS = 200;

  /** A latency perturbation: delay per chunk, jitter up to a fifth of it, loss in percent. */
  record Impairment(long latencyMs, double lossPercent) {
    long jitterMs() {
      return latencyMs / 5;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
      .setConnectTimeout(5000));
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final Random random;
  private final long startNanos = System.nanoTime();
  private volatile Impairment impairment;
  final AtomicLong connections = new AtomicLong();
  final AtomicLong delayedChunks = new AtomicLong();
  final AtomicLong lostChunks = new AtomicLong();

  Relay(long seed) {
    this.random = new Random(seed);
  }

  /**
   * How long a chunk is held; pure. Unimpaired ({@code imp} null): 0. Impaired: the latency plus
   * a jitter in [0, latency/5], plus {@link #RTO_MS} with probability lossPercent/100.
   */
  static long delay(Impairment imp, Random rnd) {
    if (imp == null) {
      return 0;
    }
    long d = imp.latencyMs() + (imp.jitterMs() > 0 ? (long) (rnd.nextDouble() * (imp.jitterMs() + 1)) : 0);
    return rnd.nextDouble() * 100 < imp.lossPercent() ? d + RTO_MS : d;
  }

  /**
   * When a chunk arriving at {@code arrivalMs} and held {@code delayMs} goes on; pure: never
   * before {@code lastReleaseMs}, the release of the chunk ahead of it in the same direction, so
   * the order is kept.
   */
  static long release(long arrivalMs, long lastReleaseMs, long delayMs) {
    return Math.max(arrivalMs + delayMs, lastReleaseMs);
  }

  /** Listens on host:port and relays every connection to targetHost:targetPort. */
  void listen(String host, int port, String targetHost, int targetPort) throws IOException {
    NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    server.connectHandler(in -> accept(in, targetHost, targetPort));
    await(server.listen(port, host), "relay on " + host + ":" + port);
  }

  /** Delays every chunk from now on as {@code imp} says; null heals (chunks go on at once again). */
  void impair(Impairment imp) {
    impairment = imp;
  }

  private void accept(NetSocket in, String host, int port) {
    in.pause();
    sockets.add(in);
    connections.incrementAndGet();
    client.connect(port, host).onComplete(ar -> {
      if (ar.failed()) {
        sockets.remove(in);
        in.close();
        return;
      }
      NetSocket out = ar.result();
      sockets.add(out);
      new Direction(in, out);
      new Direction(out, in);
      in.resume();
    });
  }

  /** One direction of one connection: the chunks waiting for their release, in arrival order. */
  private final class Direction {
    private record Chunk(long atMs, Buffer data) {}

    private final NetSocket from;
    private final NetSocket to;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private long lastRelease;
    private boolean timerSet;
    private boolean ended;

    Direction(NetSocket from, NetSocket to) {
      this.from = from;
      this.to = to;
      from.handler(this::onData);
      from.closeHandler(v -> onEnd());
      from.exceptionHandler(e -> from.close()); // a reset by a killed node: the close ends the other side too
    }

    private synchronized void onData(Buffer b) {
      long now = (System.nanoTime() - startNanos) / 1_000_000;
      Impairment imp = impairment;
      if (imp == null && queue.isEmpty()) {
        write(b);
        return;
      }
      long d = delay(imp, random);
      long at = release(now, lastRelease, d);
      delayedChunks.addAndGet(imp == null ? 0 : 1);
      lostChunks.addAndGet(imp != null && d > imp.latencyMs() + imp.jitterMs() ? 1 : 0);
      lastRelease = at;
      queue.add(new Chunk(at, b));
      schedule(now);
    }

    private synchronized void flush() {
      timerSet = false;
      long now = (System.nanoTime() - startNanos) / 1_000_000;
      while (!queue.isEmpty() && queue.peek().atMs() <= now) {
        write(queue.poll().data());
      }
      if (queue.isEmpty() && ended) {
        close();
      }
      schedule(now);
    }

    private void schedule(long now) {
      if (!timerSet && !queue.isEmpty()) {
        timerSet = true;
        vertx.setTimer(Math.max(1, queue.peek().atMs() - now), id -> flush());
      }
    }

    private void write(Buffer b) {
      to.write(b);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    }

    private synchronized void onEnd() {
      ended = true;
      if (queue.isEmpty()) {
        close();
      }
    }

    private void close() {
      sockets.removeAll(List.of(from, to));
      to.close();
    }
  }

  /** Closes every relayed connection, then the relay's Vert.x (its listeners and client with it). */
  @Override
  public void close() {
    sockets.forEach(NetSocket::close);
    try {
      await(vertx.close(), "closing the relays");
    } catch (IOException e) {
      // the runner is ending anyway; its JVM takes the relays with it
    }
  }

  private static <T> T await(Future<T> f, String what) throws IOException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(what + ": " + (e.getCause() != null ? e.getCause().getMessage() : e), e);
    }
  }
}
