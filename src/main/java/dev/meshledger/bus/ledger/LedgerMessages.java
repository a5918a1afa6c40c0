package dev.meshledger.bus.ledger;

import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.smt.AccountProof;
import dev.meshledger.domain.pow.Ancestry;
import java.util.List;
import java.util.Objects;

/** The ledger's requests, replies and events on the bus (addresses in {@link dev.meshledger.bus.Addresses}). */
public final class LedgerMessages {
  private LedgerMessages() {}

  /**
   * A transfer for the mempool.
   *
   * @param fromPeer the peer that sent it, or null when it came from this node's API
   * @param signatureChecked the sender already verified the signature (off the event loop); the
   *     chain checks it itself otherwise
   */
  public record SubmitTransfer(Transfer transfer, String fromPeer, boolean signatureChecked) {}

  /**
   * What the mempool did with a submitted transfer. A refusal is a value, not a failure.
   *
   * @param code null when accepted; otherwise the API's error code ({@code BAD_SIGNATURE},
   *     {@code WRONG_CHAIN}, {@code NONCE_TOO_LOW}, {@code NONCE_TOO_HIGH}, {@code INSUFFICIENT_FUNDS},
   *     {@code FEE_TOO_LOW}, {@code MEMPOOL_FULL}, {@code MALFORMED_TRANSACTION}, {@code ACCOUNT_LIMIT}; for a
   *     stake or unstake also {@code NOT_STAKING}, {@code AMOUNT_TOO_SMALL}, {@code TOMBSTONED},
   *     {@code INSUFFICIENT_STAKE}, {@code TOO_MANY_UNBONDING})
   * @param known the transfer was pending or included already (accepted again, nothing changed)
   */
  public record TransferVerdict(Hash id, String code, String message, boolean known) {
    public static TransferVerdict accepted(Hash id, boolean known) {
      return new TransferVerdict(id, null, null, known);
    }

    public static TransferVerdict refused(Hash id, String code, String message) {
      return new TransferVerdict(id, Objects.requireNonNull(code), message, false);
    }

    public boolean isAccepted() {
      return code == null;
    }
  }

  /** Published when a transfer enters the mempool (not for one already known). */
  public record TransferAccepted(Transfer transfer, String fromPeer) {}

  /** {@code proof}: also prove the account against the state root. */
  public record AccountQuery(AccountId id, boolean proof) {}

  /**
   * An account at the tip.
   *
   * @param pendingNonce the nonce its next transfer should carry, pending ones counted
   * @param proof null unless asked for
   */
  /**
   * @param stake under proof of stake: the state root's parts and the account's stake; otherwise null
   */
  public record AccountInfo(AccountId id, long balance, long nonce, long pendingNonce, long height, Hash blockHash,
      Hash stateRoot, AccountProof proof, AccountStake stake) {
    public AccountInfo(AccountId id, long balance, long nonce, long pendingNonce, long height, Hash blockHash,
        Hash stateRoot, AccountProof proof) {
      this(id, balance, nonce, pendingNonce, height, blockHash, stateRoot, proof, null);
    }
  }

  /**
   * An account's stake on a proof-of-stake chain, and the parts of the header's state root
   * ({@code SHA-256(accountsRoot | stakeHash)}): an account proof is checked against {@code accountsRoot}.
   */
  public record AccountStake(Hash accountsRoot, Hash stakeHash, List<Bond> bonds, List<Unbond> unbonding) {}

  /** Shares held in a validator's pool, what they are worth now, and whether the pool was slashed (tombstoned). */
  public record Bond(String validator, long shares, long tokens, boolean tombstoned) {
    public Bond(String validator, long shares, long tokens) {
      this(validator, shares, tokens, false);
    }
  }

  /** Tokens unstaked from a validator, paid back at {@code releaseHeight}. */
  public record Unbond(String validator, long amount, long releaseHeight) {}

  public record TransferQuery(Hash id) {}

  /**
   * Where a transfer is. Pending: height -1 and null block fields. Included (on the best chain):
   * the block, the transfer's index in it and its RFC 6962 proof against {@code txRoot}.
   */
  public record TransferStatus(Transfer transfer, boolean included, long height, Hash blockHash, Hash txRoot,
      Merkle.Proof proof) {}

  /** @param top the best-paying pending transfers, highest fee rate first */
  public record MempoolInfo(int count, long bytes, long minFee, List<Transfer> top) {}

  /** Supply at the tip: {@code allocated + rewards} is the total, the audit checks it against the accounts. */
  /** @param allocated the allocations, with the genesis stake under proof of stake */
  public record SupplyInfo(long height, Hash blockHash, long allocated, long rewards) {
    public long total() {
      return allocated + rewards;
    }
  }

  /**
   * Bodies for {@code blocks} blocks in a row on top of {@code parent}: the best-paying pending
   * transfers that are valid there, with the state roots they lead to.
   *
   * @param producer paid the reward and fees
   * @param evidence double signs the first block may slash (proof of stake; the chain leaves out those it may not)
   */
  public record TemplateRequest(Hash parent, AccountId producer, int blocks,
      List<dev.meshledger.domain.finality.DoubleSign> evidence) {
    public TemplateRequest {
      evidence = List.copyOf(evidence);
    }

    public TemplateRequest(Hash parent, AccountId producer, int blocks) {
      this(parent, producer, blocks, List.of());
    }
  }

  /** The bodies, and the parent's ancestry: what the first block's bits and earliest timestamp follow from. */
  public record Templates(List<BlockBody> bodies, Ancestry parent) {}

  /** Pending transfers by id (for a peer that asked for them); ids not pending are left out. */
  public record TransferIds(List<Hash> ids) {}

  public record TransferList(List<Transfer> transfers) {}
}
