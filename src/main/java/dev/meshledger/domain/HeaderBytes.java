package dev.meshledger.domain;

import dev.meshledger.domain.finality.ValidatorVote;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The canonical bytes of a block header: what the producer signs and what the block hash is
 * the SHA-256 of. They define a block's identity, so they live with the block; the full binary
 * encoding for storage and the wire ({@code codec.BlockCodec}) builds on them.
 *
 * <pre>
 * header  = height u64 | prevHash 32 | timestamp i64 | dataHash 32 | txRoot 32 | txCount u32
 *         | stateRoot 32 | bits u32 | producer 32 | voteKind u8 | voteSubject 32
 *         | signature 64 | nonce u64                                  (289 bytes, big-endian)
 * signed  = the first 217 bytes of the header (up to and including voteSubject)
 * vote    = kind 0 none (subject all zero) | 1 add subject | 2 remove subject: a proof-of-authority
 *           proposer's vote on the validator set, always present so the header keeps one size
 *         | 3 evidence: subject = SHA-256 of the block's evidence section ({@code finality.EvidenceBytes},
 *           proof of stake only), so the signature and the hash commit to the double signs it carries
 * hash    = SHA-256(header)
 * </pre>
 *
 * {@code bits} is the compact target (Bitcoin's nBits, {@code domain.pow.CompactBits}) the hash
 * must not exceed; 0 under BFT, where blocks carry no proof of work.
 *
 * <p>The transfer count sits beside the root because an RFC 6962 inclusion proof fixes its leaf only
 * together with the tree size: a client holding a header can check a proof with nothing else.
 */
public final class HeaderBytes {
  /** voteKind u8 and voteSubject 32. */
  public static final int VOTE_SIZE = 1 + 32;
  public static final int VOTE_NONE = 0;
  public static final int VOTE_ADD = 1;
  public static final int VOTE_REMOVE = 2;
  public static final int VOTE_EVIDENCE = 3;
  /** Where voteKind sits in the header. */
  public static final int VOTE_KIND_OFFSET = 8 + 32 + 8 + 32 + 32 + 4 + 32 + 4 + 32;
  public static final int SIGNED_SIZE = 8 + 32 + 8 + 32 + 32 + 4 + 32 + 4 + 32 + VOTE_SIZE;
  public static final int HEADER_SIZE = SIGNED_SIZE + 64 + 8;
  public static final int NONCE_OFFSET = HEADER_SIZE - 8;

  private HeaderBytes() {}

  /** The fields the producer signs: the header without signature and nonce. */
  public record Signed(long height, Hash prev, long timestamp, Hash dataHash, Hash txRoot, int txCount,
      Hash stateRoot, int bits, byte[] producer, ValidatorVote vote, Hash evidence) {
    /** The fields of a block without evidence ({@code evidence}: the hash of its section, null when none). */
    public Signed(long height, Hash prev, long timestamp, Hash dataHash, Hash txRoot, int txCount, Hash stateRoot,
        int bits, byte[] producer, ValidatorVote vote) {
      this(height, prev, timestamp, dataHash, txRoot, txCount, stateRoot, bits, producer, vote, null);
    }

    /** The fields of a block without a vote. */
    public Signed(long height, Hash prev, long timestamp, Hash dataHash, Hash txRoot, int txCount, Hash stateRoot,
        int bits, byte[] producer) {
      this(height, prev, timestamp, dataHash, txRoot, txCount, stateRoot, bits, producer, null);
    }

    public byte[] bytes() {
      ByteBuffer b = ByteBuffer.allocate(SIGNED_SIZE);
      put(b);
      return b.array();
    }

    void put(ByteBuffer b) {
      b.putLong(height);
      prev.writeTo(b);
      b.putLong(timestamp);
      dataHash.writeTo(b);
      txRoot.writeTo(b);
      b.putInt(txCount);
      stateRoot.writeTo(b);
      b.putInt(bits);
      b.put(producer);
      if (evidence != null) {
        b.put((byte) VOTE_EVIDENCE);
        evidence.writeTo(b);
      } else {
        putVote(b, vote);
      }
    }
  }

  private static void putVote(ByteBuffer b, ValidatorVote vote) {
    if (vote == null) {
      b.put((byte) VOTE_NONE);
      b.put(new byte[VOTE_SIZE - 1]);
      return;
    }
    b.put((byte) (vote.add() ? VOTE_ADD : VOTE_REMOVE));
    b.put(HexFormat.of().parseHex(vote.subject()));
  }

  public static Signed signedFields(Block block) {
    return new Signed(block.height(), block.prevHash(), block.timestamp(), block.dataHash(), block.txRoot(),
        block.txCount(), block.stateRoot(), block.bits(), block.producer(), block.vote(),
        block.evidence().isEmpty() ? null : dev.meshledger.domain.finality.EvidenceBytes.hash(block.evidence()));
  }

  public static byte[] signedBytes(Block block) {
    return signedFields(block).bytes();
  }

  public static byte[] header(Block block) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
    putHeader(b, block);
    return b.array();
  }

  /** Recomputes the hash from the header fields; a valid block's {@code hash} equals this. */
  public static Hash computeHash(Block block) {
    return Sha256.of(header(block));
  }

  public static void putHeader(ByteBuffer b, Block block) {
    signedFields(block).put(b);
    b.put(block.signature());
    b.putLong(block.nonce());
  }
}
