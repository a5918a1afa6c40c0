package dev.meshledger.domain;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.EvidenceBytes;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.pow.PowRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Builds, signs and seals a block on top of a parent: the producer's side of the rules. */
public final class BlockFactory {
  private final NodeKey key;
  private final ChainParams params;
  private final PowRules pow;

  public BlockFactory(NodeKey key, ChainParams params) {
    this.key = key;
    this.params = params;
    this.pow = params.powRules();
  }

  /** The proof-of-work rules the blocks are made under (required bits come from them). */
  public PowRules powRules() {
    return pow;
  }

  /** The producer's id: the node key, which is also the account its rewards are paid to. */
  public byte[] producer() {
    return key.publicKey();
  }

  /**
   * The sealed block at the initial target (right under a fixed difficulty, and for the first
   * block after genesis), or empty if {@code cancelled} turned true while grinding.
   */
  public Optional<Block> make(long parentHeight, Hash parentHash, long timestamp, byte[] data, BlockBody body,
      BooleanSupplier cancelled) {
    return make(parentHeight, parentHash, timestamp, pow.initialBits(), data, body, null, cancelled);
  }

  /** The sealed block carrying the producer's validator vote ({@code vote} null: none), under BFT. */
  public Optional<Block> make(long parentHeight, Hash parentHash, long timestamp, byte[] data, BlockBody body,
      ValidatorVote vote, BooleanSupplier cancelled) {
    return make(parentHeight, parentHash, timestamp, pow.initialBits(), data, body, vote, cancelled);
  }

  /** The sealed proof-of-stake block carrying {@code evidence}, double signs to slash (empty: none). */
  public Optional<Block> make(long parentHeight, Hash parentHash, long timestamp, byte[] data, BlockBody body,
      ValidatorVote vote, List<DoubleSign> evidence, BooleanSupplier cancelled) {
    return make(parentHeight, parentHash, timestamp, pow.initialBits(), data, body, vote, evidence, cancelled);
  }

  /**
   * The block sealed to {@code bits} (ignored under BFT, whose blocks carry 0 and no proof of
   * work), or empty if {@code cancelled} turned true while grinding.
   */
  public Optional<Block> make(long parentHeight, Hash parentHash, long timestamp, int powBits, byte[] data,
      BlockBody body, BooleanSupplier cancelled) {
    return make(parentHeight, parentHash, timestamp, powBits, data, body, null, cancelled);
  }

  private Optional<Block> make(long parentHeight, Hash parentHash, long timestamp, int powBits, byte[] data,
      BlockBody body, ValidatorVote vote, BooleanSupplier cancelled) {
    return make(parentHeight, parentHash, timestamp, powBits, data, body, vote, body.evidence(), cancelled);
  }

  private Optional<Block> make(long parentHeight, Hash parentHash, long timestamp, int powBits, byte[] data,
      BlockBody body, ValidatorVote vote, List<DoubleSign> evidence, BooleanSupplier cancelled) {
    long height = parentHeight + 1;
    Hash dataHash = Sha256.of(data);
    Hash txRoot = txRoot(body.transactions());
    int bits = params.isBft() ? 0 : powBits;
    byte[] producer = key.publicKey();
    byte[] signature = key.sign(new HeaderBytes.Signed(height, parentHash, timestamp, dataHash, txRoot,
        body.transactions().size(), body.stateRoot(), bits, producer, vote,
        evidence.isEmpty() ? null : EvidenceBytes.hash(evidence)).bytes());
    Block unsealed = new Block(height, parentHash, timestamp, dataHash, txRoot, body.stateRoot(), bits, producer,
        signature, 0, data, body.transactions(), Hash.ZERO, Commit.NONE, vote, evidence);
    byte[] header = HeaderBytes.header(unsealed);
    long nonce = params.isBft() ? 0 : ProofOfWork.seal(header, pow.target(bits).orElseThrow(
        () -> new IllegalArgumentException(String.format("bits 0x%08x are no target a block may carry", bits))),
        0, cancelled);
    if (nonce < 0) {
      return Optional.empty();
    }
    return Optional.of(new Block(height, parentHash, timestamp, dataHash, txRoot, body.stateRoot(), bits, producer,
        signature, nonce, data, body.transactions(), Sha256.of(header), Commit.NONE, vote, evidence));
  }

  /** A block without transfers that leaves the state as it was (a chain whose reward is 0). */
  public Block make(Block parent, long timestamp, byte[] data) {
    return make(parent.height(), parent.hash(), timestamp, data, BlockBody.unchanged(parent.stateRoot()), () -> false)
        .orElseThrow();
  }

  /** The Merkle root of the transfers' ids, as the header commits to it. */
  public static Hash txRoot(List<Transfer> transactions) {
    List<Hash> ids = new ArrayList<>(transactions.size());
    for (Transfer t : transactions) {
      ids.add(t.id());
    }
    return Merkle.root(ids);
  }
}
