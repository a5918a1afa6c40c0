package dev.meshledger.domain.finality;

import dev.meshledger.crypto.Ed25519;
import dev.meshledger.crypto.SignatureCheck;
import dev.meshledger.domain.Hash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evidence that a validator signed two different votes of one type for one height and round
 * (CometBFT's DuplicateVoteEvidence): what proof of stake slashes. Either side may be nil; a vote
 * for nil and a vote for a block conflict too. The two sides are kept in one order (nil first, then
 * by block hash), so the same offence has one form whichever way it was reported.
 *
 * @param validator the signer's 32-byte public key
 * @param type {@link SignBytes#PREVOTE} or {@link SignBytes#PRECOMMIT}
 */
public record DoubleSign(byte[] validator, int type, long height, int round, Optional<Hash> first, byte[] firstSig,
    Optional<Hash> second, byte[] secondSig) {

  /** Why evidence is not taken. */
  public enum Problem {
    SAME_VOTE("both sides vote for the same block"),
    NOT_A_VALIDATOR("the signer was not a validator at that height"),
    TOO_OLD("the offence is older than the evidence window"),
    FROM_THE_FUTURE("the offence is at a height not reached yet"),
    BAD_SIGNATURE("a side's signature does not verify");

    private final String meaning;

    Problem(String meaning) {
      this.meaning = meaning;
    }

    public String meaning() {
      return meaning;
    }
  }

  public DoubleSign {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    if (validator.length != Ed25519.PUBLIC_KEY_SIZE || firstSig.length != Ed25519.SIGNATURE_SIZE
        || secondSig.length != Ed25519.SIGNATURE_SIZE) {
      throw new IllegalArgumentException("a validator key is 32 bytes and a signature 64");
    }
    if (type != SignBytes.PREVOTE && type != SignBytes.PRECOMMIT) {
      throw new IllegalArgumentException("a vote is a prevote (1) or a precommit (2): " + type);
    }
    if (height < 1 || round < 0) {
      throw new IllegalArgumentException("votes are at heights from 1 and rounds from 0");
    }
    if (order(first, second) > 0) {
      throw new IllegalArgumentException("the sides are in canonical order: use DoubleSign.of");
    }
  }

  /** The evidence of two votes, in canonical order whichever came first. */
  public static DoubleSign of(byte[] validator, int type, long height, int round, Optional<Hash> a, byte[] aSig,
      Optional<Hash> b, byte[] bSig) {
    return order(a, b) <= 0
        ? new DoubleSign(validator, type, height, round, a, aSig, b, bSig)
        : new DoubleSign(validator, type, height, round, b, bSig, a, aSig);
  }

  public String validatorHex() {
    return HexFormat.of().formatHex(validator);
  }

  /**
   * Empty when this proves an offence on {@code genesis}'s chain that a block at {@code now} may still
   * punish: {@code powers} is the validator set at the offence's height, and offences more than
   * {@code maxAge} heights back are forgiven (their stake may have left).
   */
  public Optional<Problem> check(Hash genesis, Map<String, Long> powers, long now, long maxAge) {
    return checkRules(powers, now, maxAge).or(() -> checkSignatures(genesis, Ed25519::verify));
  }

  /** {@link #check} without the signatures: what needs the set and the height, and no cryptography. */
  public Optional<Problem> checkRules(Map<String, Long> powers, long now, long maxAge) {
    if (first.equals(second)) {
      return Optional.of(Problem.SAME_VOTE);
    }
    if (height > now) {
      return Optional.of(Problem.FROM_THE_FUTURE);
    }
    if (now - height > maxAge) {
      return Optional.of(Problem.TOO_OLD);
    }
    if (!powers.containsKey(validatorHex())) {
      return Optional.of(Problem.NOT_A_VALIDATOR);
    }
    return Optional.empty();
  }

  /** Both sides' signatures on {@code genesis}'s chain, checked by {@code signatures} (the node's cache). */
  public Optional<Problem> checkSignatures(Hash genesis, SignatureCheck signatures) {
    if (!signatures.verify(validator, SignBytes.vote(genesis, type, height, round, first), firstSig)
        || !signatures.verify(validator, SignBytes.vote(genesis, type, height, round, second), secondSig)) {
      return Optional.of(Problem.BAD_SIGNATURE);
    }
    return Optional.empty();
  }

  private static int order(Optional<Hash> a, Optional<Hash> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isPresent(), b.isPresent());
    }
    return a.get().compareTo(b.get());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DoubleSign d && Arrays.equals(validator, d.validator) && type == d.type && height == d.height
        && round == d.round && first.equals(d.first) && Arrays.equals(firstSig, d.firstSig)
        && second.equals(d.second) && Arrays.equals(secondSig, d.secondSig);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(validator), type, height, round, first, second);
  }

  @Override
  public String toString() {
    return "DoubleSign[" + validatorHex().substring(0, 8) + " type=" + type + " h=" + height + " r=" + round + " "
        + first.map(Hash::shortHex).orElse("nil") + " / " + second.map(Hash::shortHex).orElse("nil") + "]";
  }
}
