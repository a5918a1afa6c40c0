package dev.meshledger.wire;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.ledger.LedgerFormatException;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.wire.Message.BlockTxn;
import dev.meshledger.wire.Message.CompactBlock;
import dev.meshledger.wire.Message.GetBlockTxn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads of compact relay (CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN), framed by {@link WireCodec}.
 *
 * <pre>
 * CMPCTBLOCK  = header (as HeaderBytes) | dataLength u32 | data | commit (as in a block)
 *             | evidence section (as in a block, only when the header's voteKind is 3) | nonce u64
 *             | count u32 | shortId 6 bytes * count
 * GETBLOCKTXN = blockHash 32 | count u32 | index u32 * count   (strictly ascending)
 * BLOCKTXN    = blockHash 32 | count u32 | transfer * count    (TransferBytes)
 * </pre>
 *
 * Every count is bounded by the chain's transfers per block ({@code chain.maxBlockTransfers}) and
 * by the bytes left before anything is allocated; the header's own transfer count is checked
 * against the short ids when the block is put together ({@link BlockCodec#assemble}).
 */
final class CompactCodec {
  private CompactCodec() {}

  static int payloadSize(Message m) {
    return switch (m.type()) {
      case CMPCTBLOCK -> {
        CompactBlock c = (CompactBlock) m;
        yield c.header().length + 4 + c.data().length + c.commit().encodedSize()
            + BlockCodec.evidenceSize(c.evidence()) + 8 + 4 + ShortIds.SIZE * c.shortIds().length;
      }
      case GETBLOCKTXN -> Hash.SIZE + 4 + 4 * ((GetBlockTxn) m).indexes().size();
      case BLOCKTXN -> Hash.SIZE + 4 + ((BlockTxn) m).transfers().stream().mapToInt(TransferBytes::encodedSize).sum();
      default -> throw notCompact(m.type());
    };
  }

  static void encode(ByteBuffer b, Message m) {
    switch (m.type()) {
      case CMPCTBLOCK -> {
        CompactBlock c = (CompactBlock) m;
        if (c.header().length != HeaderBytes.HEADER_SIZE) {
          throw new IllegalArgumentException("a header is " + HeaderBytes.HEADER_SIZE + " bytes, got " + c.header().length);
        }
        b.put(c.header()).putInt(c.data().length).put(c.data());
        BlockCodec.writeCommit(b, c.commit());
        BlockCodec.writeEvidence(b, c.evidence());
        b.putLong(c.nonce()).putInt(c.shortIds().length);
        for (long id : c.shortIds()) {
          b.putShort((short) (id >>> 32)).putInt((int) id);
        }
      }
      case GETBLOCKTXN -> {
        GetBlockTxn g = (GetBlockTxn) m;
        g.block().writeTo(b);
        b.putInt(g.indexes().size());
        g.indexes().forEach(b::putInt);
      }
      case BLOCKTXN -> {
        BlockTxn t = (BlockTxn) m;
        t.block().writeTo(b);
        b.putInt(t.transfers().size());
        t.transfers().forEach(x -> b.put(TransferBytes.encode(x)));
      }
      default -> throw notCompact(m.type());
    }
  }

  static Message decode(MessageType type, ByteBuffer b, int maxData, int maxTransfers) {
    return switch (type) {
      case CMPCTBLOCK -> {
        byte[] header = new byte[HeaderBytes.HEADER_SIZE];
        b.get(header);
        int length = b.getInt();
        if (length < 0 || length > maxData || length > b.remaining()) {
          throw new ProtocolException("compact block data length " + Integer.toUnsignedString(length) + " is out of bounds");
        }
        byte[] data = new byte[length];
        b.get(data);
        Commit commit = BlockCodec.readCommit(b);
        List<dev.meshledger.domain.finality.DoubleSign> evidence = BlockCodec.readEvidence(b, header, 0);
        long nonce = b.getLong();
        int n = fits(WireCodec.count(b.getInt(), maxTransfers, "short id count"), ShortIds.SIZE, b);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
          ids[i] = ((b.getShort() & 0xffffL) << 32) | (b.getInt() & 0xffffffffL);
        }
        yield new CompactBlock(header, data, commit, nonce, ids, evidence);
      }
      case GETBLOCKTXN -> {
        Hash block = BlockCodec.readHash(b);
        int n = fits(WireCodec.count(b.getInt(), maxTransfers, "index count"), 4, b);
        List<Integer> indexes = new ArrayList<>(n);
        int last = -1;
        for (int i = 0; i < n; i++) {
          int index = b.getInt();
          if (index <= last || index >= maxTransfers) {
            throw new ProtocolException("index " + Integer.toUnsignedString(index) + " is not ascending or is past "
                + maxTransfers);
          }
          indexes.add(index);
          last = index;
        }
        yield new GetBlockTxn(block, indexes);
      }
      case BLOCKTXN -> {
        Hash block = BlockCodec.readHash(b);
        int n = fits(WireCodec.count(b.getInt(), maxTransfers, "transfer count"), TransferBytes.MIN_SIZE, b);
        List<Transfer> ts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          try {
            ts.add(TransferBytes.read(b));
          } catch (LedgerFormatException e) {
            throw new ProtocolException("bad transfer " + i + " in BLOCKTXN: " + e.getMessage());
          }
        }
        yield new BlockTxn(block, ts);
      }
      default -> throw notCompact(type);
    };
  }

  /** A count whose items cannot fit in what is left is refused before anything is allocated. */
  private static int fits(int n, int itemSize, ByteBuffer b) {
    if ((long) n * itemSize > b.remaining()) {
      throw new ProtocolException(n + " items of " + itemSize + "+ bytes cannot fit in " + b.remaining() + " bytes");
    }
    return n;
  }

  private static IllegalStateException notCompact(MessageType type) {
    return new IllegalStateException(type + " is not a compact relay message");
  }
}
