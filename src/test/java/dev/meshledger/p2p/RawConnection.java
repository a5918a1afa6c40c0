package dev.meshledger.p2p;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.p2p.tls.TlsIdentity;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.FrameDecoder;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-driven peer for tests: a TLS 1.3 socket with its own node key's certificate (or plain
 * TCP) that sends whatever the test says, right or wrong, and records what it is sent.
 */
final class RawConnection {
  static final WireCodec CODEC = new WireCodec(65_536);

  final NetSocket socket;
  final List<Message> received = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  private RawConnection(NetSocket socket) {
    this.socket = socket;
    FrameDecoder decoder = new FrameDecoder(64 << 20, body -> received.add(CODEC.decode(body)), e -> { });
    socket.handler(decoder);
    socket.closeHandler(v -> closed = true);
  }

  static NetClientOptions tls(NodeKey key) {
    return TlsIdentity.of(key).clientOptions(30_000);
  }

  /**
   * Dials {@code port} on loopback through {@code client} (TLS or not, as it was made). The
   * caller keeps the client in a field: an unreferenced one is closed by a Cleaner.
   */
  static RawConnection dial(NetClient client, int port) {
    // Handlers are set in the connect callback, on the socket's event loop: set later from the
    // test thread, the node's HELLO (sent at once) could arrive before them and be lost.
    return TestNetwork.get(client.connect(port, "127.0.0.1").map(RawConnection::new), 30);
  }

  /** The HELLO a correct peer of {@code target}'s network would send, claiming {@code nodeId}. */
  static Message.Hello helloFor(TestNetwork.Node target, String nodeId, int listenPort) {
    return new Message.Hello(WireCodec.PROTOCOL, target.config().chainId(),
        Genesis.of(target.config().chainParams()).hash(), nodeId, "127.0.0.1", listenPort, 0, Work.of(0));
  }

  void send(Message m) {
    socket.write(Buffer.buffer(CODEC.encode(m)));
  }

  void sendRaw(byte[] bytes) {
    socket.write(Buffer.buffer(bytes));
  }

  <T extends Message> Optional<T> first(Class<T> type) {
    return received.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  Optional<DisconnectReason> disconnectReason() {
    return first(Message.Disconnect.class).map(Message.Disconnect::reason);
  }

  /** A TLS server with its own node certificate: a peer that others dial and that dials no one. */
  static final class Listener {
    final NetServer server;
    final List<RawConnection> accepted = new CopyOnWriteArrayList<>();

    Listener(Vertx vertx, NodeKey key, java.util.function.Consumer<RawConnection> onAccept) {
      server = vertx.createNetServer(TlsIdentity.of(key).serverOptions(30_000).setClientAuth(ClientAuth.REQUIRED));
      server.connectHandler(s -> {
        RawConnection p = new RawConnection(s);
        accepted.add(p);
        onAccept.accept(p);
      });
      TestNetwork.get(server.listen(0, "127.0.0.1"), 30);
    }

    int port() {
      return server.actualPort();
    }

    String address() {
      return "127.0.0.1:" + port();
    }
  }
}
