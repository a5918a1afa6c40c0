package dev.meshledger.domain;

import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.EvidenceBytes;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.ledger.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A sealed block. The header (everything but {@code data} and {@code transactions}) commits to
 * the data through {@code dataHash}, to the transfers through {@code txRoot} (their RFC 6962
 * Merkle root) and their count, and to the ledger after the block through {@code stateRoot};
 * {@code hash} is SHA-256 of the canonical header encoding ({@link HeaderBytes}). The producer
 * signs the header without nonce and signature, then grinds the nonce, so the hash seals the
 * signature too. {@code bits} is the compact target the hash meets (0 under BFT). A BFT block also
 * carries its {@link Commit}, the precommits that made it final, which is not part of its hash
 * ({@link Commit#NONE} under proof of work). Under proof of authority its producer may cast one
 * {@link ValidatorVote} in the signed header ({@code vote}, null: none); under proof of stake the same
 * header field commits instead to the {@code evidence} the block carries, double signs to slash (empty
 * in most blocks; a block has a vote or evidence, never both).
 *
 * <p>The byte arrays are shared, not copied (blocks pass through the node by reference, many
 * thousands a second): never modify one. To tamper with a block in a test, copy the array.
 */
public record Block(
    long height,
    Hash prevHash,
    long timestamp,
    Hash dataHash,
    Hash txRoot,
    Hash stateRoot,
    int bits,
    byte[] producer,
    byte[] signature,
    long nonce,
    byte[] data,
    List<Transfer> transactions,
    Hash hash,
    Commit commit,
    ValidatorVote vote,
    List<DoubleSign> evidence) {

  public static final int PRODUCER_SIZE = 32;
  public static final int SIGNATURE_SIZE = 64;

  public Block {
    if (producer.length != PRODUCER_SIZE || signature.length != SIGNATURE_SIZE) {
      throw new IllegalArgumentException("producer is 32 bytes and signature 64");
    }
    transactions = List.copyOf(transactions);
    java.util.Objects.requireNonNull(commit, "commit");
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    if (evidence.size() > EvidenceBytes.MAX_PER_BLOCK || (vote != null && !evidence.isEmpty())) {
      throw new IllegalArgumentException("a block carries at most " + EvidenceBytes.MAX_PER_BLOCK
          + " offences, and not beside a validator vote");
    }
  }

  /** A block without evidence (all but a few proof-of-stake blocks). */
  public Block(long height, Hash prevHash, long timestamp, Hash dataHash, Hash txRoot, Hash stateRoot,
      int bits, byte[] producer, byte[] signature, long nonce, byte[] data, List<Transfer> transactions,
      Hash hash, Commit commit, ValidatorVote vote) {
    this(height, prevHash, timestamp, dataHash, txRoot, stateRoot, bits, producer, signature, nonce, data,
        transactions, hash, commit, vote, List.of());
  }

  /** A block without a validator vote (every proof-of-work block, most BFT ones). */
  public Block(long height, Hash prevHash, long timestamp, Hash dataHash, Hash txRoot, Hash stateRoot,
      int bits, byte[] producer, byte[] signature, long nonce, byte[] data, List<Transfer> transactions,
      Hash hash, Commit commit) {
    this(height, prevHash, timestamp, dataHash, txRoot, stateRoot, bits, producer, signature, nonce, data,
        transactions, hash, commit, null);
  }

  /** A block without a commit (proof of work, or a BFT block being voted on). */
  public Block(long height, Hash prevHash, long timestamp, Hash dataHash, Hash txRoot, Hash stateRoot,
      int bits, byte[] producer, byte[] signature, long nonce, byte[] data, List<Transfer> transactions,
      Hash hash) {
    this(height, prevHash, timestamp, dataHash, txRoot, stateRoot, bits, producer, signature, nonce, data,
        transactions, hash, Commit.NONE);
  }

  /** The same block carrying {@code c}, the commit that made it final. */
  public Block withCommit(Commit c) {
    return new Block(height, prevHash, timestamp, dataHash, txRoot, stateRoot, bits, producer, signature,
        nonce, data, transactions, hash, c, vote, evidence);
  }

  public int txCount() {
    return transactions.size();
  }

  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  public String producerHex() {
    return HexFormat.of().formatHex(producer);
  }

  public String signatureHex() {
    return HexFormat.of().formatHex(signature);
  }

  public boolean isGenesis() {
    return height == 0;
  }

  // byte[] components: records compare arrays by reference, blocks are compared by content
  @Override
  public boolean equals(Object o) {
    return o instanceof Block b
        && height == b.height
        && timestamp == b.timestamp
        && bits == b.bits
        && nonce == b.nonce
        && prevHash.equals(b.prevHash)
        && dataHash.equals(b.dataHash)
        && txRoot.equals(b.txRoot)
        && stateRoot.equals(b.stateRoot)
        && transactions.equals(b.transactions)
        && hash.equals(b.hash)
        && commit.equals(b.commit)
        && java.util.Objects.equals(vote, b.vote)
        && evidence.equals(b.evidence)
        && Arrays.equals(producer, b.producer)
        && Arrays.equals(signature, b.signature)
        && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Block[" + height + " " + hash.shortHex() + "]";
  }
}
