package dev.meshledger.domain.finality;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.util.Optional;

/** Real double signs for tests: a validator's two signed prevotes (or precommits) for one height and round. */
public final class TestEvidence {
  private TestEvidence() {}

  /** {@code key} voted for block {@code a} and for block {@code b} (null: nil) at {@code height} round {@code round}. */
  public static DoubleSign of(NodeKey key, Hash genesis, int type, long height, int round, Hash a, Hash b) {
    Optional<Hash> x = Optional.ofNullable(a);
    Optional<Hash> y = Optional.ofNullable(b);
    return DoubleSign.of(key.publicKey(), type, height, round, x, key.sign(SignBytes.vote(genesis, type, height, round, x)),
        y, key.sign(SignBytes.vote(genesis, type, height, round, y)));
  }

  /** Two prevotes of {@code key} at {@code height} round 0: for one block and for nil. */
  public static DoubleSign prevotes(NodeKey key, Hash genesis, long height) {
    return of(key, genesis, SignBytes.PREVOTE, height, 0, Sha256.of(new byte[] {(byte) height}), null);
  }
}
