package dev.meshledger.wire;

import static dev.meshledger.wire.WireCodec.MAX_TXS;
import static dev.meshledger.wire.WireCodec.MAX_TX_IDS;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.LedgerFormatException;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.wire.Message.TxAnnounce;
import dev.meshledger.wire.Message.TxRequest;
import dev.meshledger.wire.Message.Txs;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Payloads of the transactions channel (TX_ANNOUNCE, TX_REQUEST, TXS), kept apart from
 * {@link WireCodec}, which frames them, because they follow the ledger's transfer format rather
 * than the chain's. Id lists are a u32 count and 32 bytes each; TXS is a u32 count and
 * {@link TransferBytes} each.
 */
final class TxCodec {
  private TxCodec() {}

  static int payloadSize(Message m) {
    return switch (m.type()) {
      case TX_ANNOUNCE -> 4 + Hash.SIZE * ((TxAnnounce) m).ids().size();
      case TX_REQUEST -> 4 + Hash.SIZE * ((TxRequest) m).ids().size();
      case TXS -> 4 + ((Txs) m).transfers().stream().mapToInt(TransferBytes::encodedSize).sum();
      default -> throw notTx(m.type());
    };
  }

  static void encode(ByteBuffer b, Message m) {
    switch (m.type()) {
      case TX_ANNOUNCE -> putIds(b, ((TxAnnounce) m).ids());
      case TX_REQUEST -> putIds(b, ((TxRequest) m).ids());
      case TXS -> {
        List<Transfer> ts = ((Txs) m).transfers();
        if (ts.size() > MAX_TXS) {
          throw new IllegalArgumentException(ts.size() + " transfers, over " + MAX_TXS);
        }
        b.putInt(ts.size());
        ts.forEach(t -> b.put(TransferBytes.encode(t)));
      }
      default -> throw notTx(m.type());
    }
  }

  static Message decode(MessageType type, ByteBuffer b) {
    return switch (type) {
      case TX_ANNOUNCE -> new TxAnnounce(getIds(b));
      case TX_REQUEST -> new TxRequest(getIds(b));
      case TXS -> new Txs(getTransfers(b));
      default -> throw notTx(type);
    };
  }

  private static void putIds(ByteBuffer b, List<Hash> ids) {
    if (ids.size() > MAX_TX_IDS) {
      throw new IllegalArgumentException(ids.size() + " transfer ids, over " + MAX_TX_IDS);
    }
    b.putInt(ids.size());
    ids.forEach(h -> h.writeTo(b));
  }

  /** Counts are checked against what is left before allocating, so a lying count costs nothing. */
  private static List<Hash> getIds(ByteBuffer b) {
    int n = WireCodec.count(b.getInt(), MAX_TX_IDS, "transfer id count");
    if ((long) n * Hash.SIZE > b.remaining()) {
      throw new ProtocolException("truncated id list: " + n + " ids in " + b.remaining() + " bytes");
    }
    List<Hash> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(BlockCodec.readHash(b));
    }
    return ids;
  }

  private static List<Transfer> getTransfers(ByteBuffer b) {
    int n = WireCodec.count(b.getInt(), MAX_TXS, "transfer count");
    if ((long) n * TransferBytes.MIN_SIZE > b.remaining()) {
      throw new ProtocolException("truncated TXS: " + n + " transfers cannot fit in " + b.remaining() + " bytes");
    }
    List<Transfer> ts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      try {
        ts.add(TransferBytes.read(b));
      } catch (LedgerFormatException e) {
        throw new ProtocolException("bad transfer " + i + " in TXS: " + e.getMessage());
      }
    }
    return ts;
  }

  private static IllegalStateException notTx(MessageType type) {
    return new IllegalStateException(type + " is not a transactions message");
  }
}
