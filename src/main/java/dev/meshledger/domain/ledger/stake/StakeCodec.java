package dev.meshledger.domain.ledger.stake;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.LedgerFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical bytes of a {@link StakeState}: what a proof-of-stake block's state root commits to and
 * what is stored with it. Big-endian; validators are node ids (32 bytes), pools in id order, holders in
 * account order, unbonding entries in the order they started:
 *
 * <pre>
 * state   = pools u32 | pool* | entries u32 | entry*
 * pool    = validator 32 | tokens u64 | shares u64 | tombstoned u8 | holders u32 | (account 32 | shares u64)*
 * entry   = owner 32 | validator 32 | amount u64 | fromHeight u64 | releaseHeight u64
 * state  += burnt u64, only when slashing has burnt anything (> 0)
 * </pre>
 *
 * Decoding is strict (one encoding per state), so equal states have equal hashes. The burnt total is
 * a trailer present only once it is positive, so every state from before slashing keeps its bytes and
 * hash (and every stored proof-of-stake chain its state roots).
 */
public final class StakeCodec {
  private static final HexFormat HEX = HexFormat.of();

  private StakeCodec() {}

  public static byte[] encode(StakeState s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer head = ByteBuffer.allocate(4).putInt(s.pools().size());
    out.writeBytes(head.array());
    for (Map.Entry<String, Pool> e : s.pools().entrySet()) {
      Map<AccountId, Long> holders = s.holders(e.getKey());
      ByteBuffer b = ByteBuffer.allocate(32 + 8 + 8 + 1 + 4 + holders.size() * 40);
      b.put(validatorBytes(e.getKey()));
      b.putLong(e.getValue().tokens());
      b.putLong(e.getValue().shares());
      b.put((byte) (e.getValue().tombstoned() ? 1 : 0));
      b.putInt(holders.size());
      holders.forEach((a, shares) -> b.put(a.bytes()).putLong(shares));
      out.writeBytes(b.array());
    }
    ByteBuffer b = ByteBuffer.allocate(4 + s.unbonding().size() * (32 + 32 + 24));
    b.putInt(s.unbonding().size());
    for (Unbonding u : s.unbonding()) {
      b.put(u.owner().bytes()).put(validatorBytes(u.validator()));
      b.putLong(u.amount()).putLong(u.fromHeight()).putLong(u.releaseHeight());
    }
    out.writeBytes(b.array());
    if (s.burnt() > 0) {
      out.writeBytes(ByteBuffer.allocate(8).putLong(s.burnt()).array());
    }
    return out.toByteArray();
  }

  /** SHA-256 of the canonical bytes. */
  public static Hash hash(StakeState s) {
    return Sha256.of(encode(s));
  }

  /** @throws LedgerFormatException for bytes no state encodes to */
  public static StakeState decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      int pools = count(b, 53);
      TreeMap<String, Pool> p = new TreeMap<>();
      TreeMap<String, TreeMap<AccountId, Long>> bonds = new TreeMap<>();
      for (int i = 0; i < pools; i++) {
        String v = HEX.formatHex(take(b, 32));
        if (!p.isEmpty() && p.lastKey().compareTo(v) >= 0) {
          throw new LedgerFormatException("stake pools are not in id order");
        }
        long tokens = b.getLong();
        long shares = b.getLong();
        int tomb = b.get();
        if (tomb != 0 && tomb != 1) {
          throw new LedgerFormatException("tombstoned is 0 or 1, got " + tomb);
        }
        p.put(v, pool(tokens, shares, tomb == 1));
        int n = count(b, 40);
        TreeMap<AccountId, Long> holders = new TreeMap<>();
        for (int j = 0; j < n; j++) {
          AccountId a = AccountId.of(take(b, 32));
          if (!holders.isEmpty() && holders.lastKey().compareTo(a) >= 0) {
            throw new LedgerFormatException("a pool's holders are not in account order");
          }
          holders.put(a, positive(b.getLong(), "shares"));
        }
        bonds.put(v, holders);
      }
      int entries = count(b, 88);
      List<Unbonding> queue = new ArrayList<>(entries);
      for (int i = 0; i < entries; i++) {
        AccountId owner = AccountId.of(take(b, 32));
        String v = HEX.formatHex(take(b, 32));
        try {
          queue.add(new Unbonding(owner, v, b.getLong(), b.getLong(), b.getLong()));
        } catch (IllegalArgumentException e) {
          throw new LedgerFormatException("bad unbonding entry: " + e.getMessage());
        }
      }
      long burnt = b.remaining() == 8 ? positive(b.getLong(), "burnt") : 0;
      if (b.hasRemaining()) {
        throw new LedgerFormatException("stake state has " + b.remaining() + " trailing bytes");
      }
      return StakeState.of(p, bonds, queue, burnt);
    } catch (BufferUnderflowException e) {
      throw new LedgerFormatException("stake state is truncated");
    }
  }

  private static Pool pool(long tokens, long shares, boolean tombstoned) {
    try {
      return new Pool(tokens, shares, tombstoned);
    } catch (IllegalArgumentException e) {
      throw new LedgerFormatException("bad pool: " + e.getMessage());
    }
  }

  private static long positive(long v, String what) {
    if (v <= 0) {
      throw new LedgerFormatException(what + " must be positive, got " + v);
    }
    return v;
  }

  /** A count, checked against the bytes left so a corrupt count cannot allocate much. */
  private static int count(ByteBuffer b, int minEach) {
    int n = b.getInt();
    if (n < 0 || (long) n * minEach > b.remaining()) {
      throw new LedgerFormatException("count " + n + " does not fit the " + b.remaining() + " bytes left");
    }
    return n;
  }

  private static byte[] validatorBytes(String id) {
    byte[] v = HEX.parseHex(id);
    if (v.length != 32) {
      throw new IllegalArgumentException("a validator id is 32 bytes: " + id);
    }
    return v;
  }

  private static byte[] take(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}
