package dev.meshledger.wire;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.codec.CodecException;
import dev.meshledger.domain.Hash;
import dev.meshledger.wire.Message.BlockAnnounce;
import dev.meshledger.wire.Message.BlockMessage;
import dev.meshledger.wire.Message.Disconnect;
import dev.meshledger.wire.Message.Hello;
import dev.meshledger.wire.Message.PeerAddress;
import dev.meshledger.wire.Message.Peers;
import dev.meshledger.wire.Message.PeersRequest;
import dev.meshledger.wire.Message.Ping;
import dev.meshledger.wire.Message.Pong;
import dev.meshledger.wire.Message.ValidationRequest;
import dev.meshledger.wire.Message.ValidationResponse;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames and payloads of protocol meshledger/1. A frame is a 4-byte big-endian length (of what
 * follows), a 1-byte {@link MessageType} code and the payload. Integers are big-endian, strings
 * a u16 length and UTF-8, lists a u32 count; every count and length is bounded before anything
 * is allocated. Decoding is strict: trailing bytes are an error. The transactions channel's
 * payloads are in {@link TxCodec}, compact relay's in {@link CompactCodec}, the Chain Request's in
 * {@link ChainSyncCodec}, headers-first sync's in {@link HeadersCodec}.
 */
public final class WireCodec {
  public static final String PROTOCOL = "meshledger/1";
  public static final int LENGTH_SIZE = 4;
  /** Caps on list sizes, whatever the frame limit allows. */
  public static final int MAX_LOCATOR = 64;
  public static final int MAX_BLOCKS_PER_RESPONSE = 2000;
  public static final int MAX_PEERS = 1000;
  /** Transfer ids in one TX_ANNOUNCE or TX_REQUEST: eth/68 and Bitcoin's inv allow a few thousand. */
  public static final int MAX_TX_IDS = 4096;
  /** Transfers in one TXS: 4096 of the largest (218 bytes) make under 1 MiB, well within the default frame. */
  public static final int MAX_TXS = 4096;
  private static final int MAX_STRING = 1024;

  private final int maxBlockData;
  private final int maxBlockTransfers;
  private final int maxHeaders;

  /** With the default cap on transfers per block, for tools and tests. */
  public WireCodec(int maxBlockData) {
    this(maxBlockData, dev.meshledger.domain.LedgerParams.DEFAULT_MAX_BLOCK_TRANSFERS);
  }

  /** @param maxBlockTransfers the cap on a compact block's short ids and a BLOCKTXN's transfers */
  public WireCodec(int maxBlockData, int maxBlockTransfers) {
    this(maxBlockData, maxBlockTransfers, HeadersCodec.DEFAULT_MAX_HEADERS);
  }

  /** @param maxHeaders the cap on a GETHEADERS' maxCount and a HEADERS' count ({@code sync.headersPerRequest}) */
  public WireCodec(int maxBlockData, int maxBlockTransfers, int maxHeaders) {
    this.maxBlockData = maxBlockData;
    this.maxBlockTransfers = maxBlockTransfers;
    this.maxHeaders = maxHeaders;
  }

  /** The whole frame, length prefix included. */
  public byte[] encode(Message m) {
    ByteBuffer b = ByteBuffer.allocate(LENGTH_SIZE + 1 + payloadSize(m));
    b.putInt(b.capacity() - LENGTH_SIZE);
    b.put((byte) m.type().code());
    switch (m.type()) {
      case HELLO -> {
        Hello h = (Hello) m;
        putString(b, h.protocol());
        putString(b, h.chainId());
        h.genesis().writeTo(b);
        putString(b, h.nodeId());
        putString(b, h.host());
        b.putInt(h.listenPort());
        b.putLong(h.height());
        BlockCodec.writeWork(b, h.totalWork());
      }
      case PING -> b.putLong(((Ping) m).nonce());
      case PONG -> b.putLong(((Pong) m).nonce());
      case DISCONNECT -> {
        Disconnect d = (Disconnect) m;
        b.put((byte) d.reason().code());
        putString(b, d.detail());
      }
      case BLOCK -> BlockCodec.encodeTo(b, ((BlockMessage) m).block());
      case BLOCK_ANNOUNCE -> {
        BlockAnnounce a = (BlockAnnounce) m;
        a.hash().writeTo(b);
        b.putLong(a.height());
        BlockCodec.writeWork(b, a.totalWork());
      }
      case CHAIN_REQUEST, CHAIN_RESPONSE -> ChainSyncCodec.encode(b, m);
      case VALIDATION_REQUEST -> b.putLong(((ValidationRequest) m).requestId());
      case VALIDATION_RESPONSE -> {
        ValidationResponse r = (ValidationResponse) m;
        b.putLong(r.requestId());
        b.put((byte) (r.valid() ? 1 : 0));
        b.putLong(r.height());
        r.tip().writeTo(b);
        b.putLong(r.checked());
      }
      case PEERS_REQUEST -> { }
      case PEERS -> {
        Peers p = (Peers) m;
        b.putInt(p.peers().size());
        for (PeerAddress a : p.peers()) {
          putString(b, a.host());
          b.putInt(a.port());
          putString(b, a.nodeId());
          b.putLong(a.lastSeen());
        }
      }
      case TX_ANNOUNCE, TX_REQUEST, TXS -> TxCodec.encode(b, m);
      case PROPOSAL, VOTE, DATA -> ConsensusCodec.encode(b, m);
      case CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN -> CompactCodec.encode(b, m);
      case GETHEADERS, HEADERS -> HeadersCodec.encode(b, m);
    }
    if (b.hasRemaining()) {
      throw new IllegalStateException("payload size of " + m.type() + " miscounted");
    }
    return b.array();
  }

