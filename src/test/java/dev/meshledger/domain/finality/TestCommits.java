package dev.meshledger.domain.finality;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validator keys, BFT params and real commits (precommit signatures) for tests. */
public final class TestCommits {
  private TestCommits() {}

  /** {@code n} fixed keys (seeds 11, 12, ...), so failures reproduce. */
  public static List<NodeKey> keys(int n) {
    List<NodeKey> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestBlocks.keyFrom(11 + i));
    }
    return out;
  }

  /** BFT params whose validators are {@code keys}, each with power 1. */
  public static BftParams params(List<NodeKey> keys) {
    return new BftParams(1000, 3000, 1000, 1000, keys.stream().map(k -> new BftParams.Member(k.id(), 1)).toList());
  }

  /** One validator's signature over the precommit for {@code block} at {@code height}/{@code round}. */
  public static CommitSig precommit(NodeKey key, Hash genesis, long height, int round, Hash block) {
    return sig(key, SignBytes.vote(genesis, SignBytes.PRECOMMIT, height, round, Optional.of(block)));
  }

  /** {@code key}'s id with its signature over {@code message}. */
  public static CommitSig sig(NodeKey key, byte[] message) {
    return new CommitSig(key.publicKey(), key.sign(message));
  }

  /** The commit of {@code signers}' precommits for {@code block}. */
  public static Commit commit(Hash genesis, long height, int round, Hash block, List<NodeKey> signers) {
    return new Commit(round, signers.stream().map(k -> precommit(k, genesis, height, round, block)).toList());
  }
}
