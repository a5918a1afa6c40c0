package dev.meshledger.bench;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.p2p.tls.TlsIdentity;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The machine's ceilings the node's figures are set against.
 *
 * <pre>
 * Probes tls COUNT        loopback TLS 1.3 round trips (Vert.x, the node's certificates and
 *                         options, a 200-byte message like a small BLOCK frame): one hop of
 *                         propagation cannot take less than half of one
 * Probes http PORT FILE   a bare Vert.x HTTP server answering every request with FILE's bytes
 *                         as JSON, until killed: the ceiling of the API on this machine
 * </pre>
 */
public final class Probes {
  private static final int FRAME_BYTES = 200;

  private Probes() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "tls" -> tls(Integer.parseInt(args[1]));
      case "http" -> http(Integer.parseInt(args[1]), Path.of(args[2]));
      default -> throw new IllegalArgumentException("usage: Probes tls COUNT | http PORT FILE");
    }
  }

  static void tls(int count) throws Exception {
    Vertx server = Vertx.vertx();
    Vertx client = Vertx.vertx();
    try {
      Set<String> tls13 = Set.of("TLSv1.3");
      TlsIdentity a = TlsIdentity.of(NodeKey.generate());
      TlsIdentity b = TlsIdentity.of(NodeKey.generate());
      NetServer ns = server.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(a.keyCertOptions())
          .setTrustOptions(TlsIdentity.trustAnyKey()).setClientAuth(ClientAuth.REQUEST)
          .setEnabledSecureTransportProtocols(tls13).setTcpNoDelay(true).setHost("127.0.0.1").setPort(0));
      ns.connectHandler(s -> s.handler(s::write)); // echo
      ns.listen().await(10, TimeUnit.SECONDS);
      NetClient nc = client.createNetClient(new NetClientOptions().setSsl(true).setKeyCertOptions(b.keyCertOptions())
          .setTrustOptions(TlsIdentity.trustAnyKey()).setHostnameVerificationAlgorithm("")
          .setEnabledSecureTransportProtocols(tls13).setTcpNoDelay(true));
      NetSocket socket = nc.connect(ns.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
      int warmup = Math.max(100, count / 5);
      long[] rtt = new long[count];
      Promise<Void> done = Promise.promise();
      Buffer frame = Buffer.buffer(new byte[FRAME_BYTES]);
      int[] state = {0, 0}; // round, bytes received this round
      long[] sent = {0};
      socket.handler(buf -> {
        state[1] += buf.length();
        if (state[1] < FRAME_BYTES) {
          return;
        }
        long t = System.nanoTime() - sent[0];
        int round = state[0]++;
        state[1] = 0;
        if (round >= warmup) {
          rtt[round - warmup] = t;
        }
        if (state[0] >= warmup + count) {
          done.tryComplete();
        } else {
          sent[0] = System.nanoTime();
          socket.write(frame);
        }
      });
      client.runOnContext(v -> {
        sent[0] = System.nanoTime();
        socket.write(frame);
      });
      done.future().await(60, TimeUnit.SECONDS);
      Arrays.sort(rtt);
      System.out.printf("{\"rounds\": %d, \"rttP50Us\": %.1f, \"rttP99Us\": %.1f}%n", count,
          rtt[count / 2] / 1e3, rtt[Math.min(count - 1, (int) Math.ceil(0.99 * count) - 1)] / 1e3);
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      server.close().await(10, TimeUnit.SECONDS);
    }
  }

  static void http(int port, Path file) throws Exception {
    Buffer body = Buffer.buffer(Files.readAllBytes(file));
    Vertx vertx = Vertx.vertx();
    HttpServer s = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "application/json").end(body));
    s.listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
    System.out.println("{\"listening\": " + s.actualPort() + "}");
  }
}
