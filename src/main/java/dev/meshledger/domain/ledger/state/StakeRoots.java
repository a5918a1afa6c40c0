package dev.meshledger.domain.ledger.state;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.stake.StakeCodec;
import dev.meshledger.domain.ledger.stake.StakeState;
import java.nio.ByteBuffer;

/**
 * A proof-of-stake block's state root: {@code SHA-256(accountsRoot | SHA-256(stake state bytes))}, so a
 * header commits to both the accounts and the stake. The pair is stored as one node under that root, in
 * the block's write batch, beside the accounts tree's nodes: any stored block's stake state stays
 * readable, as its accounts do, so a restart or a reorg needs nothing rebuilt. An account proof is
 * checked against the accounts root, then the accounts root with the stake hash against the header.
 */
public final class StakeRoots {
  private StakeRoots() {}

  /** The accounts root and the stake state of a proof-of-stake state root. */
  public record Split(Hash accounts, StakeState stake, Hash stakeHash) {}

  /** The header's root for these parts. */
  public static Hash root(Hash accountsRoot, Hash stakeHash) {
    ByteBuffer b = ByteBuffer.allocate(2 * Hash.SIZE);
    accountsRoot.writeTo(b);
    stakeHash.writeTo(b);
    return Sha256.of(b.array());
  }

  /** Stores the pair in {@code nodes} and returns its root. */
  public static Hash put(NodeStore nodes, Hash accountsRoot, StakeState stake) {
    byte[] bytes = StakeCodec.encode(stake);
    Hash root = root(accountsRoot, Sha256.of(bytes));
    nodes.put(root, new NodeStore.StakeRoot(accountsRoot, bytes));
    return root;
  }

  /** @throws IllegalStateException when {@code root} is not a stored proof-of-stake root */
  public static Split split(NodeStore nodes, Hash root) {
    NodeStore.Node n = nodes.get(root).orElseThrow(() -> new IllegalStateException("no stake root " + root));
    if (!(n instanceof NodeStore.StakeRoot r)) {
      throw new IllegalStateException("state root " + root + " is not a proof-of-stake root");
    }
    byte[] bytes = r.stake();
    return new Split(r.accounts(), StakeCodec.decode(bytes), Sha256.of(bytes));
  }
}
