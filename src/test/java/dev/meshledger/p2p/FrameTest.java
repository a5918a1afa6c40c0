package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.wire.FrameDecoder;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.MessageType;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A broadcast encodes its message once: one frame, written whole to every peer. */
class FrameTest {
  private static final WireCodec CODEC = new WireCodec(65_536);
  private static final Message ANNOUNCE = new Message.BlockAnnounce(Hash.ZERO, 7, Work.of(70));

  private Vertx vertx;
  private NetClient client; // in a field: an unreferenced client is closed by a Cleaner

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    TestNetwork.get(vertx.close(), 30);
  }

  @Test
  void aFrameIsTheMessageAsTheCodecWritesIt() {
    Frame f = Frame.of(CODEC, 1 << 20, ANNOUNCE);
    assertEquals(MessageType.BLOCK_ANNOUNCE, f.type());
    assertArrayEquals(CODEC.encode(ANNOUNCE), f.bytes().getBytes());
    assertEquals(CODEC.encode(ANNOUNCE).length, f.length());
  }

  @Test
  void aFrameOverTheLimitIsNeverMade() {
    int payload = CODEC.encode(ANNOUNCE).length - WireCodec.LENGTH_SIZE;
    Frame.of(CODEC, payload, ANNOUNCE);
    assertThrows(IllegalArgumentException.class, () -> Frame.of(CODEC, payload - 1, ANNOUNCE));
  }

  @Test
  void theSameFrameWrittenToThreeSocketsReachesEachWhole() {
    List<Message> received = new CopyOnWriteArrayList<>();
    NetServer server = vertx.createNetServer().connectHandler(s -> s.handler(
        new FrameDecoder(1 << 20, body -> received.add(CODEC.decode(body)), e -> { })));
    int port = TestNetwork.get(server.listen(0, "127.0.0.1"), 30).actualPort();
    client = vertx.createNetClient();
    Frame frame = Frame.of(CODEC, 1 << 20, ANNOUNCE);
    for (int i = 0; i < 3; i++) {
      NetSocket s = TestNetwork.get(client.connect(port, "127.0.0.1"), 30);
      TestNetwork.get(s.write(frame.bytes()), 30);
      TestNetwork.get(s.write(frame.bytes()), 30);
    }
    TestNetwork.await("six copies arrived", () -> received.size() == 6);
    received.forEach(m -> assertEquals(ANNOUNCE, m));
    assertArrayEquals(CODEC.encode(ANNOUNCE), frame.bytes().getBytes(), "writing never consumed or changed the frame");
  }
}
