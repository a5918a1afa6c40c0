package dev.meshledger.testnet;

import dev.meshledger.api.TransferJson;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The steady workload: data-block clients and transfer clients, each posting to a random usable
 * node. Every acknowledgement is recorded: a data block answered 201 (its hash at its height),
 * and a transfer once a node reports it included (its block). A 202 on a data block is pending,
 * not acknowledged: its dataHash is kept to see at the end whether it made it in.
 */
final class Workload {
  /** One acknowledged data block; {@code atMs}: when its POST went out, ms since the run began. */
  record DataAck(String hash, long height, String dataHash, long latencyMs, int node, long atMs) {}

  private final Cluster cluster;
  private final NodeHttp http;
  private final List<WalletKey> accounts;
  private final long startNanos;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService pool;
  private final int dataClients;
  final List<DataAck> dataAcks = new CopyOnWriteArrayList<>();
  final Map<String, Long> pendingData = new ConcurrentHashMap<>(); // dataHash -> ms since start
  final Map<String, String> includedTransfers = new ConcurrentHashMap<>(); // transfer id -> block hash
  final AtomicLong failedPosts = new AtomicLong();
  final AtomicLong posts = new AtomicLong();

  Workload(Cluster cluster, NodeHttp http, List<WalletKey> accounts, int dataClients, long startNanos) {
    this.cluster = cluster;
    this.http = http;
    this.accounts = accounts;
    this.dataClients = dataClients;
    this.startNanos = startNanos;
    this.pool = Executors.newFixedThreadPool(dataClients + accounts.size(), r -> {
      Thread t = new Thread(r, "workload");
      t.setDaemon(true);
      return t;
    });
  }

  void start() {
    for (int c = 0; c < dataClients; c++) {
      int client = c;
      pool.submit(() -> dataClient(client));
    }
    for (int c = 0; c < accounts.size(); c++) {
      int client = c;
      pool.submit(() -> transferClient(client));
    }
  }

  void stop() throws InterruptedException {
    stop.set(true);
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }

  private int pickNode(Random random) throws InterruptedException {
    while (!stop.get()) {
      List<Integer> usable = new ArrayList<>();
      for (int i = 0; i < cluster.size(); i++) {
        if (cluster.usable(i)) {
          usable.add(i);
        }
      }
      if (!usable.isEmpty()) {
        return usable.get(random.nextInt(usable.size()));
      }
      Thread.sleep(200);
    }
    return -1;
  }

  private Void dataClient(int client) throws InterruptedException {
    Random random = new Random(client);
    for (long seq = 0; !stop.get(); seq++) {
      int node = pickNode(random);
      if (node < 0) {
        break;
      }
      String data = "testnet client " + client + " item " + seq;
      long t0 = System.nanoTime();
      posts.incrementAndGet();
      NodeHttp.Reply r = http.post(cluster.nodes().get(node).url(), "/api/blocks",
          new JsonObject().put("data", data).encode(), Duration.ofSeconds(10));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (r.status() == 201) {
        JsonObject b = r.json();
        dataAcks.add(new DataAck(b.getString("hash"), b.getLong("height"), b.getString("dataHash"), ms, node,
            (t0 - startNanos) / 1_000_000));
      } else if (r.status() == 202) {
        pendingData.put(r.json().getString("id"), (System.nanoTime() - startNanos) / 1_000_000);
      } else {
        failedPosts.incrementAndGet();
      }
      Thread.sleep(200 + random.nextInt(300));
    }
    return null;
  }

  /** One account's transfers in nonce order: each is offered until a node reports it included. */
  private Void transferClient(int client) throws InterruptedException {
    Random random = new Random(1000 + client);
    WalletKey from = accounts.get(client);
    for (long nonce = 0; !stop.get(); nonce++) {
      WalletKey to = accounts.get((client + 1 + random.nextInt(accounts.size() - 1)) % accounts.size());
      Transfer t = from.transfer(Cluster.CHAIN_ID, to.account(), 1 + random.nextInt(1000), 1, nonce);
      String id = t.id().toHex();
      String body = TransferJson.of(t).encode();
      while (!stop.get() && !includedTransfers.containsKey(id)) {
        int node = pickNode(random);
        if (node < 0) {
          return null;
        }
        String base = cluster.nodes().get(node).url();
        posts.incrementAndGet();
        NodeHttp.Reply r = http.post(base, "/api/transactions", body, Duration.ofSeconds(5));
        if (r.status() == 0) {
          failedPosts.incrementAndGet();
          continue;
        }
        awaitIncluded(base, id, Duration.ofSeconds(20));
      }
      Thread.sleep(100 + random.nextInt(400));
    }
    return null;
  }

  private void awaitIncluded(String base, String id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stop.get() && System.nanoTime() < deadline) {
      NodeHttp.Reply r = http.get(base, "/api/transactions/" + id, Duration.ofSeconds(3));
      if (r.status() == 200) {
        JsonObject o = r.json();
        if ("included".equals(o.getString("status")) && o.getString("blockHash") != null) {
          includedTransfers.put(id, o.getString("blockHash"));
          return;
        }
      } else if (r.status() == 0) {
        return; // the node went away: offer it elsewhere
      }
      Thread.sleep(500);
    }
  }
}
