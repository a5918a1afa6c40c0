package dev.meshledger.domain.finality;

import java.util.List;

/**
 * The proof that a BFT block is final: precommits for it, in one round, from validators holding more
 * than 2/3 of the voting power ({@link CommitCheck}). It travels and is stored with its block but is not
 * part of the block's hash (it exists only after the block was voted on), as CometBFT's seen commit.
 * A proof-of-work block has {@link #NONE}.
 */
public record Commit(int round, List<CommitSig> signatures) {
  /** No commit: a proof-of-work block, or a BFT block while it is being voted on. */
  public static final Commit NONE = new Commit(0, List.of());
  /** More signatures than any validator set has: the codec refuses a commit above this. */
  public static final int MAX_SIGNATURES = 10_000;

  public Commit {
    if (round < 0) {
      throw new IllegalArgumentException("a commit's round is at least 0");
    }
    signatures = List.copyOf(signatures);
    if (signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException("a commit holds at most " + MAX_SIGNATURES + " signatures");
    }
  }

  public boolean isEmpty() {
    return signatures.isEmpty();
  }

  /** Encoded size: count u16, then (when not empty) round u32 and the signatures. */
  public int encodedSize() {
    return isEmpty() ? 2 : 2 + 4 + signatures.size() * CommitSig.SIZE;
  }
}
