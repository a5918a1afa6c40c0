package dev.meshledger.wire;

/** A frame or payload that breaks protocol meshledger/1: the peer is scored for it. */
public final class ProtocolException extends RuntimeException {
  public ProtocolException(String message) {
    super(message);
  }
}
