package dev.meshledger.bench;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The BFT proof-of-authority benchmarks (issue #14) that need a client of their own.
 *
 * <pre>
 * Bft spec FILE CHAIN_ID BLOCK_PERIOD_MS ACCOUNTS ID...   a BFT spec: validators ID... (power 1 each),
 *                                                         ACCOUNTS bench wallets funded, no block reward
 * Bft finality N WARMUP PORT...                           time to finality: WARMUP + N sequential
 *                                                         POST /api/blocks, request i to node i % nodes
 * </pre>
 *
 * {@code finality}: each POST waits for its 201 (the block is final on the node asked), then every
 * node's {@code GET /api/status} is polled (one keep-alive connection each, 1 ms apart, all nodes in
 * turn from one thread) until its height, which under BFT is its finalized height, reaches the
 * block's. Both times run from the moment the request is sent; the next request goes when every node
 * has the block. The first WARMUP posts are not counted. Prints one JSON object.
 */
public final class Bft {
  private Bft() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "spec" -> BenchWallets.writeBftSpec(Path.of(args[1]), args[2], List.of(Arrays.copyOfRange(args, 5, args.length)),
          Long.parseLong(args[3]), Integer.parseInt(args[4]));
      case "finality" -> finality(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
          Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray());
      default -> throw new IllegalArgumentException("usage: Bft spec FILE CHAIN_ID BLOCK_PERIOD_MS ACCOUNTS ID... | finality N WARMUP PORT...");
    }
  }

  static void finality(int n, int warmup, int[] ports) throws Exception {
    Http[] post = new Http[ports.length];
    Http[] status = new Http[ports.length];
    for (int i = 0; i < ports.length; i++) {
      post[i] = new Http(ports[i]);
      status[i] = new Http(ports[i]);
    }
    long[] toAnswer = new long[n];
    long[] toAll = new long[n];
    long[] toLast = new long[n];
    int other = 0;
    long heightFrom = -1;
    long heightTo = 0;
    long started = System.nanoTime();
    for (int i = 0; i < warmup + n; i++) {
      int node = i % ports.length;
      String body = "{\"data\":\"bft finality probe " + i + "\"}";
      long t0 = System.nanoTime();
      Http.Response r = post[node].request("POST", "/api/blocks", body);
      long tAnswer = System.nanoTime() - t0;
      if (r.status != 201) {
        other++;
        if (other > 10) {
          throw new IllegalStateException("POST /api/blocks answered " + r.status + ": " + r.body);
        }
        continue;
      }
      long h = new JsonObject(r.body).getLong("height");
      boolean[] has = new boolean[ports.length];
      has[node] = true;
      int missing = ports.length - 1;
      long tAll = tAnswer;
      long deadline = t0 + 30_000_000_000L;
      while (missing > 0) {
        for (int k = 0; k < ports.length; k++) {
          if (has[k]) {
            continue;
          }
          long height = new JsonObject(status[k].request("GET", "/api/status", null).body).getLong("height");
          if (height >= h) {
            has[k] = true;
            missing--;
            tAll = System.nanoTime() - t0;
          }
        }
        if (missing > 0) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("block " + h + " did not reach every node in 30 s");
          }
          Thread.sleep(1);
        }
      }
      if (i >= warmup) {
        int j = i - warmup;
        toAnswer[j] = tAnswer;
        toAll[j] = tAll;
        toLast[j] = tAll - tAnswer;
        if (heightFrom < 0) {
          heightFrom = h;
        }
        heightTo = h;
      }
    }
    double total = (System.nanoTime() - started) / 1e9;
    Arrays.sort(toAnswer);
    Arrays.sort(toAll);
    JsonObject out = new JsonObject().put("nodes", ports.length).put("posts", n).put("warmup", warmup).put("non201", other)
        .put("answerP50Ms", pct(toAnswer, 0.50)).put("answerP99Ms", pct(toAnswer, 0.99)).put("answerMeanMs", mean(toAnswer))
        .put("allNodesP50Ms", pct(toAll, 0.50)).put("allNodesP99Ms", pct(toAll, 0.99)).put("allNodesMeanMs", mean(toAll))
        .put("heightFrom", heightFrom).put("heightTo", heightTo).put("seconds", Math.round(total * 100) / 100.0)
        .put("client", "raw HTTP/1.1 keep-alive sockets; status polled 1 ms apart");
    for (Http h : post) {
      h.close();
    }
    for (Http h : status) {
      h.close();
    }
    System.out.println(out.encode());
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return Math.round(sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e4) / 100.0;
  }

  private static double mean(long[] v) {
    return v.length == 0 ? 0 : Math.round(Arrays.stream(v).average().orElse(0) / 1e4) / 100.0;
  }

  /** A minimal HTTP/1.1 keep-alive client on one loopback socket: cheap enough to poll with. */
  static final class Http implements AutoCloseable {
    record Response(int status, String body) {}

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Http(int port) {
      this.port = port;
    }

    Response request(String method, String path, String body) throws IOException {
      for (int attempt = 0; ; attempt++) {
        try {
          if (socket == null) {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
          }
          byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
          String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
              + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n") + "\r\n";
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          out.write(b);
          out.flush();
          return read();
        } catch (IOException e) {
          close();
          if (attempt >= 1) {
            throw e;
          }
        }
      }
    }

    private Response read() throws IOException {
      String statusLine = line();
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      int length = -1;
      boolean chunked = false;
      String l;
      while (!(l = line()).isEmpty()) {
        String lower = l.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (chunked) {
        int size;
        while ((size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0) {
          body.write(in.readNBytes(size));
          line();
        }
        line();
      } else if (length >= 0) {
        body.write(in.readNBytes(length));
      }
      return new Response(status, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() {
      try {
        if (socket != null) {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing
      }
      socket = null;
    }
  }
}
