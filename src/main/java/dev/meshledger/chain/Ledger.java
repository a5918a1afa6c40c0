package dev.meshledger.chain;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.ledger.LedgerMessages.AccountInfo;
import dev.meshledger.bus.ledger.LedgerMessages.MempoolInfo;
import dev.meshledger.bus.ledger.LedgerMessages.SupplyInfo;
import dev.meshledger.bus.ledger.LedgerMessages.TransferStatus;
import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.config.MempoolLimits;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.domain.ledger.smt.AccountProof;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.smt.SparseMerkleTree;
import dev.meshledger.domain.ledger.state.Account;
import dev.meshledger.domain.ledger.state.StakeRoots;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.mempool.AccountView;
import dev.meshledger.mempool.AddResult.Accepted;
import dev.meshledger.mempool.AddResult.Refused;
import dev.meshledger.mempool.AddResult.Replaced;
import dev.meshledger.mempool.Mempool;
import dev.meshledger.mempool.Pending;
import dev.meshledger.storage.TxLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ledger over the chain: the mempool, checked against the head's state, and the questions
 * users ask of accounts and transfers. Plain Java, owned by the chain verticle's thread, like the
 * {@link Chain} it reads.
 */
public final class Ledger {
  private final Supplier<Chain> chains;
  private final Mempool mempool;

  /** @param chains asked on every call: the verticle replaces its chain after a failed write */
  public Ledger(Supplier<Chain> chains, String chainId, MempoolLimits limits) {
    this.chains = chains;
    this.mempool = new Mempool(chainId, limits);
  }

  /** What happened to a submitted transfer; {@code accepted} says whether it is new to the pool. */
  public record Submitted(TransferVerdict verdict, boolean isNew) {}

  public Submitted submit(Transfer t, boolean signatureChecked, long nowMillis) {
    if (!signatureChecked && !Transfers.verify(t)) {
      return new Submitted(TransferVerdict.refused(t.id(), "BAD_SIGNATURE", "the signature does not verify"), false);
    }
    Optional<TransferVerdict> stake = StakeAdmission.check(chain(), t);
    if (stake.isPresent()) {
      return new Submitted(stake.get(), false);
    }
    AccountView view = view();
    var result = mempool.add(t, TransferBytes.encodedSize(t), nowMillis, view);
    if (result instanceof Accepted || result instanceof Replaced) {
      return new Submitted(TransferVerdict.accepted(t.id(), false), true);
    }
    Refused refused = (Refused) result;
    switch (refused.reason()) {
      case DUPLICATE:
        return new Submitted(TransferVerdict.accepted(t.id(), true), false);
      case NONCE_TOO_LOW:
        if (isIncluded(t.id())) {
          return new Submitted(TransferVerdict.accepted(t.id(), true), false);
        }
        return refuse(t, "NONCE_TOO_LOW", "the account's next nonce is " + view.nextNonce(t.from()));
      case NONCE_TOO_HIGH:
        return refuse(t, "NONCE_TOO_HIGH", "the account's next nonce is " + view.nextNonce(t.from())
            + " and at most " + mempool.limits().maxNonceGap() + " may wait ahead of it");
      case INSUFFICIENT_FUNDS:
        return refuse(t, "INSUFFICIENT_FUNDS", "the balance is " + view.balance(t.from())
            + ", and pending transfers and this one need more");
      case FEE_TOO_LOW:
        return refuse(t, "FEE_TOO_LOW", "the smallest fee accepted now is "
            + mempool.minFee(TransferBytes.encodedSize(t)) + " (a replacement must pay "
            + mempool.limits().replaceBumpPercent() + "% more than the transfer it replaces)");
      case MEMPOOL_FULL:
        return refuse(t, "MEMPOOL_FULL", "the mempool is full; a fee above "
            + mempool.minFee(TransferBytes.encodedSize(t)) + " would get in");
      case ACCOUNT_LIMIT:
        return refuse(t, "ACCOUNT_LIMIT", "the account already has " + mempool.limits().maxPerAccount()
            + " pending transfers");
      case WRONG_CHAIN:
        return refuse(t, "WRONG_CHAIN", "signed for chain '" + t.chainId() + "', this is '"
            + chain().params().chainId() + "'");
      default:
        return refuse(t, refused.reason().name(), "refused: " + refused.reason());
    }
  }

