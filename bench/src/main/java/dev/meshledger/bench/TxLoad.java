package dev.meshledger.bench;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.MessageType;
import dev.meshledger.wire.WireCodec;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Transfer load on one node through its HTTP API.
 *
 * <pre>
 * TxLoad spec FILE ACCOUNTS CHAIN_ID BITS        a pow spec funding the first ACCOUNTS bench wallets (reward 50)
 * TxLoad load URL ACCOUNTS CLIENTS WARMUP_S SECONDS PER_ACCOUNT CHAIN_ID NODE_PID
 * TxLoad bodies FILE ACCOUNTS PER_ACCOUNT CHAIN_ID FIRST THREADS   pre-signed bodies for bench/tx.lua (wrk),
 *                                                 one a line, round-major, accounts FIRST..FIRST+ACCOUNTS-1,
 *                                                 in FILE.0 .. FILE.(THREADS-1): thread t's accounts are i % THREADS == t
 * TxLoad count URL H0 H1                          transfers in the blocks of heights (H0, H1]
 * TxLoad wire CHAIN_ID TXS                        bytes of one transfer: canonical encoding, share of a
 *                                                 BLOCK frame of TXS transfers, and the transaction frames
 *                                                 of wire.MessageType if this version has any
 * </pre>
 *
 * {@code load} signs PER_ACCOUNT transfers for each account (nonces 0.., amount 1, fee 1, to the
 * next account) before anything is timed, then CLIENTS threads, each with its own
 * {@link HttpClient} (one HTTP/1.1 connection) and its own ACCOUNTS/CLIENTS accounts, POST them to
 * /api/transactions one at a time, round by round (nonce k of each of its accounts, then k+1). A
 * refusal that only says "later" (MEMPOOL_FULL, NONCE_TOO_HIGH, ACCOUNT_LIMIT) is retried after
 * 2 ms, so the clients never run ahead of what the node includes by more than its pool holds.
 * After WARMUP_S the window opens: the chain height and the 202 count are read, again after
 * SECONDS; the transfers included in the blocks between the two heights (their {@code txCount})
 * divided by the seconds is the inclusion rate. The CPU the harness and the node used in the window
 * is reported beside it (the node's from /proc/NODE_PID/stat), since they share the cores.
 * Prints one JSON object.
 */
public final class TxLoad {
  private static final List<String> LATER = List.of("MEMPOOL_FULL", "NONCE_TOO_HIGH", "ACCOUNT_LIMIT");

  private TxLoad() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "spec" -> BenchWallets.writeSpec(Path.of(args[1]), args[3], Integer.parseInt(args[4]), Integer.parseInt(args[2]), 50);
      case "bodies" -> bodies(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4],
          Integer.parseInt(args[5]), Integer.parseInt(args[6]));
      case "count" -> {
        long[] c = count(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), args[1],
            Long.parseLong(args[2]), Long.parseLong(args[3]));
        System.out.println(new JsonObject().put("blocks", c[0]).put("included", c[1]).put("maxInBlock", c[2]).encode());
      }
      case "wire" -> wire(args[1], Integer.parseInt(args[2]));
      case "load" -> load(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]),
          Double.parseDouble(args[5]), Integer.parseInt(args[6]), args[7], Long.parseLong(args[8]));
      default -> throw new IllegalArgumentException("usage: TxLoad spec FILE ACCOUNTS CHAIN_ID BITS | "
          + "load URL ACCOUNTS CLIENTS WARMUP_S SECONDS PER_ACCOUNT CHAIN_ID NODE_PID");
    }
  }

  static void load(String base, int accounts, int clients, double warmup, double seconds, int perAccount, String chainId,
      long nodePid) throws Exception {
    // ---- before the clock: keys, signatures, request bodies ----
    long s0 = System.nanoTime();
    WalletKey[] wallets = BenchWallets.wallets(accounts);
    byte[][][] bodies = new byte[accounts][][];
    IntStream.range(0, accounts).parallel().forEach(a -> {
      byte[][] mine = new byte[perAccount][];
      for (int n = 0; n < perAccount; n++) {
        Transfer t = wallets[a].transfer(chainId, wallets[(a + 1) % accounts].account(), 1, 1, n);
        mine[n] = BenchWallets.json(t).getBytes(StandardCharsets.UTF_8);
      }
      bodies[a] = mine;
    });
    double signSeconds = (System.nanoTime() - s0) / 1e9;
    HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> check = probe.send(HttpRequest.newBuilder(URI.create(base + "/api/accounts/" + wallets[0].account().toHex()))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    if (check.statusCode() != 200) {
      throw new IllegalStateException("GET /api/accounts/{id} answered " + check.statusCode() + ": the node has no ledger API");
    }

    // ---- the load ----
    LongAdder accepted = new LongAdder();
    Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean inWindow = new AtomicBoolean();
    AtomicBoolean exhausted = new AtomicBoolean();
    List<long[]> latencies = new ArrayList<>();
    int[] latencyCounts = new int[clients];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      long[] lat = new long[200_000];
      latencies.add(lat);
      Thread th = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(base + "/api/transactions");
        int[] mine = IntStream.range(0, accounts).filter(a -> a % clients == client).toArray();
        try {
          for (int n = 0; n < perAccount && !stop.get(); n++) {
            for (int a : mine) {
              while (!stop.get()) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[a][n])).build(), HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - t0;
                if (r.statusCode() == 202 || r.statusCode() == 200) {
                  accepted.increment();
                  if (inWindow.get() && latencyCounts[client] < lat.length) {
                    lat[latencyCounts[client]++] = took;
                  }
                  break;
                }
                String code = codeOf(r);
                refused.computeIfAbsent(r.statusCode() + " " + code, k -> new LongAdder()).increment();
                if (!LATER.contains(code)) {
                  break; // not worth retrying: counted, skipped
                }
                Thread.sleep(2);
              }
              if (stop.get()) {
                return;
              }
            }
          }
          exhausted.set(true);
        } catch (IOException | InterruptedException e) {
          refused.computeIfAbsent("io " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }
      }, "txload-" + c);
      th.setDaemon(true);
      threads.add(th);
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long started = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep((long) (warmup * 1000));
    long h0 = height(probe, base);
    long acc0 = accepted.sum();
    long cpu0 = os.getProcessCpuTime();
    long node0 = nodeCpuTicks(nodePid);
    long w0 = System.nanoTime();
    inWindow.set(true);
    Thread.sleep((long) (seconds * 1000));
    long h1 = height(probe, base);
    long acc1 = accepted.sum();
    long w1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    long node1 = nodeCpuTicks(nodePid);
    inWindow.set(false);
    stop.set(true);
    for (Thread th : threads) {
      th.join(10_000);
    }
    double window = (w1 - w0) / 1e9;

    // ---- what the blocks of the window hold ----
    long included = 0;
    long blocks = 0;
    long maxInBlock = 0;
    String counted = "txCount";
    for (long from = h0 + 1; from <= h1; from += 100) {
      int limit = (int) Math.min(100, h1 - from + 1);
      HttpResponse<String> r = probe.send(HttpRequest.newBuilder(URI.create(base + "/api/blocks?from=" + from + "&limit=" + limit))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      JsonArray list = new JsonObject(r.body()).getJsonArray("blocks");
      for (int i = 0; i < list.size(); i++) {
        JsonObject b = list.getJsonObject(i);
        long n;
        if (b.containsKey("txCount")) {
          n = b.getLong("txCount");
        } else if (b.getValue("transactions") instanceof JsonArray txs) {
          n = txs.size();
          counted = "transactions";
        } else {
          throw new IllegalStateException("the block JSON has neither txCount nor transactions: " + b.fieldNames());
        }
        included += n;
        maxInBlock = Math.max(maxInBlock, n);
        blocks++;
      }
    }
    long[] all = new long[Arrays.stream(latencyCounts).sum()];
    int k = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies.get(c), 0, all, k, latencyCounts[c]);
      k += latencyCounts[c];
    }
    Arrays.sort(all);
    JsonObject refusals = new JsonObject();
    refused.forEach((code, n) -> refusals.put(code, n.sum()));
    JsonObject out = new JsonObject()
        .put("clients", clients).put("accounts", accounts).put("presigned", (long) accounts * perAccount)
        .put("signSeconds", r2(signSeconds)).put("warmupSeconds", warmup).put("seconds", r2(window))
        .put("acceptedInWindow", acc1 - acc0).put("acceptedPerSec", r2((acc1 - acc0) / window))
        .put("heightFrom", h0).put("heightTo", h1).put("blocksInWindow", blocks)
        .put("includedInWindow", included).put("includedPerSec", r2(included / window)).put("countedFrom", counted)
        .put("avgTransfersPerBlock", blocks == 0 ? 0 : r2((double) included / blocks)).put("maxTransfersInBlock", maxInBlock)
        .put("p50Ms", pct(all, 0.50)).put("p99Ms", pct(all, 0.99))
        .put("harnessCpuCores", r2((cpu1 - cpu0) / 1e9 / window))
        .put("nodeCpuCores", node0 < 0 ? null : r2((node1 - node0) / 100.0 / window))
        .put("refusals", refusals).put("exhausted", exhausted.get())
        .put("totalAccepted", accepted.sum()).put("totalSeconds", r2((System.nanoTime() - started) / 1e9))
        .put("client", "java.net.http.HttpClient, one HTTP/1.1 connection per client thread");
    System.out.println(out.encode());
  }

  static void bodies(Path file, int accounts, int perAccount, String chainId, int first, int threads) throws IOException {
    long s0 = System.nanoTime();
    WalletKey[] wallets = BenchWallets.wallets(first + accounts);
    String[][] lines = new String[accounts][];
    IntStream.range(0, accounts).parallel().forEach(i -> {
      int a = first + i;
      String[] mine = new String[perAccount];
      for (int n = 0; n < perAccount; n++) {
        mine[n] = BenchWallets.json(wallets[a].transfer(chainId, wallets[first + (i + 1) % accounts].account(), 1, 1, n));
      }
      lines[i] = mine;
    });
    // one file per wrk thread (FILE.t holds the accounts i % threads == t), so that no thread parses the others' lines
    for (int t = 0; t < threads; t++) {
      try (var w = Files.newBufferedWriter(Path.of(file + "." + t))) {
        for (int n = 0; n < perAccount; n++) {
          for (int i = t; i < accounts; i += threads) {
            w.write(lines[i][n]);
            w.write('\n');
          }
        }
      }
    }
    System.out.println(new JsonObject().put("transfers", (long) accounts * perAccount)
        .put("signSeconds", r2((System.nanoTime() - s0) / 1e9)).encode());
  }

  /** {blocks, transfers, most in one block} of heights (h0, h1]. */
  static long[] count(HttpClient http, String base, long h0, long h1) throws IOException, InterruptedException {
    long included = 0;
    long blocks = 0;
    long maxInBlock = 0;
    for (long from = h0 + 1; from <= h1; from += 100) {
      int limit = (int) Math.min(100, h1 - from + 1);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/blocks?from=" + from + "&limit=" + limit))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      JsonArray list = new JsonObject(r.body()).getJsonArray("blocks");
      for (int i = 0; i < list.size(); i++) {
        long n = list.getJsonObject(i).getLong("txCount");
        included += n;
        maxInBlock = Math.max(maxInBlock, n);
        blocks++;
      }
    }
    return new long[] {blocks, included, maxInBlock};
  }

  static void wire(String chainId, int txs) throws Exception {
    ChainParams params = ChainParams.of(chainId, 8, 65_536);
    WalletKey[] w = BenchWallets.wallets(txs + 1);
    List<Transfer> list = new ArrayList<>();
    for (int i = 0; i < txs; i++) {
      // realistic magnitudes: amounts and nonces of a few digits are what a varint would favour; this codec is fixed-width
      list.add(w[i].transfer(chainId, w[i + 1].account(), 1_000 + i, 1, i));
    }
    Transfer one = list.get(0);
    WireCodec codec = new WireCodec(65_536);
    BlockFactory factory = new BlockFactory(NodeKey.generate(), params);
    Block parent = Genesis.of(params);
    byte[] data = "\"a block\"".getBytes(StandardCharsets.UTF_8);
    long ts = System.currentTimeMillis();
    // sizes only: the state root is not checked here
    Block empty = factory.make(0, parent.hash(), ts, data, new BlockBody(List.of(), Hash.ZERO), () -> false).orElseThrow();
    Block full = factory.make(0, parent.hash(), ts, data, new BlockBody(list, Hash.ZERO), () -> false).orElseThrow();
    int emptyFrame = codec.encode(new Message.BlockMessage(empty)).length;
    int fullFrame = codec.encode(new Message.BlockMessage(full)).length;
    JsonObject out = new JsonObject().put("chainId", chainId)
        .put("transferEncodedSize", TransferBytes.encodedSize(one)).put("transferJsonBytes", BenchWallets.json(one).length())
        .put("blockTransfers", txs).put("blockFrameBytes", fullFrame).put("emptyBlockFrameBytes", emptyFrame)
        .put("blockFrameBytesPerTransfer", r2((double) fullFrame / txs))
        .put("marginalBlockBytesPerTransfer", r2((double) (fullFrame - emptyFrame) / txs));
    // transaction messages, if this version has them (looked up by name: the bench compiles without them)
    JsonObject txFrames = new JsonObject();
    for (Class<?> c : Message.class.getPermittedSubclasses()) {
      if (!c.isRecord()) {
        continue;
      }
      var comps = c.getRecordComponents();
      Object[] argsOne = new Object[comps.length];
      Object[] argsMany = new Object[comps.length];
      boolean fits = comps.length > 0;
      for (int i = 0; i < comps.length; i++) {
        var rc = comps[i];
        if (rc.getType() == List.class && rc.getGenericType() instanceof java.lang.reflect.ParameterizedType pt) {
          Object el = pt.getActualTypeArguments()[0];
          if (el == Transfer.class) {
            argsOne[i] = List.of(one);
            argsMany[i] = list;
          } else if (el == Hash.class) {
            argsOne[i] = List.of(one.id());
            argsMany[i] = list.stream().map(Transfer::id).toList();
          } else {
            fits = false;
          }
        } else if (rc.getType() == Transfer.class) {
          argsOne[i] = one;
          argsMany[i] = one;
        } else {
          fits = false;
        }
      }
      if (!fits) {
        continue;
      }
      var ctor = c.getDeclaredConstructor(Arrays.stream(comps).map(java.lang.reflect.RecordComponent::getType).toArray(Class[]::new));
      ctor.setAccessible(true);
      Message m1 = (Message) ctor.newInstance(argsOne);
      Message mn = (Message) ctor.newInstance(argsMany);
      int b1 = codec.encode(m1).length;
      int bn = codec.encode(mn).length;
      txFrames.put(m1.type().name(), new JsonObject().put("frameBytesOne", b1).put("frameBytes" + txs, bn)
          .put("bytesPerItem", r2((double) bn / txs)).put("marginalBytesPerItem", r2((double) (bn - b1) / (txs - 1))));
    }
    out.put("messageTypes", Arrays.stream(MessageType.values()).map(Enum::name).toList()).put("txFrames", txFrames);
    System.out.println(out.encode());
  }

  private static String codeOf(HttpResponse<String> r) {
    try {
      return new JsonObject(r.body()).getString("error", "?");
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static long height(HttpClient http, String base) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).getLong("height");
  }

  /** utime + stime of the process, in clock ticks (1/100 s), or -1. */
  private static long nodeCpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return Math.round(sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e4) / 100.0;
  }

  private static double r2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
