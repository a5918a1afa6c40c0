package dev.meshledger.codec;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.EvidenceBytes;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.ledger.LedgerFormatException;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.domain.pow.Work;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The binary encoding of whole blocks, for storage and the wire: the canonical header
 * ({@link HeaderBytes}) followed by the data and the transfers.
 *
 * <pre>
 * block   = header (HeaderBytes.HEADER_SIZE bytes) | dataLength u32 | data | transfer * txCount (the header's count) | commit
 * commit  = count u16 | (when count > 0) round u32 | (validator 32 | signature 64) * count
 * block  += evidence section (EvidenceBytes), only when the header's voteKind is 3 (evidence)
 * </pre>
 *
 * Each transfer is {@code TransferBytes}' encoding, which delimits itself. The commit (BFT only;
 * a count of 0 otherwise) is not part of the header, so not of the hash. The header's vote is read
 * strictly: a kind other than none, add or remove, or a subject with kind none, is refused.
 */
public final class BlockCodec {
  private BlockCodec() {}
  public static int encodedSize(Block block) {
    int size = HeaderBytes.HEADER_SIZE + 4 + block.data().length + block.commit().encodedSize()
        + evidenceSize(block.evidence());
    for (Transfer t : block.transactions()) {
      size += TransferBytes.encodedSize(t);
    }
    return size;
  }

  public static byte[] encode(Block block) {
    ByteBuffer b = ByteBuffer.allocate(encodedSize(block));
    encodeTo(b, block);
    return b.array();
  }

  public static void encodeTo(ByteBuffer b, Block block) {
    HeaderBytes.putHeader(b, block);
    b.putInt(block.data().length);
    b.put(block.data());
    for (Transfer t : block.transactions()) {
      b.put(TransferBytes.encode(t));
    }
    writeCommit(b, block.commit());
    writeEvidence(b, block.evidence());
  }

  public static int evidenceSize(List<DoubleSign> evidence) {
    return evidence.isEmpty() ? 0 : EvidenceBytes.size(evidence);
  }

  /** The evidence section, when there is one (a compact block carries it the same way). */
  public static void writeEvidence(ByteBuffer b, List<DoubleSign> evidence) {
    if (!evidence.isEmpty()) {
      EvidenceBytes.write(b, evidence);
    }
  }

  /**
   * The evidence section after a commit, read when {@code header} (a block's header bytes, from index
   * {@code start}) says there is one: it must hash to the header's subject. Empty otherwise.
   */
  public static List<DoubleSign> readEvidence(ByteBuffer b, byte[] header, int start) {
    if ((header[start + HeaderBytes.VOTE_KIND_OFFSET] & 0xff) != HeaderBytes.VOTE_EVIDENCE) {
      return List.of();
    }
    int from = b.position();
    List<DoubleSign> evidence;
    try {
      evidence = EvidenceBytes.read(b);
    } catch (IllegalArgumentException e) {
      throw new CodecException("bad evidence section: " + e.getMessage());
    }
    Hash got = Sha256.of(b.array(), b.arrayOffset() + from, b.position() - from);
    Hash want = Hash.wrap(java.util.Arrays.copyOfRange(header, start + HeaderBytes.VOTE_KIND_OFFSET + 1,
        start + HeaderBytes.VOTE_KIND_OFFSET + 1 + Hash.SIZE));
    if (!got.equals(want)) {
      throw new CodecException("the evidence section does not match the header's evidence hash");
    }
    return evidence;
  }

  /** A commit as it ends a block's encoding (a compact block carries it the same way). */
  public static void writeCommit(ByteBuffer b, Commit c) {
    b.putShort((short) c.signatures().size());
    if (!c.isEmpty()) {
      b.putInt(c.round());
      for (CommitSig s : c.signatures()) {
        b.put(s.validator());
        b.put(s.signature());
      }
    }
  }

  /**
   * Puts a block together from the parts a compact block carries and the transfers found for it:
   * the header bytes as {@link HeaderBytes} made them, the data and the commit. Decoded as any
   * block from a peer (hash recomputed); a transfer count that does not match the header's fails.
   */
  public static Block assemble(byte[] header, byte[] data, List<Transfer> transfers, Commit commit) {
    return assemble(header, data, transfers, commit, List.of());
  }

