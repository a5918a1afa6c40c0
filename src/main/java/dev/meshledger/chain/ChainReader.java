package dev.meshledger.chain;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.BlockRendering;
import dev.meshledger.bus.chain.ChainMessages.BlockList;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.chain.ChainMessages.BlockRange;
import dev.meshledger.bus.chain.ChainMessages.HeaderList;
import dev.meshledger.bus.chain.ChainMessages.ServeRange;
import dev.meshledger.bus.chain.ChainMessages.StoredBlocks;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.codec.HeaderCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.Header;
import dev.meshledger.storage.BlockReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the chain's readers (deployed {@code chain.readerThreads} times, each a worker of the
 * {@code chain-reader} pool): answers the read-only block queries from what the store has
 * committed, so reads never queue behind the writer's batches. A block is committed only once its
 * synced write returned, so nothing read here can be lost in a crash. Ranges are read as one
 * multi-get of the height index, one cut of the best chain even mid-reorg; blocks are then read by
 * hash, and a hash names one block for good.
 */
final class ChainReader extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ChainReader.class);

  /** Blocks read at once for headers: 64 full blocks of transfers are about 1 MB. */
  private static final int HEADER_SLICE = 64;

  private final BlockReader store;
  private final RenderCache cache;
  private final BlockRendering rendering;

  ChainReader(BlockReader store, RenderCache cache, BlockRendering rendering) {
    this.store = store;
    this.cache = cache;
    this.rendering = rendering;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    bus.<BlockLookup>localConsumer(Addresses.CHAIN_BLOCK, m -> answer(m, q -> hashOf(q).flatMap(store::block)));
    bus.<BlockRange>localConsumer(Addresses.CHAIN_BLOCKS,
        m -> answer(m, q -> Optional.of(new BlockList(store.range(Math.max(0, q.from()), q.limit())))));
    bus.<BlockRange>localConsumer(Addresses.CHAIN_HEADERS, m -> answer(m, q -> Optional.of(headers(q))));
    bus.<BlockLookup>localConsumer(Addresses.CHAIN_RENDERED_BLOCK, m -> answer(m, q -> hashOf(q).flatMap(this::rendered)));
    bus.<BlockRange>localConsumer(Addresses.CHAIN_RENDERED_BLOCKS, m -> answer(m, q -> Optional.of(renderedRange(q))));
    bus.<ServeRange>localConsumer(Addresses.CHAIN_SERVE, m -> answer(m, q -> Optional.of(serve(q))));
    return Future.succeededFuture();
  }

  private <T> void answer(Message<T> m, Function<T, Optional<?>> read) {
    Optional<?> reply;
    try {
      reply = read.apply(m.body());
    } catch (RuntimeException e) {
      log.error("reading {} failed", m.body(), e);
      m.fail(Bus.INTERNAL, Bus.failure("STORAGE", String.valueOf(e.getMessage())));
      return;
    }
    if (reply.isPresent()) {
      m.reply(reply.get(), Bus.LOCAL);
    } else if (m.body() instanceof BlockLookup q && q.hash() != null) {
      m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no block with hash " + q.hash()));
    } else if (m.body() instanceof BlockLookup q) {
      m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no block at height " + q.height()));
    }
  }

  /** The hash a lookup names: its own, the best chain's at its height, or the committed tip's. */
  private Optional<Hash> hashOf(BlockLookup q) {
    if (q.hash() != null) {
      return Optional.of(q.hash());
    }
    return q.height() < 0 ? store.head().map(Head::hash) : store.hashAt(q.height());
  }

  private Optional<Buffer> rendered(Hash hash) {
    byte[] cached = cache.get(hash);
    if (cached != null) {
      return Optional.of(Buffer.buffer(cached));
    }
    List<byte[]> stored = store.encoded(List.of(hash));
    return stored.isEmpty() ? Optional.empty() : Optional.of(Buffer.buffer(render(hash, stored.get(0))));
  }

  private byte[] render(Hash hash, byte[] stored) {
    byte[] r = rendering.render(BlockCodec.decodeStored(stored, hash));
    cache.put(hash, r);
    return r;
  }

  /** A range as one list: cached renderings concatenated, the others read in one multi-get and rendered once. */
  private Buffer renderedRange(BlockRange q) {
    List<Hash> hashes = q.from() < 0 ? List.of() : store.hashesFrom(q.from(), q.limit());
    byte[][] parts = cache.getAll(hashes);
    List<Hash> missing = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        missing.add(hashes.get(i));
        at.add(i);
      }
    }
    List<byte[]> stored = store.encoded(missing);
    for (int i = 0; i < stored.size(); i++) {
      parts[at.get(i)] = render(missing.get(i), stored.get(i));
    }
    byte[] start = rendering.listStart();
    byte[] end = rendering.listEnd();
    int n = 0;
    int size = start.length + end.length;
    while (n < parts.length && parts[n] != null) { // a block gone since its hash was read ends the list there
      size += parts[n].length + 1;
      n++;
    }
    Buffer out = Buffer.buffer(size).appendBytes(start);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.appendByte(BlockRendering.SEPARATOR);
      }
      out.appendBytes(parts[i]);
    }
    return out.appendBytes(end);
  }

  /**
   * Headers for a peer's GETHEADERS, cut from the stored bytes: read in slices, so at most a slice of
   * bodies (blocks full of transfers are ~17 KB each) is in memory at once, never the whole range.
   */
  private HeaderList headers(BlockRange q) {
    List<Hash> hashes = q.from() < 0 ? List.of() : store.hashesFrom(q.from(), q.limit());
    List<Header> out = new ArrayList<>(hashes.size());
    for (int i = 0; i < hashes.size(); i += HEADER_SLICE) {
      List<Hash> slice = hashes.subList(i, Math.min(hashes.size(), i + HEADER_SLICE));
      List<byte[]> stored = store.encoded(slice);
      for (int j = 0; j < stored.size(); j++) {
        out.add(HeaderCodec.ofStored(stored.get(j), slice.get(j)));
      }
      if (stored.size() < slice.size()) { // a block gone since its hash was read (a reorg) ends the list
        break;
      }
    }
    return new HeaderList(out);
  }

  /** A peer's range: the blocks' stored bytes as they are. */
  private StoredBlocks serve(ServeRange q) {
    long height = store.head().map(Head::height).orElse(-1L);
    long from = q.locator().isEmpty() ? q.fromHeight() : Locators.locate(store, q.locator()) + 1;
    return new StoredBlocks(store.encoded(store.hashesFrom(from, q.count())), height);
  }
}
