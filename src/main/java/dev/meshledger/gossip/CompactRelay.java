package dev.meshledger.gossip;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.codec.CodecException;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.wire.Message.CompactBlock;
import dev.meshledger.wire.ShortIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Compact relay's pure rules (BIP152's idea): a block becomes its header, data, commit and a short
 * id per transfer; a receiver fills the transfers from the ones it holds, asks for the positions it
 * cannot fill, and puts the block together. A short id that two held transfers share, a repeated
 * short id, or a block whose transfers do not make its header's root is not guessed at: the
 * receiver falls back to the whole block.
 */
public final class CompactRelay {
  private CompactRelay() {}

  /** What a receiver made of a compact block from the transfers it holds. */
  public sealed interface Fill {}

  /** Each position's transfer, or null where it lacks one; {@code missing} lists those positions, ascending. */
  public record Partial(List<Transfer> slots, List<Integer> missing) implements Fill {
    public Partial {
      slots = java.util.Collections.unmodifiableList(new ArrayList<>(slots));
      missing = List.copyOf(missing);
    }

    public boolean complete() {
      return missing.isEmpty();
    }
  }

  /** The short ids cannot be told apart: ask for the whole block. */
  public record Collision(String why) implements Fill {}

  /** The compact form of a block, its short ids keyed by its hash and {@code nonce}. */
  public static CompactBlock compact(Block b, long nonce) {
    ShortIds keys = new ShortIds(b.hash(), nonce);
    long[] ids = new long[b.txCount()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = keys.of(b.transactions().get(i).id());
    }
    return new CompactBlock(HeaderBytes.header(b), b.data(), b.commit(), nonce, ids, b.evidence());
  }

  /** Payload bytes of a compact block on the wire (as {@code wire.CompactCodec} writes it). */
  public static int encodedSize(CompactBlock c) {
    return c.header().length + 4 + c.data().length + c.commit().encodedSize() + BlockCodec.evidenceSize(c.evidence())
        + 8 + 4 + ShortIds.SIZE * c.shortIds().length;
  }

  /** Matches the block's short ids against {@code held} (the mempool, or what the node saw lately). */
  public static Fill fill(CompactBlock c, Hash blockHash, Collection<Transfer> held) {
    return fill(c, held, new ShortIds(blockHash, c.nonce())::of);
  }

  /** {@link #fill} with the short-id function given, so a test can make ids collide. */
  static Fill fill(CompactBlock c, Collection<Transfer> held, ToLongFunction<Hash> shortId) {
    Map<Long, Integer> wanted = new HashMap<>();
    long[] ids = c.shortIds();
    for (int i = 0; i < ids.length; i++) {
      if (wanted.put(ids[i], i) != null) {
        return new Collision("short id repeated at position " + i);
      }
    }
    Transfer[] slots = new Transfer[ids.length];
    for (Transfer t : held) {
      Integer at = wanted.get(shortId.applyAsLong(t.id()));
      if (at == null) {
        continue;
      }
      if (slots[at] != null && !slots[at].id().equals(t.id())) {
        return new Collision("two held transfers share the short id at position " + at);
      }
      slots[at] = t;
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == null) {
        missing.add(i);
      }
    }
    return new Partial(java.util.Arrays.asList(slots), missing);
  }

  /** The partial fill with the transfers a BLOCKTXN brought, in the order asked; empty when they do not fit. */
  public static Optional<List<Transfer>> complete(Partial p, List<Transfer> fetched) {
    if (fetched.size() != p.missing().size()) {
      return Optional.empty();
    }
    List<Transfer> all = new ArrayList<>(p.slots());
    for (int i = 0; i < fetched.size(); i++) {
      all.set(p.missing().get(i), fetched.get(i));
    }
    return Optional.of(all);
  }

  /**
   * The block, if these transfers make it: the count the header names and the root it commits to
   * (a wrong guess from a short-id collision shows here, before the block is verified as any other).
   */
  public static Optional<Block> assemble(CompactBlock c, List<Transfer> transfers) {
    Block b;
    try {
      b = BlockCodec.assemble(c.header(), c.data(), transfers, c.commit(), c.evidence());
    } catch (CodecException e) {
      return Optional.empty();
    }
    return BlockFactory.txRoot(transfers).equals(b.txRoot()) ? Optional.of(b) : Optional.empty();
  }

  /** The transfers at {@code indexes} of a block, for a GETBLOCKTXN; empty when one is past its end. */
  public static Optional<List<Transfer>> select(Block b, List<Integer> indexes) {
    List<Transfer> out = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      if (i < 0 || i >= b.txCount()) {
        return Optional.empty();
      }
      out.add(b.transactions().get(i));
    }
    return Optional.of(out);
  }
}
