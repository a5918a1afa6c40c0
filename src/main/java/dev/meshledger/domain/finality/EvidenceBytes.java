package dev.meshledger.domain.finality;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evidence section of a proof-of-stake block: the double signs it punishes. The header commits to
 * it through its vote field (kind {@code HeaderBytes.VOTE_EVIDENCE}, subject = SHA-256 of these bytes),
 * so the producer's signature and the block hash cover it; the section follows the commit in the
 * block's encoding.
 *
 * <pre>
 * section  = count u8 (1..MAX_PER_BLOCK) | evidence * count
 * evidence = validator 32 | type u8 | height u64 | round u32 | first side | firstSig 64 | second side | secondSig 64
 * side     = flag u8 (0 nil, 1 a block) | hash 32 (only with flag 1)
 * </pre>
 */
public final class EvidenceBytes {
  /**
   * Offences one block may carry: a rule of the chain, so a constant (as CometBFT bounds evidence by
   * bytes per block). Each is two signature checks; 16 bound a block's cost at 32 extra verifications.
   */
  public static final int MAX_PER_BLOCK = 16;
  private static final int FIXED = 32 + 1 + 8 + 4 + 64 + 64;

  private EvidenceBytes() {}

  public static int size(List<DoubleSign> evidence) {
    int n = 1;
    for (DoubleSign e : evidence) {
      n += FIXED + side(e.first()) + side(e.second());
    }
    return n;
  }

  private static int side(Optional<Hash> h) {
    return 1 + (h.isPresent() ? Hash.SIZE : 0);
  }

  public static byte[] encode(List<DoubleSign> evidence) {
    ByteBuffer b = ByteBuffer.allocate(size(evidence));
    write(b, evidence);
    return b.array();
  }

  /** SHA-256 of the section: the header's vote subject. */
  public static Hash hash(List<DoubleSign> evidence) {
    return Sha256.of(encode(evidence));
  }

  public static void write(ByteBuffer b, List<DoubleSign> evidence) {
    if (evidence.isEmpty() || evidence.size() > MAX_PER_BLOCK) {
      throw new IllegalArgumentException("a block carries 1 to " + MAX_PER_BLOCK + " offences: " + evidence.size());
    }
    b.put((byte) evidence.size());
    for (DoubleSign e : evidence) {
      b.put(e.validator()).put((byte) e.type()).putLong(e.height()).putInt(e.round());
      putSide(b, e.first());
      b.put(e.firstSig());
      putSide(b, e.second());
      b.put(e.secondSig());
    }
  }

  private static void putSide(ByteBuffer b, Optional<Hash> h) {
    b.put((byte) (h.isPresent() ? 1 : 0));
    h.ifPresent(x -> x.writeTo(b));
  }

  /**
   * Reads a section as {@link #write} wrote it.
   *
   * @throws IllegalArgumentException for a count out of 1..{@link #MAX_PER_BLOCK}, a bad flag, type, height
   *     or round, sides out of canonical order, or truncated bytes
   */
  public static List<DoubleSign> read(ByteBuffer b) {
    try {
      int count = b.get() & 0xff;
      if (count == 0 || count > MAX_PER_BLOCK) {
        throw new IllegalArgumentException("evidence count " + count + " is not 1.." + MAX_PER_BLOCK);
      }
      List<DoubleSign> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] validator = take(b, 32);
        int type = b.get() & 0xff;
        long height = b.getLong();
        int round = b.getInt();
        Optional<Hash> first = readSide(b);
        byte[] firstSig = take(b, 64);
        Optional<Hash> second = readSide(b);
        byte[] secondSig = take(b, 64);
        out.add(new DoubleSign(validator, type, height, round, first, firstSig, second, secondSig));
      }
      return out;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated evidence section");
    }
  }

  private static Optional<Hash> readSide(ByteBuffer b) {
    int flag = b.get() & 0xff;
    if (flag > 1) {
      throw new IllegalArgumentException("an evidence side's flag is 0 (nil) or 1 (a block), got " + flag);
    }
    return flag == 0 ? Optional.empty() : Optional.of(Hash.wrap(take(b, Hash.SIZE)));
  }

  private static byte[] take(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
