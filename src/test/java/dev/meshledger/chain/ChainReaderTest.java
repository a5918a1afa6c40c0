package dev.meshledger.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.meshledger.api.BlockJson;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainClient;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.chain.ChainMessages.ServeRange;
import dev.meshledger.bus.chain.ChainMessages.StoredBlocks;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.config.ChainLimits;
import dev.meshledger.config.MempoolLimits;
import dev.meshledger.config.ReaderOptions;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.RocksBlockStore;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message.StoredChainResponse;
import dev.meshledger.wire.WireCodec;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain's readers over a real RocksDB store: ranges and lookups rendered as the API shows
 * them (through the cache, across a reorg), and stored bytes served to peers as they are.
 */
class ChainReaderTest {
  private static final ChainParams PARAMS = ChainParams.of("reader-test", 0, 4096);
  private static final Block G = Genesis.of(PARAMS);
  private static final long TIMEOUT_S = 30;

  @TempDir
  Path dir;
  private Vertx vertx;
  private ChainClient chain;
  private BlockStore store;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx);
    vertx.deployVerticle(new ChainVerticle(() -> store = RocksBlockStore.open(dir), PARAMS, MempoolLimits.DEFAULTS,
            ChainLimits.DEFAULTS, new ReaderOptions(2, 1 << 20), BlockJson.RENDERING),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await(TIMEOUT_S, TimeUnit.SECONDS);
    chain = new ChainClient(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(TIMEOUT_S, TimeUnit.SECONDS);
  }

  private static List<Block> branch(Block parent, String name, int n) {
    List<Block> out = new ArrayList<>();
    Block p = parent;
    for (int i = 0; i < n; i++) {
      p = TestBlocks.child(PARAMS, p, "\"" + name + (p.height() + 1) + "\"");
      out.add(p);
    }
    return out;
  }

  private AddResult submit(Block b) throws Exception {
    return chain.submit(b, BlockSource.LOCAL, System.currentTimeMillis(), false).await(TIMEOUT_S, TimeUnit.SECONDS);
  }

  private String range(long from, int limit) throws Exception {
    return chain.renderedBlocks(from, limit).await(TIMEOUT_S, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8);
  }

  private String block(BlockLookup q) throws Exception {
    return chain.renderedBlock(q).await(TIMEOUT_S, TimeUnit.SECONDS).toString(StandardCharsets.UTF_8);
  }

  private static List<Block> with(Block first, List<Block> rest) {
    List<Block> out = new ArrayList<>(List.of(first));
    out.addAll(rest);
    return out;
  }

  @Test
  void aRangeAfterAReorgShowsTheNewBranchThoughTheOldWasCached() throws Exception {
    List<Block> a = branch(G, "a", 2);
    for (Block b : a) {
      submit(b);
    }
    assertEquals(BlockJson.encodeList(with(G, a)), range(0, 100), "the API's JSON, byte for byte");
    assertEquals(BlockJson.encode(a.get(0)), block(new BlockLookup(null, 1)));
    List<Block> b = branch(G, "b", 3); // longer: more work, so it takes the tip
    for (Block x : b) {
      assertInstanceOf(AddResult.Added.class, submit(x));
    }
    assertEquals(BlockJson.encodeList(with(G, b)), range(0, 100), "the heights now hold the new branch");
    assertEquals(BlockJson.encodeList(b.subList(1, 3)), range(2, 2));
    assertEquals(BlockJson.encode(b.get(0)), block(new BlockLookup(null, 1)));
    assertEquals(BlockJson.encode(b.get(2)), block(BlockLookup.latest()));
    assertEquals(BlockJson.encode(a.get(1)), block(new BlockLookup(a.get(1).hash(), -1)), "a side block, by its hash");
    assertEquals("{\"blocks\":[]}", range(4, 10), "nothing past the tip");
    assertEquals(b.get(2).hash(), chain.block(BlockLookup.latest()).await(TIMEOUT_S, TimeUnit.SECONDS).hash());
    assertEquals(b.stream().map(Block::hash).toList(),
        chain.blocks(1, 5).await(TIMEOUT_S, TimeUnit.SECONDS).stream().map(Block::hash).toList());
  }

  @Test
  void aBlockThatIsNotStoredIsNotFound() throws Exception {
    submit(branch(G, "a", 1).get(0));
    Hash unknown = Hash.ZERO;
    assertEquals("NOT_FOUND: no block at height 2", failure(new BlockLookup(null, 2)));
    assertEquals("NOT_FOUND: no block with hash " + unknown, failure(new BlockLookup(unknown, -1)));
  }

  private String failure(BlockLookup q) {
    try {
      chain.renderedBlock(q).await(TIMEOUT_S, TimeUnit.SECONDS);
      return "found";
    } catch (Exception e) {
      return e.getMessage();
    }
  }

  @Test
  void aPeerIsServedTheBytesTheStoreHoldsAsTheyAre() throws Exception {
    List<Block> a = branch(G, "a", 3);
    for (Block b : a) {
      submit(b);
    }
    List<Hash> hashes = a.stream().map(Block::hash).toList();
    StoredBlocks byHeight = chain.serve(new ServeRange(List.of(), 1, 10)).await(TIMEOUT_S, TimeUnit.SECONDS);
    assertEquals(3, byHeight.height());
    List<byte[]> stored = store.encoded(hashes);
    assertEquals(3, byHeight.blocks().size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(stored.get(i), byHeight.blocks().get(i), "block " + (i + 1) + " as stored");
      assertArrayEquals(BlockCodec.encode(a.get(i)), byHeight.blocks().get(i), "the canonical encoding");
    }
    WireCodec wire = new WireCodec(4096);
    byte[] frame = wire.encode(new StoredChainResponse(9, byHeight.blocks(), 3));
    assertArrayEquals(wire.encode(new ChainResponse(9, a, 3)), frame, "the frame a decoded response would make");
    Message decoded = wire.decode(java.util.Arrays.copyOfRange(frame, WireCodec.LENGTH_SIZE, frame.length));
    assertEquals(hashes, ((ChainResponse) decoded).blocks().stream().map(Block::hash).toList());

    assertEquals(List.of(a.get(2).hash()), served(new ServeRange(List.of(a.get(1).hash(), G.hash()), 99, 10)),
        "just past the first locator hash on our chain; the height is not used");
    assertEquals(hashes, served(new ServeRange(List.of(Hash.ZERO), 99, 10)), "no hash known: from genesis on");
    assertEquals(hashes.subList(0, 2), served(new ServeRange(List.of(), 1, 2)), "at most count");
    assertEquals(List.of(), served(new ServeRange(List.of(), 4, 10)), "nothing past the tip");
  }

  private List<Hash> served(ServeRange r) throws Exception {
    return chain.serve(r).await(TIMEOUT_S, TimeUnit.SECONDS).blocks().stream()
        .map(bytes -> BlockCodec.decode(bytes).hash()).toList();
  }
}