  /** {@link #assemble} of a block carrying {@code evidence}. */
  public static Block assemble(byte[] header, byte[] data, List<Transfer> transfers, Commit commit,
      List<DoubleSign> evidence) {
    int size = header.length + 4 + data.length + commit.encodedSize() + evidenceSize(evidence);
    List<byte[]> encoded = new ArrayList<>(transfers.size());
    for (Transfer t : transfers) {
      byte[] e = TransferBytes.encode(t);
      encoded.add(e);
      size += e.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(header).putInt(data.length).put(data);
    encoded.forEach(b::put);
    writeCommit(b, commit);
    writeEvidence(b, evidence);
    return decode(b.array());
  }

  /** Reads a commit as {@link #writeCommit} wrote it. */
  public static Commit readCommit(ByteBuffer b) {
    int count = b.getShort() & 0xffff;
    if (count == 0) {
      return Commit.NONE;
    }
    int round = b.getInt();
    if (round < 0 || count > Commit.MAX_SIGNATURES || count > b.remaining() / CommitSig.SIZE) {
      throw new CodecException("commit round " + round + " or signature count " + count + " is out of bounds");
    }
    List<CommitSig> sigs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] validator = new byte[CommitSig.VALIDATOR_SIZE];
      b.get(validator);
      byte[] signature = new byte[CommitSig.SIGNATURE_SIZE];
      b.get(signature);
      sigs.add(new CommitSig(validator, signature));
    }
    return new Commit(round, sigs);
  }

  /** Decodes one block; the hash is recomputed, never trusted from outside. */
  public static Block decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    Block block = decodeFrom(b, Integer.MAX_VALUE);
    if (b.hasRemaining()) {
      throw new CodecException(b.remaining() + " trailing bytes after a block");
    }
    return block;
  }

  /**
   * Decodes a block read back from our own store under its hash, which is taken as it is rather
   * than computed again (RocksDB checks its own blocks' checksums on every read).
   */
  public static Block decodeStored(byte[] bytes, Hash hash) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    Block block = decodeFrom(b, Integer.MAX_VALUE, hash);
    if (b.hasRemaining()) {
      throw new CodecException(b.remaining() + " trailing bytes after a block");
    }
    return block;
  }

  /** Decodes one block from the buffer's position, refusing data longer than {@code maxData}. */
  public static Block decodeFrom(ByteBuffer b, int maxData) {
    return decodeFrom(b, maxData, null);
  }

  private static Block decodeFrom(ByteBuffer b, int maxData, Hash knownHash) {
    try {
      int start = b.position();
      long height = b.getLong();
      Hash prev = readHash(b);
      long timestamp = b.getLong();
      Hash dataHash = readHash(b);
      Hash txRoot = readHash(b);
      int txCount = b.getInt();
      Hash stateRoot = readHash(b);
      int bits = b.getInt();
      byte[] producer = new byte[Block.PRODUCER_SIZE];
      b.get(producer);
      ValidatorVote vote = readVote(b);
      byte[] signature = new byte[Block.SIGNATURE_SIZE];
      b.get(signature);
      long nonce = b.getLong();
      Hash hash = knownHash != null ? knownHash : Sha256.of(b.array(), b.arrayOffset() + start, HeaderBytes.HEADER_SIZE);
      int length = b.getInt();
      if (length < 0 || length > maxData || length > b.remaining()) {
        throw new CodecException("block data length " + Integer.toUnsignedString(length) + " is out of bounds");
      }
      byte[] data = new byte[length];
      b.get(data);
      if (height < 0) {
        throw new CodecException("negative block height");
      }
      // a count no remaining bytes could hold is refused before anything is allocated for it
      if (txCount < 0 || txCount > b.remaining() / TransferBytes.MIN_SIZE) {
        throw new CodecException("block transfer count " + Integer.toUnsignedString(txCount) + " is out of bounds");
      }
      List<Transfer> transactions = new ArrayList<>(txCount);
      for (int i = 0; i < txCount; i++) {
        transactions.add(TransferBytes.read(b));
      }
      Commit commit = readCommit(b);
      List<DoubleSign> evidence = readEvidence(b, b.array(), b.arrayOffset() + start);
      return new Block(height, prev, timestamp, dataHash, txRoot, stateRoot, bits, producer, signature, nonce, data,
          transactions, hash, commit, vote, evidence);
    } catch (BufferUnderflowException e) {
      throw new CodecException("truncated block");
    } catch (LedgerFormatException e) {
      throw new CodecException("bad transfer in block: " + e.getMessage());
    }
  }

  static ValidatorVote readVote(ByteBuffer b) {
    int kind = b.get() & 0xff;
    byte[] subject = new byte[HeaderBytes.VOTE_SIZE - 1];
    b.get(subject);
    if (kind == HeaderBytes.VOTE_NONE) {
      for (byte x : subject) {
        if (x != 0) {
          throw new CodecException("a header without a vote has a non-zero vote subject");
        }
      }
      return null;
    }
    if (kind == HeaderBytes.VOTE_EVIDENCE) {
      return null; // the subject is the evidence section's hash, checked when the section is read
    }
    if (kind != HeaderBytes.VOTE_ADD && kind != HeaderBytes.VOTE_REMOVE) {
      throw new CodecException("unknown vote kind " + kind + " (0 none, 1 add, 2 remove, 3 evidence)");
    }
    return new ValidatorVote(HexFormat.of().formatHex(subject), kind == HeaderBytes.VOTE_ADD);
  }

  public static Hash readHash(ByteBuffer b) {
    byte[] h = new byte[Hash.SIZE];
    b.get(h);
    return Hash.wrap(h);
  }

  /** Chain work as a length byte (1..{@link Work#MAX_BYTES}) and its unsigned big-endian bytes. */
  public static void writeWork(ByteBuffer b, Work work) {
    byte[] w = work.toBytes();
    b.put((byte) w.length).put(w);
  }

  public static int workSize(Work work) {
    return 1 + work.toBytes().length;
  }

  /** Reads {@link #writeWork}; a length out of range is a {@link CodecException}. */
  public static Work readWork(ByteBuffer b) {
    int n = b.get() & 0xff;
    if (n == 0 || n > Work.MAX_BYTES || n > b.remaining()) {
      throw new CodecException("work length " + n + " is out of bounds");
    }
    byte[] w = new byte[n];
    b.get(w);
    return Work.fromBytes(w);
  }
}
