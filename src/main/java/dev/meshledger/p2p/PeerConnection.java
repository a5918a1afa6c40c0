package dev.meshledger.p2p;

import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.config.P2pLimits;
import dev.meshledger.domain.NodeIds;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.limits.TokenBucket;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.wire.FrameDecoder;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.ProtocolException;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One TLS connection to a peer: splits its bytes into frames, decodes each at the edge, holds
 * its rate limits and write back-pressure, and closes exactly once. Its state is its own: others
 * read it and move it on through {@link #markReady} and {@link #noteHeight}. Everything else (the
 * handshake rules, routing, punishment) is the {@link Listener}'s. Runs on the network
 * verticle's event loop.
 */
final class PeerConnection implements Link {
  private enum State { HANDSHAKE, READY, CLOSED }

  /** What the network verticle hears from a connection. */
  interface Listener {
    void onMessage(PeerConnection c, Message m);

    void onOffence(PeerConnection c, Offence offence, String detail);

    void onClosed(PeerConnection c);
  }

  private final NetSocket socket;
  private final WireCodec codec;
  private final P2pLimits limits;
  private final Listener listener;
  private final NodeMetrics metrics;
  private final Direction direction;
  private final String ip;
  private final String nodeId;
  private final long openedNanos;
  private final TokenBucket frameBucket;
  private final TokenBucket byteBucket;
  private final FrameDecoder decoder;
  private String address;
  private Message.Hello hello;
  private State state = State.HANDSHAKE;
  private long height;
  private Work totalWork = Work.ZERO;
  private long connectedSince;
  private long lastReceivedNanos;
  private long lastSentNanos;
  private long pausedSinceNanos;
  private DisconnectReason closeReason;

  /**
   * @param address for outbound connections the address dialled; null for inbound ones until their HELLO
   * @param nodeId from the peer's TLS certificate
   */
  PeerConnection(NetSocket socket, Direction direction, String ip, String address, String nodeId, WireCodec codec,
      P2pLimits limits, Listener listener, NodeMetrics metrics) {
    this.metrics = metrics;
    this.socket = socket;
    this.direction = direction;
    this.ip = ip;
    this.address = address;
    this.nodeId = nodeId;
    this.codec = codec;
    this.limits = limits;
    this.listener = listener;
    long now = System.nanoTime();
    this.openedNanos = now;
    this.lastReceivedNanos = now;
    this.lastSentNanos = now;
    this.frameBucket = new TokenBucket(limits.framesPerSecond(), 2.0 * limits.framesPerSecond(), now);
    this.byteBucket = new TokenBucket(limits.bytesPerSecond(), 2.0 * limits.bytesPerSecond(), now);
    this.decoder = new FrameDecoder(limits.maxFrameBytes(), this::onFrame,
        e -> listener.onOffence(this, Offence.BAD_FRAME, e.getMessage()));
  }

  void start() {
    socket.setWriteQueueMaxSize(limits.writeQueueBytes());
    socket.handler(this::onBytes);
    socket.closeHandler(v -> markClosed());
    socket.exceptionHandler(e -> {
      closeReason = closeReason == null ? DisconnectReason.PROTOCOL_ERROR : closeReason;
      socket.close();
    });
  }

  /**
   * The handshake is over and the peer admitted: from now on it takes part in every channel.
   *
   * @param reachable its reachable {@code host:port} (advertised in the HELLO of an inbound peer); null keeps the one known
   */
  void markReady(Message.Hello h, String reachable, long nowMillis) {
    if (state != State.HANDSHAKE) {
      throw new IllegalStateException(this + " is " + state + ", not in its handshake");
    }
    hello = h;
    height = h.height();
    totalWork = h.totalWork();
    if (reachable != null) {
      address = reachable;
    }
    connectedSince = nowMillis;
    state = State.READY;
  }

  /** The peer showed it has a block this high (and this much work, when known): the claims only grow. */
  void noteHeight(long h, Work work) {
    height = Math.max(height, h);
    totalWork = totalWork.max(work);
  }

