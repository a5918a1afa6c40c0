package dev.meshledger.p2p;

import dev.meshledger.wire.Message;
import dev.meshledger.wire.MessageType;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.buffer.Buffer;

/**
 * A message encoded once, exactly as it goes on the wire (length prefix included). A broadcast
 * encodes its block once and writes the same frame to every peer: each socket write takes its
 * own view of the bytes, which are never changed.
 */
record Frame(MessageType type, Buffer bytes) {
  /** Encodes {@code m}; a frame over {@code maxFrameBytes} is a bug of ours, never sent. */
  static Frame of(WireCodec codec, int maxFrameBytes, Message m) {
    byte[] frame = codec.encode(m);
    if (frame.length - WireCodec.LENGTH_SIZE > maxFrameBytes) {
      throw new IllegalArgumentException(m.type() + " frame of " + frame.length + " bytes is over p2p.maxFrameBytes");
    }
    return new Frame(m.type(), Buffer.buffer(frame));
  }

  int length() {
    return bytes.length();
  }
}