  private static Submitted refuse(Transfer t, String code, String message) {
    return new Submitted(TransferVerdict.refused(t.id(), code, message), false);
  }

  /** Keeps the pool in step with a block the chain took: drops what the new head includes, readds what a reorg abandoned. */
  public void onAdded(AddResult.Added added, long nowMillis) {
    if (!added.becameTip()) {
      return;
    }
    AccountView view = view();
    if (added.reorg() == null) {
      mempool.onBlock(added.block().transactions(), view);
      return;
    }
    AddResult.Reorg r = added.reorg();
    List<Transfer> abandoned = new ArrayList<>();
    Hash cursor = r.oldHead().hash();
    for (long h = r.oldHead().height(); h > r.forkHeight(); h--) {
      Block b = chain().block(cursor).orElseThrow();
      abandoned.addAll(b.transactions());
      cursor = b.prevHash();
    }
    Hash newCursor = r.newHead().hash();
    for (long h = r.newHead().height(); h > r.forkHeight(); h--) {
      Block b = chain().block(newCursor).orElseThrow();
      mempool.onBlock(b.transactions(), view);
      newCursor = b.prevHash();
    }
    List<Pending> back = new ArrayList<>(abandoned.size());
    for (Transfer t : abandoned) {
      back.add(new Pending(t, TransferBytes.encodedSize(t), nowMillis));
    }
    mempool.readd(back, nowMillis, view);
  }

  /** Drops transfers that waited too long; returns how many. */
  public int expire(long nowMillis) {
    return mempool.expire(nowMillis).size();
  }

  public AccountInfo account(AccountId id, boolean withProof) {
    Hash header = chain().headStateRoot();
    NodeStore nodes = chain().stateNodes();
    StakeRoots.Split split = chain().params().isStake() ? StakeRoots.split(nodes, header) : null;
    Hash root = split == null ? header : split.accounts();
    Account a;
    AccountProof proof = null;
    if (withProof) {
      proof = SparseMerkleTree.proof(nodes, root, id);
      a = proof.account().orElse(Account.ZERO);
    } else {
      a = SparseMerkleTree.find(nodes, root, id).orElse(Account.ZERO);
    }
    long pendingNonce = mempool.pendingNonce(id, view());
    return new AccountInfo(id, a.balance(), a.nonce(), pendingNonce, chain().head().height(), chain().head().hash(), header,
        proof, split == null ? null : StakeViews.of(id, split));
  }

  /** The transfer's place: pending, or on the best chain with its inclusion proof; empty if neither. */
  public Optional<TransferStatus> transfer(Hash id) {
    Optional<Pending> pending = mempool.get(id);
    if (pending.isPresent()) {
      return Optional.of(new TransferStatus(pending.get().transfer(), false, -1, null, null, null));
    }
    for (TxLocation at : chain().transferLocations(id)) {
      if (chain().isOnBestChain(at.blockHash())) {
        Block b = chain().block(at.blockHash()).orElseThrow();
        List<Hash> ids = new ArrayList<>(b.txCount());
        b.transactions().forEach(t -> ids.add(t.id()));
        return Optional.of(new TransferStatus(b.transactions().get(at.index()), true, b.height(), b.hash(), b.txRoot(),
            Merkle.proof(ids, at.index())));
      }
    }
    return Optional.empty();
  }

  private boolean isIncluded(Hash id) {
    return chain().transferLocations(id).stream().anyMatch(at -> chain().isOnBestChain(at.blockHash()));
  }

  public MempoolInfo mempoolInfo(int top) {
    List<Transfer> best = mempool.top(top).stream().map(Pending::transfer).toList();
    return new MempoolInfo(mempool.count(), mempool.bytes(), mempool.minFee(TransferBytes.MIN_SIZE), best);
  }

  public List<Transfer> pending(List<Hash> ids) {
    List<Transfer> out = new ArrayList<>();
    for (Hash id : ids) {
      mempool.get(id).ifPresent(p -> out.add(p.transfer()));
    }
    return out;
  }

