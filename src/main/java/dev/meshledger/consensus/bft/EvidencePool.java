package dev.meshledger.consensus.bft;

import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.SignBytes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Double signs this node has seen and not yet seen in a block (CometBFT's evidence pool): what a proposer
 * puts into its next block for proof of stake to slash. One offence per validator, vote type, height and
 * round: the same double sign heard twice, or reported in the other order, is held once. Bounded twice:
 * at most {@code maxPending} held (a full pool refuses the newest, which a later block can still carry from
 * another node), and nothing older than {@code maxAgeHeights} (its stake may have left; a block would refuse
 * it as too old). Pure and not thread-safe: the consensus reactor owns it.
 */
public final class EvidencePool {
  /** Why a double sign was not taken; null when it was. */
  public enum Refusal { ALREADY_HELD, ALREADY_COMMITTED, TOO_OLD, FULL }

  private record Slot(String validator, int type, long height, int round) {
    static Slot of(DoubleSign e) {
      return new Slot(e.validatorHex(), e.type(), e.height(), e.round());
    }
  }

  private final int maxPending;
  private final long maxAgeHeights;
  private final LinkedHashMap<Slot, DoubleSign> pending = new LinkedHashMap<>();
  /** Offences already in a block, by the height they were committed at: never proposed again. */
  private final Map<Slot, Long> committed = new LinkedHashMap<>();

  public EvidencePool(int maxPending, long maxAgeHeights) {
    if (maxPending < 1 || maxAgeHeights < 1) {
      throw new IllegalArgumentException("an evidence pool holds at least one offence for at least one height");
    }
    this.maxPending = maxPending;
    this.maxAgeHeights = maxAgeHeights;
  }

  /** The core's report of two different votes of one validator for one slot, as evidence. */
  public static DoubleSign of(VoteSet.Evidence e) {
    Vote a = e.first();
    Vote b = e.second();
    int type = a.type() == VoteType.PREVOTE ? SignBytes.PREVOTE : SignBytes.PRECOMMIT;
    return DoubleSign.of(java.util.HexFormat.of().parseHex(a.validator()), type, a.height(), a.round(),
        a.block(), a.signature(), b.block(), b.signature());
  }

  /** Holds {@code e}, seen while the chain is at {@code height}; null when held, else why not. */
  public Refusal add(DoubleSign e, long height) {
    Objects.requireNonNull(e);
    Slot slot = Slot.of(e);
    if (committed.containsKey(slot)) {
      return Refusal.ALREADY_COMMITTED;
    }
    if (pending.containsKey(slot)) {
      return Refusal.ALREADY_HELD;
    }
    if (height - e.height() > maxAgeHeights) {
      return Refusal.TOO_OLD;
    }
    if (pending.size() >= maxPending) {
      return Refusal.FULL;
    }
    pending.put(slot, e);
    return null;
  }

  /** Up to {@code max} held offences, oldest first, for a block at {@code height}. */
  public List<DoubleSign> take(int max, long height) {
    List<DoubleSign> out = new ArrayList<>();
    for (DoubleSign e : pending.values()) {
      if (out.size() == max) {
        break;
      }
      if (height - e.height() <= maxAgeHeights) {
        out.add(e);
      }
    }
    return out;
  }

  /** Block {@code height} is final and carries {@code included}: they are done; what has aged out goes. */
  public void onBlock(long height, List<DoubleSign> included) {
    for (DoubleSign e : included) {
      Slot slot = Slot.of(e);
      pending.remove(slot);
      committed.put(slot, height);
    }
    pending.values().removeIf(e -> height - e.height() > maxAgeHeights);
    // a committed offence older than the window cannot be carried again (blocks refuse it as too old)
    for (Iterator<Map.Entry<Slot, Long>> it = committed.entrySet().iterator(); it.hasNext(); ) {
      if (height - it.next().getKey().height() > maxAgeHeights) {
        it.remove();
      }
    }
  }

  /** Everything held, oldest first. */
  public List<DoubleSign> pending() {
    return List.copyOf(pending.values());
  }

  public boolean isCommitted(DoubleSign e) {
    return committed.containsKey(Slot.of(e));
  }
}
