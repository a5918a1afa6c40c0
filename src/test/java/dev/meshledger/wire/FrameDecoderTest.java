package dev.meshledger.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Work;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  private static final int MAX = 1024;
  private static final WireCodec CODEC = new WireCodec(256);

  private final List<byte[]> frames = new ArrayList<>();
  private final List<ProtocolException> errors = new ArrayList<>();
  private final FrameDecoder decoder = new FrameDecoder(MAX, frames::add, errors::add);

  private static byte[] ping(long nonce) {
    return CODEC.encode(new Message.Ping(nonce));
  }

  private static byte[] hello() {
    return CODEC.encode(new Message.Hello(WireCodec.PROTOCOL, "decoder-test", Hash.ZERO, "ab".repeat(32), "127.0.0.1",
        7001, 5, Work.of(6)));
  }

  private static byte[] body(byte[] frame) {
    return Arrays.copyOfRange(frame, WireCodec.LENGTH_SIZE, frame.length);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  private static byte[] lengthPrefix(long length) {
    return ByteBuffer.allocate(4).putInt((int) length).array();
  }

  private void feed(byte[] bytes, int from, int to) {
    decoder.handle(Buffer.buffer(Arrays.copyOfRange(bytes, from, to)));
  }

  @Test
  void aFrameSplitAtEveryByteBoundaryDecodesTheSame() {
    byte[] stream = concat(hello(), ping(42));
    for (int split = 0; split <= stream.length; split++) {
      List<byte[]> got = new ArrayList<>();
      List<ProtocolException> bad = new ArrayList<>();
      FrameDecoder d = new FrameDecoder(MAX, got::add, bad::add);
      d.handle(Buffer.buffer(Arrays.copyOfRange(stream, 0, split)));
      d.handle(Buffer.buffer(Arrays.copyOfRange(stream, split, stream.length)));
      assertEquals(List.of(), bad, "split at " + split);
      assertEquals(2, got.size(), "split at " + split);
      assertArrayEquals(body(hello()), got.get(0), "split at " + split);
      assertArrayEquals(body(ping(42)), got.get(1), "split at " + split);
    }
  }

  @Test
  void oneByteAtATimeDecodesEveryFrame() {
    byte[] stream = concat(ping(1), hello(), ping(2));
    for (int i = 0; i < stream.length; i++) {
      feed(stream, i, i + 1);
    }
    assertEquals(3, frames.size());
    assertEquals(new Message.Ping(1), CODEC.decode(frames.get(0)));
    assertEquals(new Message.Ping(2), CODEC.decode(frames.get(2)));
    assertTrue(errors.isEmpty());
  }

  @Test
  void truncatedInputWaitsForTheRestAcrossChunks() {
    byte[] frame = hello();
    feed(frame, 0, 2); // half the length prefix
    feed(frame, 2, 7); // the rest of it and a little of the body
    feed(frame, 7, frame.length - 1); // all but the last byte
    assertEquals(0, frames.size(), "nothing delivered before the frame is whole");
    assertTrue(errors.isEmpty(), "a frame still arriving is not an error");
    feed(frame, frame.length - 1, frame.length);
    assertEquals(1, frames.size());
    assertArrayEquals(body(frame), frames.get(0));
  }

  @Test
  void lengthZeroIsRefusedAndStopsTheDecoder() {
    decoder.handle(Buffer.buffer(concat(lengthPrefix(0), ping(1))));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).getMessage().contains("frame length 0"), errors.get(0).getMessage());
    assertEquals(0, frames.size(), "the PING after a bad length is not read");
  }

  @Test
  void lengthOverTheMaximumIsRefusedBeforeTheBodyArrives() {
    feed(lengthPrefix(MAX + 1), 0, 4);
    assertEquals(1, errors.size(), "refused on the length alone, nothing buffered for the body");
    assertTrue(errors.get(0).getMessage().contains("frame length " + (MAX + 1)), errors.get(0).getMessage());

    // 0xffffffff is read unsigned, not as -1.
    List<ProtocolException> bad = new ArrayList<>();
    new FrameDecoder(MAX, frames::add, bad::add).handle(Buffer.buffer(lengthPrefix(0xffff_ffffL)));
    assertEquals(1, bad.size());
    assertTrue(bad.get(0).getMessage().contains("4294967295"), bad.get(0).getMessage());
    assertEquals(0, frames.size());
  }

  @Test
  void lengthExactlyTheMaximumIsAccepted() {
    byte[] bodyBytes = new byte[MAX];
    bodyBytes[0] = 2;
    decoder.handle(Buffer.buffer(concat(lengthPrefix(MAX), bodyBytes)));
    assertTrue(errors.isEmpty());
    assertEquals(1, frames.size());
    assertEquals(MAX, frames.get(0).length);
  }

  @Test
  void garbageStopsTheDecoderWithOneErrorAndNothingAfterIsDelivered() {
    byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    feed(ping(1), 0, ping(1).length);
    decoder.handle(Buffer.buffer(concat(garbage, ping(2))));
    feed(ping(3), 0, ping(3).length);
    feed(hello(), 0, hello().length);
    assertEquals(1, frames.size(), "only the frame before the garbage");
    assertEquals(new Message.Ping(1), CODEC.decode(frames.get(0)));
    assertEquals(1, errors.size(), "one error, however much follows");
  }
}
