package dev.meshledger.p2p;

import dev.meshledger.limits.TokenBucket;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.wire.DisconnectReason;
import dev.meshledger.config.P2pLimits;
import dev.meshledger.metrics.NodeMetrics;
import dev.meshledger.wire.FrameDecoder;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.ProtocolException;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One TLS connection to a peer: splits its bytes into frames, decodes each at the edge, holds
 * its rate limits and write back-pressure, and closes exactly once. Everything else (the
 * handshake rules, routing, punishment) is the {@link Listener}'s. Runs on the network
 * verticle's event loop.
 */
final class PeerConnection {
  enum State { HANDSHAKE, READY, CLOSED }

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
  final Direction direction;
  final String ip;
  /** For outbound connections, the address we dialled; for inbound, the peer's advertised one once known. */
  String address;
  /** From the peer's TLS certificate. */
  final String nodeId;
  Message.Hello hello;
  State state = State.HANDSHAKE;
  long height;
  long totalWork;
  long connectedSince;
  long handshakeTimer = -1;
  long lastReceivedNanos;
  long lastSentNanos;
  /** When the write queue filled and reading was paused; 0 while it flows. */
  long pausedSinceNanos;
  DisconnectReason closeReason;
  private final TokenBucket frameBucket;
  private final TokenBucket byteBucket;
  private final FrameDecoder decoder;

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

  /** Closed or closing: nothing it says matters any more. */
  boolean isClosing() {
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

  /**
   * Sends a message unless the connection is closed. When the peer's write queue is full we
   * stop reading from it (it cannot ask for more) until it drains; the network verticle drops
   * it if it never does.
   */
  boolean send(Message m) {
    if (state == State.CLOSED) {
      return false;
    }
    byte[] frame = codec.encode(m);
    if (frame.length - WireCodec.LENGTH_SIZE > limits.maxFrameBytes()) {
      throw new IllegalArgumentException(m.type() + " frame of " + frame.length + " bytes is over p2p.maxFrameBytes");
    }
    socket.write(Buffer.buffer(frame));
    metrics.messageOut(m.type().name(), frame.length);
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
    if (state == State.CLOSED || closeReason != null) {
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

  String shortId() {
    return nodeId == null ? "?" : nodeId.substring(0, Math.min(12, nodeId.length()));
  }

  @Override
  public String toString() {
    return "peer " + shortId() + " " + direction.label() + " " + (address != null ? address : ip);
  }
}
