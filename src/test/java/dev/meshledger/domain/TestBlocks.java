package dev.meshledger.domain;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.ledger.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Builds real, sealed blocks for tests, and copies of them with one field changed. */
public final class TestBlocks {
  /** A fixed key, so failures reproduce. */
  public static final NodeKey KEY = keyFrom(1);
  public static final NodeKey OTHER_KEY = keyFrom(2);
  /** Fixed, so blocks built by tests do not depend on the clock. */
  public static final long T0 = 1_700_000_000_000L;

  private TestBlocks() {}

  public static NodeKey keyFrom(int seed) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) seed);
    return NodeKey.fromSecret(secret);
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A sealed block on {@code parent} made by {@link #KEY} under {@code params}. */
  /** {@code n} blocks on {@code parent}, each a child of the one before, with data naming {@code name} and its height. */
  public static List<Block> branch(ChainParams params, Block parent, String name, int n) {
    List<Block> out = new java.util.ArrayList<>();
    Block p = parent;
    for (int i = 0; i < n; i++) {
      p = child(params, p, name + (p.height() + 1));
      out.add(p);
    }
    return out;
  }

  public static Block child(ChainParams params, Block parent, String data) {
    return new BlockFactory(KEY, params).make(parent, T0 + parent.height() + 1, utf8(data));
  }

  /** Copies a block with a new value for one field; the hash is kept as it was. */
  public static Block with(Block b, Field field, Object value) {
    return new Block(
        field == Field.HEIGHT ? (Long) value : b.height(),
        field == Field.PREV_HASH ? (Hash) value : b.prevHash(),
        field == Field.TIMESTAMP ? (Long) value : b.timestamp(),
        field == Field.DATA_HASH ? (Hash) value : b.dataHash(),
        field == Field.TX_ROOT ? (Hash) value : b.txRoot(),
        field == Field.STATE_ROOT ? (Hash) value : b.stateRoot(),
        field == Field.BITS ? (Integer) value : b.bits(),
        field == Field.PRODUCER ? (byte[]) value : b.producer(),
        field == Field.SIGNATURE ? (byte[]) value : b.signature(),
        field == Field.NONCE ? (Long) value : b.nonce(),
        field == Field.DATA ? (byte[]) value : b.data(),
        field == Field.TRANSACTIONS ? castTransfers(value) : b.transactions(),
        field == Field.HASH ? (Hash) value : b.hash());
  }

  /** The same block with its hash recomputed from its header. */
  public static Block rehashed(Block b) {
    return with(b, Field.HASH, HeaderBytes.computeHash(b));
  }

  /** The same block with the nonce ground again for its bits (none for BFT's 0) and the hash recomputed. */
  public static Block resealed(Block b) {
    byte[] header = HeaderBytes.header(b);
    java.math.BigInteger target = dev.meshledger.domain.pow.CompactBits.decode(b.bits());
    long nonce = target.signum() == 0 ? b.nonce() : ProofOfWork.seal(header, target, 0, () -> false);
    return rehashed(with(b, Field.NONCE, nonce));
  }

  @SuppressWarnings("unchecked")
  private static List<Transfer> castTransfers(Object value) {
    return (List<Transfer>) value;
  }

  public enum Field {
    HEIGHT, PREV_HASH, TIMESTAMP, DATA_HASH, TX_ROOT, STATE_ROOT, BITS, PRODUCER, SIGNATURE, NONCE, DATA,
    TRANSACTIONS, HASH
  }
}
