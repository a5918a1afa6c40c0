package dev.meshledger.domain;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Sha256;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Builds, signs and seals a block on top of a parent: the producer's side of the rules. */
public final class BlockFactory {
  private final NodeKey key;
  private final ChainParams params;

  public BlockFactory(NodeKey key, ChainParams params) {
    this.key = key;
    this.params = params;
  }

  /** The sealed block, or empty if {@code cancelled} turned true while grinding. */
  public Optional<Block> make(long parentHeight, Hash parentHash, long timestamp, byte[] data, BooleanSupplier cancelled) {
    long height = parentHeight + 1;
    Hash dataHash = Sha256.of(data);
    int bits = params.difficultyBits();
    byte[] producer = key.publicKey();
    byte[] signature = key.sign(HeaderBytes.signedBytes(height, parentHash, timestamp, dataHash, bits, producer));
    Block unsealed = new Block(height, parentHash, timestamp, dataHash, bits, producer, signature, 0, data, Hash.ZERO);
    byte[] header = HeaderBytes.header(unsealed);
    long nonce = ProofOfWork.seal(header, bits, 0, cancelled);
    if (nonce < 0) {
      return Optional.empty();
    }
    return Optional.of(new Block(height, parentHash, timestamp, dataHash, bits, producer, signature, nonce, data,
        Sha256.of(header)));
  }

  public Block make(Block parent, long timestamp, byte[] data) {
    return make(parent.height(), parent.hash(), timestamp, data, () -> false).orElseThrow();
  }
}
