package dev.meshledger.codec;

/** Bytes that do not decode: truncated, oversized or malformed input from outside. */
public final class CodecException extends RuntimeException {
  public CodecException(String message) {
    super(message);
  }
}
