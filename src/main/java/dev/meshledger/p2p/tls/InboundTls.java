package dev.meshledger.p2p.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Server-side TLS started by hand on a plain TCP connection, so that the connect handler can
 * close a banned address before any TLS byte. Vert.x's own {@code NetSocket.upgradeToSsl} was
 * tried first: it builds its TLS context asynchronously on the first upgrade of each server, and
 * the peer's ClientHello, already sent, went past the TLS handler, so the first peer of every
 * start hung until the handshake timeout. Here the handler goes into the channel's pipeline in
 * the connect handler itself, before the channel has read anything; the context is built once.
 */
public final class InboundTls {
  private final SslContext context;
  private final long handshakeTimeoutMs;

  public InboundTls(TlsIdentity identity, long handshakeTimeoutMs) {
    this.context = identity.serverContext();
    this.handshakeTimeoutMs = handshakeTimeoutMs;
  }

  /**
   * The P2P server's options: plain TCP ({@code ssl} false), so that its connect handler sees
   * each connection before any TLS byte; with {@code ssl} true Vert.x calls it only after the handshake.
   */
  public static NetServerOptions serverOptions() {
    return new NetServerOptions().setSsl(false).setTcpNoDelay(true);
  }

  /**
   * Starts TLS on a socket just accepted (call from its connect handler, on its event loop).
   * Completes, on the caller's context, with the node id the peer's certificate proves (empty
   * without an Ed25519 certificate); fails when the handshake fails or times out (the channel is then closed).
   */
  public Future<Optional<String>> start(NetSocket socket) {
    Context caller = io.vertx.core.Vertx.currentContext();
    ChannelHandlerContext chctx = ((NetSocketInternal) socket).channelHandlerContext();
    SslHandler ssl = context.newHandler(chctx.alloc());
    ssl.setHandshakeTimeoutMillis(handshakeTimeoutMs);
    Promise<Optional<String>> done = Promise.promise();
    ssl.handshakeFuture().addListener(f -> caller.runOnContext(v -> {
      if (!f.isSuccess()) {
        done.fail(f.cause());
        return;
      }
      try {
        Certificate[] certs = ssl.engine().getSession().getPeerCertificates();
        done.complete(certs.length == 0 ? Optional.empty() : TlsIdentity.nodeIdOf(certs[0]));
      } catch (SSLPeerUnverifiedException noCertificate) {
        done.complete(Optional.empty());
      }
    }));
    chctx.pipeline().addFirst("ssl", ssl);
    return done.future();
  }
}
