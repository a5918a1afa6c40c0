package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.util.Optional;

/**
 * A prevote or precommit for a block hash, or for nil (empty {@code block}). The signature is opaque here:
 * the reactor checks it at the edge before the core sees the vote.
 */
public record Vote(VoteType type, long height, int round, Optional<Hash> block, String validator, byte[] signature) {
  public Vote {
    if (type == null || block == null || validator == null) {
      throw new IllegalArgumentException("a vote has a type, a block or nil, and a validator");
    }
    if (height < 1 || round < 0) {
      throw new IllegalArgumentException("a vote's height is at least 1 and its round at least 0");
    }
    signature = signature == null ? new byte[0] : signature.clone();
  }

  /** An unsigned vote, as the core asks the signer to sign it. */
  public static Vote unsigned(VoteType type, long height, int round, Optional<Hash> block, String validator) {
    return new Vote(type, height, round, block, validator, new byte[0]);
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Same vote, signature aside: two votes of one validator that differ here are equivocation. */
  public boolean sameAs(Vote o) {
    return type == o.type && height == o.height && round == o.round && block.equals(o.block)
        && validator.equals(o.validator);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vote v && sameAs(v) && java.util.Arrays.equals(signature, v.signature);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(type, height, round, block, validator, java.util.Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return type + "(" + height + "/" + round + " " + block.map(Hash::shortHex).orElse("nil") + " by "
        + validator.substring(0, Math.min(8, validator.length())) + ")";
  }
}
