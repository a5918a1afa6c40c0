package dev.meshledger.config;

import dev.meshledger.config.ChainSpec.Bft;
import dev.meshledger.config.ChainSpec.Pow;
import dev.meshledger.config.ChainSpec.Validator;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.AccountId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * The canonical bytes of a chain spec and their SHA-256. They are built from the parsed values,
 * never from the file's text, so whitespace, key order, hex case and spelled-out defaults do not
 * change them, and every value does. Big-endian, every field in this fixed order:
 *
 * <pre>
 * str(s)   = length u16 | UTF-8 bytes
 * spec     = str("meshledger-chainspec/1") | str(chainId) | str(engine) | engine params
 *          | allocCount u32 | (accountId 32 | amount u64)*   sorted by account id (unsigned bytes)
 *          | blockReward u64
 *          | validatorCount u32 | (nodeId 32 | power u64)*   in the file's order | tail
 * pow      = difficultyBits u32 | targetBlockMillis u64 | halfLifeBlocks u64
 * bft      = blockPeriodMs u64 | timeoutProposeMs u64 | timeoutPrevoteMs u64
 *          | timeoutPrecommitMs u64 | str(powerFrom: "spec" or "stake")
 * tail     = (str(name) | value)*   fields added after the first networks, each only when it is not
 *                                   its default, so every spec written before it keeps its hash:
 *                                   "maxValidators" u32 (bft)
 * </pre>
 *
 * <p>Allocations are sorted because a JSON object has no order (RFC 8259) and balances do not
 * depend on one. Validators keep the file's order because a list does have one, and the engine
 * may use it (vote indexes in a commit, ties in proposer priority): two specs that list the same
 * validators in another order are then different networks, which refuse each other at the
 * handshake instead of disagreeing later about whose turn it is.
 */
public final class ChainSpecHash {
  /** Versions the encoding: a new field means a new tag, so old and new hashes never collide. */
  static final String TAG = "meshledger-chainspec/1";
  private static final HexFormat HEX = HexFormat.of();

  private ChainSpecHash() {}

  public static Hash of(ChainSpec spec) {
    return Sha256.of(canonicalBytes(spec));
  }

  public static byte[] canonicalBytes(ChainSpec spec) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      str(out, TAG);
      str(out, spec.chainId());
      str(out, spec.consensus().engine());
      if (spec.consensus() instanceof Pow pow) {
        out.writeInt(pow.difficultyBits());
        out.writeLong(pow.targetBlockMillis());
        out.writeLong(pow.halfLifeBlocks());
      } else if (spec.consensus() instanceof Bft bft) {
        out.writeLong(bft.blockPeriodMs());
        out.writeLong(bft.timeoutProposeMs());
        out.writeLong(bft.timeoutPrevoteMs());
        out.writeLong(bft.timeoutPrecommitMs());
        str(out, bft.powerFrom().json());
      }
      out.writeInt(spec.alloc().size());
      for (Map.Entry<AccountId, Long> e : spec.alloc().entrySet()) {
        out.write(e.getKey().bytes());
        out.writeLong(e.getValue());
      }
      out.writeLong(spec.blockReward());
      out.writeInt(spec.validators().size());
      for (Validator v : spec.validators()) {
        out.write(HEX.parseHex(v.id()));
        out.writeLong(v.power());
      }
      if (spec.consensus() instanceof Bft bft && bft.maxValidators() != Bft.DEFAULT_MAX_VALIDATORS) {
        str(out, "maxValidators");
        out.writeInt(bft.maxValidators());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
    return bytes.toByteArray();
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xffff) {
      throw new IllegalArgumentException("a spec string is at most 65535 bytes");
    }
    out.writeShort(b.length);
    out.write(b);
  }
}