  private static int payloadSize(Message m) {
    return switch (m.type()) {
      case HELLO -> {
        Hello h = (Hello) m;
        yield strSize(h.protocol()) + strSize(h.chainId()) + Hash.SIZE + strSize(h.nodeId()) + strSize(h.host()) + 4 + 8
            + BlockCodec.workSize(h.totalWork());
      }
      case PING, PONG, VALIDATION_REQUEST -> 8;
      case DISCONNECT -> 1 + strSize(((Disconnect) m).detail());
      case BLOCK -> BlockCodec.encodedSize(((BlockMessage) m).block());
      case BLOCK_ANNOUNCE -> Hash.SIZE + 8 + BlockCodec.workSize(((BlockAnnounce) m).totalWork());
      case CHAIN_REQUEST, CHAIN_RESPONSE -> ChainSyncCodec.payloadSize(m);
      case VALIDATION_RESPONSE -> 8 + 1 + 8 + Hash.SIZE + 8;
      case PEERS_REQUEST -> 0;
      case PEERS -> 4 + ((Peers) m).peers().stream()
          .mapToInt(a -> strSize(a.host()) + 4 + strSize(a.nodeId()) + 8).sum();
      case TX_ANNOUNCE, TX_REQUEST, TXS -> TxCodec.payloadSize(m);
      case PROPOSAL, VOTE, DATA -> ConsensusCodec.payloadSize(m);
      case CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN -> CompactCodec.payloadSize(m);
      case GETHEADERS, HEADERS -> HeadersCodec.payloadSize(m);
    };
  }

  /** Decodes one frame's body (type code and payload, without the length prefix). */
  public Message decode(byte[] body) {
    if (body.length < 1) {
      throw new ProtocolException("empty frame");
    }
    MessageType type = MessageType.of(body[0] & 0xff);
    if (type == null) {
      throw new ProtocolException("unknown message type " + (body[0] & 0xff));
    }
    ByteBuffer b = ByteBuffer.wrap(body, 1, body.length - 1).slice();
    try {
      Message m = decodePayload(type, b);
      if (b.hasRemaining()) {
        throw new ProtocolException(b.remaining() + " trailing bytes after " + type);
      }
      return m;
    } catch (BufferUnderflowException e) {
      throw new ProtocolException("truncated " + type);
    } catch (CodecException | IllegalArgumentException e) {
      throw new ProtocolException("bad " + type + ": " + e.getMessage());
    }
  }

  private Message decodePayload(MessageType type, ByteBuffer b) {
    return switch (type) {
      case HELLO -> new Hello(getString(b), getString(b), BlockCodec.readHash(b), getString(b), getString(b),
          port(b.getInt()), nonNegative(b.getLong()), BlockCodec.readWork(b));
      case PING -> new Ping(b.getLong());
      case PONG -> new Pong(b.getLong());
      case DISCONNECT -> new Disconnect(DisconnectReason.of(b.get() & 0xff), getString(b));
      case BLOCK -> new BlockMessage(BlockCodec.decodeFrom(b, maxBlockData));
      case BLOCK_ANNOUNCE -> new BlockAnnounce(BlockCodec.readHash(b), nonNegative(b.getLong()), BlockCodec.readWork(b));
      case CHAIN_REQUEST, CHAIN_RESPONSE -> ChainSyncCodec.decode(type, b, maxBlockData);
      case VALIDATION_REQUEST -> new ValidationRequest(b.getLong());
      case VALIDATION_RESPONSE -> new ValidationResponse(b.getLong(), bool(b.get()), nonNegative(b.getLong()),
          BlockCodec.readHash(b), nonNegative(b.getLong()));
      case PEERS_REQUEST -> new PeersRequest();
      case PEERS -> {
        int n = count(b.getInt(), MAX_PEERS, "peer count");
        List<PeerAddress> peers = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
          peers.add(new PeerAddress(getString(b), port(b.getInt()), getString(b), b.getLong()));
        }
        yield new Peers(List.copyOf(peers));
      }
      case TX_ANNOUNCE, TX_REQUEST, TXS -> TxCodec.decode(type, b);
      case PROPOSAL, VOTE, DATA -> ConsensusCodec.decode(type, b, maxBlockData);
      case CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN -> CompactCodec.decode(type, b, maxBlockData, maxBlockTransfers);
      case GETHEADERS, HEADERS -> HeadersCodec.decode(type, b, maxHeaders);
    };
  }

  /** A count read off the wire, bounded before anything is allocated. */
  static int count(int n, int max, String what) {
    if (n < 0 || n > max) {
      throw new ProtocolException(what + " " + Integer.toUnsignedString(n) + " is over the limit of " + max);
    }
    return n;
  }

  static long nonNegative(long v) {
    if (v < 0) {
      throw new ProtocolException("negative value where none is allowed");
    }
    return v;
  }

  private static int port(int p) {
    if (p < 0 || p > 65_535) {
      throw new ProtocolException("port " + p + " out of range");
    }
    return p;
  }

  private static boolean bool(byte v) {
    if (v != 0 && v != 1) {
      throw new ProtocolException("boolean byte " + v);
    }
    return v == 1;
  }

  private static int strSize(String s) {
    return 2 + s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void putString(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_STRING) {
      throw new IllegalArgumentException("string over " + MAX_STRING + " bytes");
    }
    b.putShort((short) bytes.length);
    b.put(bytes);
  }

  private static String getString(ByteBuffer b) {
    int len = b.getShort() & 0xffff;
    if (len > MAX_STRING || len > b.remaining()) {
      throw new ProtocolException("string length " + len + " out of bounds");
    }
    ByteBuffer slice = b.slice(b.position(), len);
    b.position(b.position() + len);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(slice).toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolException("string is not valid UTF-8");
    }
  }
}
