package dev.meshledger.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable message records by reference between verticles of one node. Never crosses
 * a cluster: every node-internal address is local only (docs/architecture.md, Known traps).
 */
public final class LocalCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "meshledger-local";

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("node-internal messages never leave the JVM: " + o.getClass().getName());
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("node-internal messages never leave the JVM");
  }

  @Override
  public Object transform(Object o) {
    return o;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
