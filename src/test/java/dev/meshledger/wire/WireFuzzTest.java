package dev.meshledger.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.wire.DisconnectReason;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whatever bytes a peer sends, the frame decoder and the wire codec either deliver messages or
 * say {@link ProtocolException}: nothing else escapes, and nothing is allocated for what a
 * length or count merely claims.
 *
 * <p>Under {@code mvn verify} this replays the inputs in
 * {@code src/test/resources/dev/meshledger/p2p/wire/WireFuzzTestInputs/decode/}. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -B test -Dtest=WireFuzzTest} (findings are saved in that folder).
 */
class WireFuzzTest {
  /** Larger than anything a test input holds, so a decoder that allocated what a header claims would show. */
  private static final int MAX_FRAME = 16 << 20;
  /** Per input, over 64 bytes per input byte: the decoder's and codec's fixed costs. */
  private static final long ALLOCATION_SLACK = 1 << 20;
  private static final WireCodec CODEC = new WireCodec(64 << 10);
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    // Class loading and static set-up (Netty buffers, SHA-256, UTF-8 decoders) allocate megabytes
    // once; do it before any input is measured.
    ChainParams params = ChainParams.of("fuzz", 0, 64);
    Block genesis = Genesis.of(params);
    Block b1 = TestBlocks.child(params, genesis, "warm");
    ByteArrayOutputStream warm = new ByteArrayOutputStream();
    for (Message m : List.of(
        new Message.Hello(WireCodec.PROTOCOL, "fuzz", genesis.hash(), "ab".repeat(32), "127.0.0.1", 1, 0, Work.of(0)),
        new Message.Ping(1), new Message.Pong(1), new Message.Disconnect(DisconnectReason.REQUESTED, "x"),
        new Message.BlockMessage(b1), new Message.BlockAnnounce(b1.hash(), 1, Work.of(1)),
        new Message.ChainRequest(1, List.of(b1.hash()), 0, 1), new Message.ChainResponse(1, List.of(b1), 1),
        new Message.ValidationRequest(1), new Message.ValidationResponse(1, true, 1, b1.hash(), 1),
        new Message.PeersRequest(), new Message.Peers(List.of(new Message.PeerAddress("h", 1, "ab", 0))),
        new Message.TxAnnounce(List.of(b1.hash())), new Message.TxRequest(List.of(b1.hash())),
        new Message.Txs(List.of(TxWireCodecTest.transfer("fuzz", 1))))) {
      warm.writeBytes(CODEC.encode(m));
    }
    warm.writeBytes(new byte[] {0, 0, 0, 2, 1, (byte) 0xC3}); // a bad frame at the end
    for (int i = 0; i < 3; i++) {
      decodeStream(new int[] {1, 7, 64}, warm.toByteArray());
      decodeStream(new int[0], warm.toByteArray());
    }
  }

  @FuzzTest(maxDuration = "60s")
  void decode(FuzzedDataProvider data) {
    // The fuzzer picks where the stream is cut into chunks as well as the bytes.
    int[] cuts = new int[data.consumeInt(0, 8)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(1, 64);
    }
    byte[] stream = data.consumeRemainingAsBytes();
    long allocated = decodeStream(cuts, stream);
    long bound = ALLOCATION_SLACK + 64L * stream.length;
    assertTrue(allocated <= bound, allocated + " bytes allocated for a " + stream.length + "-byte input");
  }

  /** Feeds the stream to a decoder in chunks of the given sizes; returns the bytes this thread allocated. */
  private static long decodeStream(int[] cuts, byte[] stream) {
    long before = THREADS.getCurrentThreadAllocatedBytes();

    boolean[] failed = {false};
    FrameDecoder decoder = new FrameDecoder(MAX_FRAME, body -> {
      assertTrue(!failed[0], "a frame delivered after the decoder failed");
      try {
        CODEC.decode(body);
      } catch (ProtocolException expected) {
        // the only way a bad frame may end
      }
    }, e -> {
      assertTrue(!failed[0], "a second error after the decoder stopped");
      failed[0] = true;
    });
    int pos = 0;
    for (int i = 0; pos < stream.length; i++) {
      int n = cuts.length == 0 ? stream.length : Math.min(cuts[i % cuts.length], stream.length - pos);
      decoder.handle(Buffer.buffer(java.util.Arrays.copyOfRange(stream, pos, pos + n)));
      pos += n;
    }
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }
}
