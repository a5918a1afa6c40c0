package dev.meshledger.wire;

import static dev.meshledger.wire.WireCodec.MAX_LOCATOR;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.codec.HeaderCodec;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.wire.Message.GetHeaders;
import dev.meshledger.wire.Message.Headers;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads of headers-first sync, framed by {@link WireCodec}.
 *
 * <pre>
 * GETHEADERS = requestId u64 | count u32 | hash 32 * count | maxCount u32
 * HEADERS    = requestId u64 | peerHeight u64 | count u32 | (header 289 | commit) * count
 * </pre>
 *
 * Both counts are bounded ({@code sync.headersPerRequest}, the locator by {@link WireCodec#MAX_LOCATOR})
 * before anything is allocated.
 */
final class HeadersCodec {
  /** Headers in one GETHEADERS or HEADERS when no {@code sync.headersPerRequest} is given (Bitcoin's 2000). */
  static final int DEFAULT_MAX_HEADERS = 2000;

  private HeadersCodec() {}

  static int payloadSize(Message m) {
    if (m instanceof GetHeaders g) {
      return 8 + 4 + Hash.SIZE * g.locator().size() + 4;
    }
    return 8 + 8 + 4 + ((Headers) m).headers().stream().mapToInt(HeaderCodec::encodedSize).sum();
  }

  static void encode(ByteBuffer b, Message m) {
    if (m instanceof GetHeaders g) {
      b.putLong(g.requestId()).putInt(g.locator().size());
      g.locator().forEach(h -> h.writeTo(b));
      b.putInt(g.maxCount());
      return;
    }
    Headers h = (Headers) m;
    b.putLong(h.requestId()).putLong(h.peerHeight()).putInt(h.headers().size());
    h.headers().forEach(x -> HeaderCodec.encodeTo(b, x));
  }

  static Message decode(MessageType type, ByteBuffer b, int maxHeaders) {
    long id = b.getLong();
    if (type == MessageType.GETHEADERS) {
      int n = WireCodec.count(b.getInt(), MAX_LOCATOR, "locator");
      List<Hash> locator = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        locator.add(BlockCodec.readHash(b));
      }
      return new GetHeaders(id, List.copyOf(locator), WireCodec.count(b.getInt(), maxHeaders, "maxCount"));
    }
    long peerHeight = b.getLong();
    if (peerHeight < 0) {
      throw new ProtocolException("negative peer height");
    }
    int n = WireCodec.count(b.getInt(), maxHeaders, "header count");
    if (n > b.remaining() / (dev.meshledger.domain.HeaderBytes.HEADER_SIZE + 2)) {
      throw new ProtocolException("header count " + n + " is more than the frame holds");
    }
    List<Header> headers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      headers.add(HeaderCodec.decodeFrom(b));
    }
    return new Headers(id, List.copyOf(headers), peerHeight);
  }
}
