package dev.meshledger.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * Splits a byte stream into frames with a {@link RecordParser}: a 4-byte length, then that
 * many bytes. A length of zero or over {@code maxFrameBytes} is refused before anything is
 * buffered for it, and the decoder stops: after one bad frame the stream is out of step.
 */
public final class FrameDecoder implements Handler<Buffer> {
  private final int maxFrameBytes;
  private final Handler<byte[]> onFrame;
  private final Handler<ProtocolException> onError;
  private final RecordParser parser;
  private boolean readingLength = true;
  private boolean failed;

  /** @param onFrame gets each frame's body: the type byte and the payload */
  public FrameDecoder(int maxFrameBytes, Handler<byte[]> onFrame, Handler<ProtocolException> onError) {
    this.maxFrameBytes = maxFrameBytes;
    this.onFrame = onFrame;
    this.onError = onError;
    this.parser = RecordParser.newFixed(WireCodec.LENGTH_SIZE, this::onRecord);
  }

  @Override
  public void handle(Buffer chunk) {
    if (!failed) {
      parser.handle(chunk);
    }
  }

  private void onRecord(Buffer record) {
    if (failed) {
      return;
    }
    if (readingLength) {
      long length = record.getUnsignedInt(0);
      if (length < 1 || length > maxFrameBytes) {
        failed = true;
        onError.handle(new ProtocolException("frame length " + length + " outside 1.." + maxFrameBytes));
        return;
      }
      readingLength = false;
      parser.fixedSizeMode((int) length);
    } else {
      readingLength = true;
      parser.fixedSizeMode(WireCodec.LENGTH_SIZE);
      onFrame.handle(record.getBytes());
    }
  }
}
