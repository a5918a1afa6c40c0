package dev.meshledger.wire;

import static dev.meshledger.wire.WireCodec.MAX_BLOCKS_PER_RESPONSE;
import static dev.meshledger.wire.WireCodec.MAX_LOCATOR;
import static dev.meshledger.wire.WireCodec.count;
import static dev.meshledger.wire.WireCodec.nonNegative;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.Message.ChainResponse;
import dev.meshledger.wire.Message.StoredChainResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads of the Chain Request, framed by {@link WireCodec}.
 *
 * <pre>
 * CHAIN_REQUEST  = requestId u64 | count u32 | hash 32 * count | fromHeight u64 | maxCount u32
 * CHAIN_RESPONSE = requestId u64 | peerHeight u64 | count u32 | block * count
 * </pre>
 *
 * A {@link StoredChainResponse} writes its blocks' stored bytes as they are: the same frame as a
 * {@link ChainResponse} of those blocks. Counts are bounded before anything is allocated.
 */
final class ChainSyncCodec {
  private ChainSyncCodec() {}

  static void encode(ByteBuffer b, Message m) {
    if (m instanceof ChainRequest r) {
      b.putLong(r.requestId());
      b.putInt(r.locator().size());
      r.locator().forEach(h -> h.writeTo(b));
      b.putLong(r.fromHeight());
      b.putInt(r.maxCount());
    } else if (m instanceof StoredChainResponse r) {
      b.putLong(r.requestId());
      b.putLong(r.peerHeight());
      b.putInt(r.blocks().size());
      r.blocks().forEach(b::put);
    } else {
      ChainResponse r = (ChainResponse) m;
      b.putLong(r.requestId());
      b.putLong(r.peerHeight());
      b.putInt(r.blocks().size());
      r.blocks().forEach(block -> BlockCodec.encodeTo(b, block));
    }
  }

  static int payloadSize(Message m) {
    if (m instanceof ChainRequest r) {
      return 8 + 4 + Hash.SIZE * r.locator().size() + 8 + 4;
    }
    return 8 + 8 + 4 + (m instanceof StoredChainResponse r
        ? r.blocks().stream().mapToInt(bytes -> bytes.length).sum()
        : ((ChainResponse) m).blocks().stream().mapToInt(BlockCodec::encodedSize).sum());
  }

  static Message decode(MessageType type, ByteBuffer b, int maxBlockData) {
    long id = b.getLong();
    if (type == MessageType.CHAIN_REQUEST) {
      int n = count(b.getInt(), MAX_LOCATOR, "locator");
      List<Hash> locator = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        locator.add(BlockCodec.readHash(b));
      }
      return new ChainRequest(id, List.copyOf(locator), nonNegative(b.getLong()),
          count(b.getInt(), MAX_BLOCKS_PER_RESPONSE, "maxCount"));
    }
    long peerHeight = nonNegative(b.getLong());
    int n = count(b.getInt(), MAX_BLOCKS_PER_RESPONSE, "block count");
    List<Block> blocks = new ArrayList<>(Math.min(n, 256));
    for (int i = 0; i < n; i++) {
      blocks.add(BlockCodec.decodeFrom(b, maxBlockData));
    }
    return new ChainResponse(id, List.copyOf(blocks), peerHeight);
  }
}
