package dev.meshledger.domain.finality;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.SignatureCheck;
import dev.meshledger.domain.Hash;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a commit as a light client does: every signature is a validator's precommit for this block at
 * this height in the commit's round, no validator counts twice, and together they hold strictly more than
 * 2/3 of the voting power. One bad signature refuses the commit: a node keeps only what it can show.
 */
public final class CommitCheck {
  /** Why a commit does not prove its block final. */
  public enum Problem {
    MISSING("the block has no commit"),
    NOT_A_VALIDATOR("a commit signature is not from a validator"),
    DUPLICATE("a validator signs the commit twice"),
    BAD_SIGNATURE("a commit signature does not verify"),
    NOT_ENOUGH_POWER("the commit holds 2/3 of the voting power or less");

    private final String meaning;

    Problem(String meaning) {
      this.meaning = meaning;
    }

    public String meaning() {
      return meaning;
    }
  }

  private CommitCheck() {}

  /** Empty when {@code commit} proves {@code block} final at {@code height} under {@code powers}. */
  public static Optional<Problem> check(Hash genesis, Map<String, Long> powers, long height, Hash block, Commit commit) {
    return check(genesis, powers, height, block, commit, Ed25519::verify);
  }

  /** As {@link #check(Hash, Map, long, Hash, Commit)}, signatures checked through {@code check}. */
  public static Optional<Problem> check(Hash genesis, Map<String, Long> powers, long height, Hash block, Commit commit,
      SignatureCheck check) {
    if (commit.isEmpty()) {
      return Optional.of(Problem.MISSING);
    }
    for (CommitSig s : commit.signatures()) {
      if (!powers.containsKey(s.validatorHex())) {
        return Optional.of(Problem.NOT_A_VALIDATOR); // before any signature is checked: a stranger costs nothing
      }
    }
    return signatures(genesis, height, block, commit, check).or(() -> power(powers, commit));
  }

  /**
   * The part that needs no validator set: every signature is a precommit for this block at this height in
   * the commit's round, and no key signs twice. The costly part; it runs on any thread, in parallel.
   */
  public static Optional<Problem> signatures(Hash genesis, long height, Hash block, Commit commit) {
    return signatures(genesis, height, block, commit, Ed25519::verify);
  }

  /** As {@link #signatures(Hash, long, Hash, Commit)}, through {@code check}. */
  public static Optional<Problem> signatures(Hash genesis, long height, Hash block, Commit commit, SignatureCheck check) {
    if (commit.isEmpty()) {
      return Optional.of(Problem.MISSING);
    }
    byte[] message = SignBytes.vote(genesis, SignBytes.PRECOMMIT, height, commit.round(), Optional.of(block));
    Set<String> seen = new HashSet<>();
    for (CommitSig s : commit.signatures()) {
      if (!seen.add(s.validatorHex())) {
        return Optional.of(Problem.DUPLICATE);
      }
      if (!check.verify(s.validator(), message, s.signature())) {
        return Optional.of(Problem.BAD_SIGNATURE);
      }
    }
    return Optional.empty();
  }

  /**
   * The part that needs the validator set of the block's height, and no signature check: every signer is
   * a member and together they hold more than 2/3 of the power. Cheap; run after {@link #signatures}.
   */
  public static Optional<Problem> power(Map<String, Long> powers, Commit commit) {
    if (commit.isEmpty()) {
      return Optional.of(Problem.MISSING);
    }
    long total = 0;
    for (long p : powers.values()) {
      total += p;
    }
    Set<String> seen = new HashSet<>();
    long signed = 0;
    for (CommitSig s : commit.signatures()) {
      String id = s.validatorHex();
      Long power = powers.get(id);
      if (power == null) {
        return Optional.of(Problem.NOT_A_VALIDATOR);
      }
      if (!seen.add(id)) {
        return Optional.of(Problem.DUPLICATE);
      }
      signed += power;
    }
    return isTwoThirds(signed, total) ? Optional.empty() : Optional.of(Problem.NOT_ENOUGH_POWER);
  }

  /** Strictly more than 2/3 of {@code total}, without overflow (powers are at most Long.MAX_VALUE / 8). */
  public static boolean isTwoThirds(long power, long total) {
    return 3 * power > 2 * total;
  }
}
