package dev.meshledger.domain;

import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.smt.MemoryNodeStore;
import dev.meshledger.domain.ledger.smt.SparseMerkleTree;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.state.StakeRoots;
import dev.meshledger.domain.ledger.state.StakeTransition;
import dev.meshledger.domain.ledger.state.StateTransition;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first block, the same on every node with the same chain id, difficulty and spec: no
 * producer, no signature, no proof of work, no transfers. Its data names the params and the
 * spec's hash, so networks with different rules have different genesis hashes and refuse each
 * other; its state root holds the spec's allocations.
 */
public final class Genesis {
  private Genesis() {}

  public static Block of(ChainParams params) {
    String spec = params.ledger().specHash().equals(Hash.ZERO) ? "" : "|spec=" + params.ledger().specHash().toHex();
    byte[] data = ("meshledger genesis|" + params.chainId() + "|bits=" + params.difficultyBits() + retarget(params) + spec)
        .getBytes(StandardCharsets.UTF_8);
    Block unhashed = new Block(0, Hash.ZERO, 0, Sha256.of(data), Merkle.EMPTY_ROOT, stateRoot(params), 0,
        new byte[Block.PRODUCER_SIZE], new byte[Block.SIGNATURE_SIZE], 0, data, List.of(), Hash.ZERO);
    return new Block(0, Hash.ZERO, 0, unhashed.dataHash(), unhashed.txRoot(), unhashed.stateRoot(), 0,
        unhashed.producer(), unhashed.signature(), 0, data, List.of(), HeaderBytes.computeHash(unhashed));
  }

  /** The built-in spec's retarget rules are part of its genesis too (a spec file's are in its hash). */
  private static String retarget(ChainParams params) {
    return params.retarget().isFixed() ? ""
        : "|targetBlockMillis=" + params.retarget().targetBlockMillis() + "|halfLifeBlocks=" + params.retarget().halfLifeBlocks();
  }

  /** The root of the allocations' state: what the chain's store must hold for genesis. */
  public static Hash stateRoot(LedgerParams ledger) {
    return SparseMerkleTree.update(new MemoryNodeStore(), SparseMerkleTree.emptyRoot(),
        StateTransition.genesis(ledger.alloc()).writes().values());
  }

  /** The genesis state root of {@code params}: under proof of stake, the allocations with the genesis stake. */
  public static Hash stateRoot(ChainParams params) {
    return writeState(new MemoryNodeStore(), params);
  }

  /** Writes the genesis state's nodes to {@code nodes} and returns its root. */
  public static Hash writeState(NodeStore nodes, ChainParams params) {
    Hash accounts = SparseMerkleTree.update(nodes, SparseMerkleTree.emptyRoot(),
        StateTransition.genesis(params.ledger().alloc()).writes().values());
    return params.isStake()
        ? StakeRoots.put(nodes, accounts, StakeTransition.genesis(params.bft().validators()))
        : accounts;
  }
}