  public SupplyInfo supply() {
    long height = chain().head().height();
    return new SupplyInfo(height, chain().head().hash(),
        Math.addExact(chain().params().ledger().allocated(), chain().params().genesisStake()),
        Math.multiplyExact(chain().params().ledger().blockReward(), height));
  }

  /**
   * Bodies for {@code blocks} blocks in a row on {@code parent}: each takes the best-paying
   * transfers valid on the state the one before leaves, up to the block's transfer limit.
   * Empty if the parent is not stored. The first also slashes those of {@code evidence} it may
   * ({@link TemplateParts#slashable}).
   */
  public Optional<List<BlockBody>> template(Hash parent, AccountId producer, int blocks) {
    return template(parent, producer, blocks, List.of());
  }

  /** {@link #template(Hash, AccountId, int)}, the first body slashing what it may of {@code evidence}. */
  public Optional<List<BlockBody>> template(Hash parent, AccountId producer, int blocks, List<DoubleSign> evidence) {
    Optional<Hash> root = chain().stateRootOf(parent);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    StateNodes layer = chain().scratchNodes();
    Hash state = root.get();
    long height = chain().meta(parent).orElseThrow().height();
    int max = chain().params().ledger().maxBlockTransfers();
    List<BlockBody> bodies = new ArrayList<>(blocks);
    for (int i = 0; i < blocks; i++) {
      List<Transfer> chosen = max == 0 ? new ArrayList<>() : new ArrayList<>(mempool.select((long) max
          * TransferBytes.MAX_SIZE, view(layer, state)).stream().limit(max).map(Pending::transfer).toList());
      height++;
      List<Member> set = chain().setAt(height);
      List<DoubleSign> ev = i == 0 ? TemplateParts.slashable(layer, chain().params(), state, evidence) : List.of();
      BlockExecution.Result r = BlockExecution.run(layer, chain().params(), state, height, producer, set, chosen, ev);
      while (r instanceof BlockExecution.Refused refused) {
        // the pool admitted what the state refuses (an unstake of stake another took): on the head it leaves the pool
        if (refused.index() >= 0 && chain().head().hash().equals(parent)) {
          mempool.evict(chosen.get(refused.index()).id());
        }
        chosen = refused.index() < 0 ? List.of() : TemplateParts.without(chosen, refused.index());
        r = BlockExecution.run(layer, chain().params(), state, height, producer, set, chosen, ev);
      }
      state = ((BlockExecution.Executed) r).stateRoot();
      bodies.add(new BlockBody(chosen, state, ev));
    }
    return Optional.of(bodies);
  }

  /** The proof-of-work ancestry of a stored block (call only for one {@link #template} found). */
  public Ancestry ancestry(Hash block) {
    return chain().meta(block).orElseThrow().ancestry();
  }

  public int pendingCount() {
    return mempool.count();
  }

  public long pendingBytes() {
    return mempool.bytes();
  }

  private Chain chain() {
    return chains.get();
  }

  private AccountView view() {
    return view(chain().stateNodes(), chain().headStateRoot());
  }

  /** The accounts root of a state root: under proof of stake its accounts part. */
  private Hash accounts(NodeStore nodes, Hash root) {
    return chain().params().isStake() ? StakeRoots.split(nodes, root).accounts() : root;
  }

  /**
   * The accounts of one state, each read from the tree once: the pool asks for the same sender's
   * balance and nonce in turn, and every read walks the tree through RocksDB.
   */
  private AccountView view(NodeStore nodes, Hash stateRoot) {
    Hash root = accounts(nodes, stateRoot);
    Map<AccountId, Account> read = new HashMap<>();
    Function<AccountId, Account> account =
        id -> read.computeIfAbsent(id, k -> SparseMerkleTree.find(nodes, root, k).orElse(Account.ZERO));
    return new AccountView() {
      @Override
      public long balance(AccountId id) {
        return account.apply(id).balance();
      }

      @Override
      public long nextNonce(AccountId id) {
        return account.apply(id).nonce();
      }
    };
  }
}
