package dev.meshledger.wire;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Hash;
import dev.meshledger.wire.Message.DataMessage;
import dev.meshledger.wire.Message.ProposalMessage;
import dev.meshledger.wire.Message.VoteMessage;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Payloads of the consensus channel. Ids are 32 raw bytes on the wire, signatures 64.
 *
 * <pre>
 * PROPOSAL = height u64 | round u32 | polRound i32 | proposer 32 | signature 64 | block
 * VOTE     = type u8 (1 prevote, 2 precommit) | height u64 | round u32 | hasBlock u8 | block 32
 *          | validator 32 | signature 64
 * DATA     = length u32 | data
 * </pre>
 */
final class ConsensusCodec {
  static final int VOTE_SIZE = 1 + 8 + 4 + 1 + 32 + 32 + 64;

  private ConsensusCodec() {}

  static int payloadSize(Message m) {
    return switch (m.type()) {
      case PROPOSAL -> 8 + 4 + 4 + 32 + 64 + BlockCodec.encodedSize(((ProposalMessage) m).block());
      case VOTE -> VOTE_SIZE;
      case DATA -> 4 + ((DataMessage) m).data().length;
      default -> throw notConsensus(m.type());
    };
  }

  static void encode(ByteBuffer b, Message m) {
    switch (m.type()) {
      case PROPOSAL -> {
        ProposalMessage p = (ProposalMessage) m;
        b.putLong(p.height());
        b.putInt(p.round());
        b.putInt(p.polRound());
        b.put(id(p.proposer()));
        b.put(signature(p.signature()));
        BlockCodec.encodeTo(b, p.block());
      }
      case VOTE -> {
        VoteMessage v = (VoteMessage) m;
        b.put((byte) v.voteType());
        b.putLong(v.height());
        b.putInt(v.round());
        b.put((byte) (v.block().isPresent() ? 1 : 0));
        v.block().orElse(Hash.ZERO).writeTo(b);
        b.put(id(v.validator()));
        b.put(signature(v.signature()));
      }
      case DATA -> {
        byte[] data = ((DataMessage) m).data();
        b.putInt(data.length);
        b.put(data);
      }
      default -> throw notConsensus(m.type());
    }
  }

  static Message decode(MessageType type, ByteBuffer b, int maxBlockData) {
    return switch (type) {
      case PROPOSAL -> {
        long height = positive(b.getLong());
        int round = round(b.getInt());
        int polRound = b.getInt();
        if (polRound < -1 || polRound >= round && polRound != -1) {
          throw new ProtocolException("proposal polRound " + polRound + " is not in -1.." + (round - 1));
        }
        String proposer = readId(b);
        byte[] sig = new byte[64];
        b.get(sig);
        yield new ProposalMessage(height, round, polRound, proposer, sig, BlockCodec.decodeFrom(b, maxBlockData));
      }
      case VOTE -> {
        int voteType = b.get();
        if (voteType != 1 && voteType != 2) {
          throw new ProtocolException("vote type " + voteType + " is neither prevote (1) nor precommit (2)");
        }
        long height = positive(b.getLong());
        int round = round(b.getInt());
        int has = b.get();
        Hash block = BlockCodec.readHash(b);
        if (has != 0 && has != 1 || has == 0 && !block.equals(Hash.ZERO)) {
          throw new ProtocolException("a nil vote has hasBlock 0 and a zero hash");
        }
        String validator = readId(b);
        byte[] sig = new byte[64];
        b.get(sig);
        yield new VoteMessage(voteType, height, round, has == 1 ? Optional.of(block) : Optional.empty(), validator, sig);
      }
      case DATA -> {
        int n = WireCodec.count(b.getInt(), maxBlockData, "data length");
        if (n > b.remaining()) {
          throw new ProtocolException("truncated DATA: " + n + " bytes announced, " + b.remaining() + " left");
        }
        byte[] data = new byte[n];
        b.get(data);
        yield new DataMessage(data);
      }
      default -> throw notConsensus(type);
    };
  }

  private static long positive(long h) {
    if (h < 1) {
      throw new ProtocolException("a consensus height is at least 1, got " + h);
    }
    return h;
  }

  private static int round(int r) {
    if (r < 0) {
      throw new ProtocolException("a round is at least 0, got " + r);
    }
    return r;
  }

  private static byte[] id(String hex) {
    byte[] id = HexFormat.of().parseHex(hex);
    if (id.length != 32) {
      throw new IllegalArgumentException("a node id is 32 bytes");
    }
    return id;
  }

  private static String readId(ByteBuffer b) {
    byte[] id = new byte[32];
    b.get(id);
    return HexFormat.of().formatHex(id);
  }

  private static byte[] signature(byte[] sig) {
    if (sig.length != 64) {
      throw new IllegalArgumentException("a signature is 64 bytes");
    }
    return sig;
  }

  private static IllegalStateException notConsensus(MessageType type) {
    return new IllegalStateException(type + " is not a consensus message");
  }
}