  @Override
  public boolean isReady() {
    return state == State.READY;
  }

  @Override
  public boolean isClosing() {
    return state == State.CLOSED || closeReason != null;
  }

  private void onBytes(Buffer chunk) {
    if (isClosing()) {
      return;
    }
    lastReceivedNanos = System.nanoTime();
    if (!byteBucket.tryTake(chunk.length(), lastReceivedNanos)) {
      listener.onOffence(this, Offence.FLOOD, "over " + limits.bytesPerSecond() + " bytes/s");
      if (isClosing()) {
        return;
      }
    }
    decoder.handle(chunk);
  }

  private void onFrame(byte[] body) {
    if (isClosing()) {
      return;
    }
    if (!frameBucket.tryTake(1, System.nanoTime())) {
      listener.onOffence(this, Offence.FLOOD, "over " + limits.framesPerSecond() + " frames/s");
      return; // the frame is dropped
    }
    Message m;
    try {
      m = codec.decode(body);
    } catch (ProtocolException e) {
      listener.onOffence(this, Offence.BAD_FRAME, e.getMessage());
      return;
    }
    metrics.messageIn(m.type().name(), body.length + WireCodec.LENGTH_SIZE);
    listener.onMessage(this, m);
  }

  /** Encodes and sends a message unless the connection is closed. */
  boolean send(Message m) {
    return state != State.CLOSED && sendFrame(Frame.of(codec, limits.maxFrameBytes(), m));
  }

  /**
   * Sends an encoded message unless the connection is closed. When the peer's write queue is full
   * we stop reading from it (it cannot ask for more) until it drains; the peer manager drops it
   * if it never does.
   */
  boolean sendFrame(Frame f) {
    if (state == State.CLOSED) {
      return false;
    }
    socket.write(f.bytes());
    metrics.messageOut(f.type().name(), f.length());
    lastSentNanos = System.nanoTime();
    if (socket.writeQueueFull() && pausedSinceNanos == 0) {
      pausedSinceNanos = lastSentNanos;
      socket.pause();
      socket.drainHandler(v -> {
        pausedSinceNanos = 0;
        if (state != State.CLOSED) {
          socket.resume();
        }
      });
    }
    return true;
  }

  boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** Sends DISCONNECT with the reason (best effort), then closes. Safe to call more than once. */
  void disconnect(DisconnectReason reason, String detail) {
    if (isClosing()) {
      return;
    }
    closeReason = reason;
    try {
      socket.write(Buffer.buffer(codec.encode(new Message.Disconnect(reason, detail == null ? "" : truncate(detail)))));
    } finally {
      socket.end();
    }
  }

  /** Closes without a word, for a peer that broke the stream (nothing it reads would make sense). */
  void abort(DisconnectReason reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
    socket.close();
  }

  private void markClosed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    listener.onClosed(this);
  }

  private static String truncate(String s) {
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  @Override public String nodeId() { return nodeId; }
  @Override public Direction direction() { return direction; }
  @Override public String ip() { return ip; }
  @Override public String address() { return address; }
  @Override public long height() { return height; }
  @Override public Work totalWork() { return totalWork; }
  @Override public long connectedSince() { return connectedSince; }
  @Override public long openedNanos() { return openedNanos; }
  @Override public long lastReceivedNanos() { return lastReceivedNanos; }
  @Override public long lastSentNanos() { return lastSentNanos; }
  @Override public long pausedSinceNanos() { return pausedSinceNanos; }

  /** The peer's HELLO; null before it. */
  Message.Hello hello() {
    return hello;
  }

  /** Why it closed (or is closing); null while open. */
  DisconnectReason closeReason() {
    return closeReason;
  }

  @Override
  public String toString() {
    return "peer " + NodeIds.shortId(nodeId) + " " + direction.label() + " " + (address != null ? address : ip);
  }
}
