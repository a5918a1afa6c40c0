package dev.meshledger.domain.finality;

import java.util.Arrays;
import java.util.HexFormat;

/** One validator's precommit signature in a commit: its node id (32 bytes) and Ed25519 signature (64). */
public record CommitSig(byte[] validator, byte[] signature) {
  public static final int VALIDATOR_SIZE = 32;
  public static final int SIGNATURE_SIZE = 64;
  public static final int SIZE = VALIDATOR_SIZE + SIGNATURE_SIZE;

  public CommitSig {
    if (validator == null || validator.length != VALIDATOR_SIZE || signature == null
        || signature.length != SIGNATURE_SIZE) {
      throw new IllegalArgumentException("a commit signature is a 32-byte validator id and a 64-byte signature");
    }
  }

  public String validatorHex() {
    return HexFormat.of().formatHex(validator);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommitSig c && Arrays.equals(validator, c.validator) && Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(validator) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "CommitSig[" + validatorHex().substring(0, 8) + "]";
  }
}
