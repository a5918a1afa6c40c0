package dev.meshledger.testing;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.p2p.tls.TlsIdentity;
import dev.meshledger.wire.FrameDecoder;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A hand-driven peer for tests: a real TLS 1.3 client with its own node key that speaks the wire
 * protocol frame by frame, so a test can play a peer that lies, misbehaves or sends things out
 * of order. It answers PING and, through {@link #onChainRequest}, CHAIN_REQUEST; everything it
 * receives is kept in {@link #received}.
 */
public final class RawPeer implements AutoCloseable {
  private final NodeKey key;
  private final WireCodec codec = new WireCodec(1 << 20);
  private final Vertx vertx = Vertx.vertx();
  // Kept in a field: an unreferenced Vert.x client is closed by a Cleaner (ARCHITECTURE.md, Known traps).
  private final NetClient client;
  private volatile NetSocket socket;
  private volatile boolean closed;
  public final List<Message> received = new CopyOnWriteArrayList<>();
  /** The CHAIN_RESPONSE to send for a request, or null to stay silent. Runs on the peer's event loop. */
  private volatile Function<ChainRequest, ChainResponse> onChainRequest = r -> null;
  /** The HEADERS to send for a GETHEADERS, or null to stay silent. Runs on the peer's event loop. */
  private volatile Function<Message.GetHeaders, Message.Headers> onGetHeaders = r -> null;

  public RawPeer(NodeKey key) {
    this.key = key;
    TlsIdentity tls = TlsIdentity.of(key);
    client = vertx.createNetClient(tls.clientOptions(30_000));
  }

  public String id() {
    return key.id();
  }

  public RawPeer onChainRequest(Function<ChainRequest, ChainResponse> answer) {
    this.onChainRequest = answer;
    return this;
  }

  public RawPeer onGetHeaders(Function<Message.GetHeaders, Message.Headers> answer) {
    this.onGetHeaders = answer;
    return this;
  }

  /** Answers a GETHEADERS as a node whose best chain is {@code chain} (heights 1.. on genesis) would. */
  public static Message.Headers headersFrom(List<Block> chain, Message.GetHeaders r) {
    java.util.Map<Hash, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < chain.size(); i++) {
      index.put(chain.get(i).hash(), i);
    }
    int from = r.locator().stream().filter(index::containsKey).findFirst().map(h -> index.get(h) + 1).orElse(0);
    List<Header> headers = chain.subList(from, Math.min(chain.size(), from + r.maxCount())).stream()
        .map(Header::of).toList();
    return new Message.Headers(r.requestId(), headers, chain.size());
  }

  /** Connects to a node and sends a correct HELLO claiming this height and total work (no listen port). */
  public RawPeer connect(TestNetwork.Node node, long height, Work totalWork) {
    // Handlers are set in the connect callback, on the socket's event loop: set later from the
    // test thread, the node's HELLO (sent at once) could arrive before them and be lost.
    socket = TestNetwork.get(client.connect(node.p2pPort(), "127.0.0.1").map(s -> {
      FrameDecoder decoder = new FrameDecoder(8 << 20, this::onFrame, e -> s.close());
      s.handler(decoder);
      s.closeHandler(v -> closed = true);
      return s;
    }), 30);
    send(new Hello(WireCodec.PROTOCOL, node.config().chainId(), Genesis.of(node.config().chainParams()).hash(), key.id(),
        "127.0.0.1", 0, height, totalWork));
    return this;
  }

  private void onFrame(byte[] body) {
    Message m = codec.decode(body);
    received.add(m);
    if (m instanceof Message.Ping p) {
      send(new Message.Pong(p.nonce()));
    } else if (m instanceof ChainRequest r) {
      ChainResponse answer = onChainRequest.apply(r);
      if (answer != null) {
        send(answer);
      }
    } else if (m instanceof Message.GetHeaders g) {
      Message.Headers answer = onGetHeaders.apply(g);
      if (answer != null) {
        send(answer);
      }
    }
  }

  public void send(Message m) {
    socket.write(Buffer.buffer(codec.encode(m)));
  }

  public boolean isClosed() {
    return closed;
  }

  /** The reason of the DISCONNECT the node sent, or null if none came. */
  public Message.Disconnect disconnect() {
    return received.stream().filter(m -> m instanceof Message.Disconnect).map(m -> (Message.Disconnect) m)
        .findFirst().orElse(null);
  }

  public long count(Class<? extends Message> type) {
    return received.stream().filter(type::isInstance).count();
  }

  @Override
  public void close() {
    TestNetwork.get(vertx.close(), 30);
  }
}
