package dev.meshledger.chain;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.config.ChainLimits;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.BlockMeta;
import dev.meshledger.storage.BlockReader;
import dev.meshledger.storage.BlockStore;
import dev.meshledger.storage.SideBlock;
import dev.meshledger.storage.StoreBatch;
import dev.meshledger.storage.TxLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's chain: validates blocks (their transfers too, on their parent's state), picks the
 * branch with the most work (ties go to the one seen first) and keeps the best-chain height
 * index. Plain Java with one owner thread.
 *
 * <p>Accepted blocks wait in a pending overlay, visible to every read, until {@link #flush}
 * writes them, their state tree nodes, the height changes and the new head in one durable batch:
 * many blocks, one sync (group commit). Nothing is acknowledged before its flush returns.
 */
public final class Chain {
  private static final Logger log = LoggerFactory.getLogger(Chain.class);
  private final BlockStore store;
  private final BlockValidator validator;
  private final ChainParams params;
  private final Block genesis;
  private final StateNodes nodes;
  private final SideBranches side;
  private final Members members;

  private final Map<Hash, Block> pendingBlocks = new HashMap<>();
  private final Map<Hash, BlockMeta> pendingMetas = new HashMap<>();
  private final Map<Long, Hash> pendingHeights = new HashMap<>();
  private final List<Block> pendingOrder = new ArrayList<>();
  private Head head;
  private boolean headChanged;

  public Chain(BlockStore store, ChainParams params) {
    this(store, params, ChainLimits.DEFAULTS);
  }

  public Chain(BlockStore store, ChainParams params, ChainLimits limits) {
    this.store = store;
    this.side = new SideBranches(limits, store.sideBlocks());
    this.params = params;
    this.validator = new BlockValidator(params);
    this.genesis = Genesis.of(params);
    this.nodes = new StateNodes(store::stateNode);
    this.head = ChainStart.open(store, genesis, params, nodes);
    this.members = Members.open(store, params, head.height(), nodes);
  }

  public Head head() { return head; }

  public Block genesis() { return genesis; }

  public BlockValidator validator() { return validator; }

  public ChainParams params() { return params; }

  /** The account state tree's nodes, pending ones included: read any stored block's state through it. */
  public NodeStore stateNodes() {
    return nodes;
  }

  /** The validator set after the head (proof of authority); null under proof of work. */
  public Membership membership() {
    return members.state();
  }

  /** The set voting on {@code height} (BFT), or none (proof of work). */
  List<Member> setAt(long height) {
    return members.state() == null ? List.of() : members.state().at(height);
  }

  /** The state after the head block. */
  public Hash headStateRoot() {
    return meta(head.hash()).orElseThrow().stateRoot();
  }

  /** The state after a stored block, if it is stored. */
  public Optional<Hash> stateRootOf(Hash block) {
    return meta(block).map(BlockMeta::stateRoot);
  }

  /** A layer over the state nodes whose writes are dropped with it: for trial runs (templates). */
  StateNodes scratchNodes() {
    return nodes.scratch();
  }

  /** Validates and adds a block; {@code intrinsicChecked}: the caller ran checkIntrinsic (on another thread). */
  public AddResult add(Block block, boolean intrinsicChecked, long nowMillis) {
    if (isKnown(block)) {
      return new AddResult.Duplicate(block);
    }
    if (!intrinsicChecked || block.isGenesis()) {
      Optional<Rejection> bad = validator.checkIntrinsic(block, nowMillis);
      if (bad.isPresent()) {
        return new AddResult.Rejected(block, bad.get());
      }
    }
    Optional<BlockMeta> parent = meta(block.prevHash());
    Optional<Rejection> badLink = BlockValidator.checkLink(block, parent.map(BlockMeta::height).orElse(null))
        .or(() -> validator.checkPow(block, parent.get().ancestry())); // bits and median time past
    if (badLink.isPresent()) {
      return new AddResult.Rejected(block, badLink.get());
    }
    if (params.isBft() && !block.prevHash().equals(head.hash())) {
      // every stored BFT block is final: there is no side branch to keep
      return new AddResult.Rejected(block, Rejection.CONFLICTS_WITH_FINAL);
    }
    Optional<Rejection> badSet = members.check(block, true); // proof of authority: the set of the block's height
    if (badSet.isPresent()) {
      return new AddResult.Rejected(block, badSet.get());
    }
    Work totalWork = parent.get().totalWork().plus(params.blockWork(block.bits()));
    boolean tip = totalWork.beats(head.totalWork());
    int size = tip ? 0 : BlockCodec.encodedSize(block); // only a side block is counted against the cap
    if (!tip && side.isStale(block.height(), head.height())) {
      return new AddResult.Rejected(block, Rejection.STALE_FORK);
    }
    if (!tip && !side.fits(size)) {
      return new AddResult.Rejected(block, Rejection.SIDE_BRANCHES_FULL);
    }
    StateNodes scratch = nodes.scratch();
    BlockExecution.Result executed = BlockExecution.check(scratch, params, parent.get().stateRoot(), block, setAt(block.height()));
    if (executed instanceof BlockExecution.Refused refused) {
      log.info("block {} refused: {}: {}", block, refused.reason(), refused.detail());
      return new AddResult.Rejected(block, refused.reason());
    }
    scratch.mergeInto(nodes);
    BlockMeta meta = new BlockMeta(block.height(), block.prevHash(), totalWork, block.stateRoot(),
        parent.get().ancestry().child(block.timestamp()));
    pendingBlocks.put(block.hash(), block);
    pendingMetas.put(block.hash(), meta);
    pendingOrder.add(block);
    if (!tip) {
      side.add(new SideBlock(block.height(), block.hash(), size));
      return new AddResult.Added(block, totalWork, false, null);
    }
    Head oldHead = head;
    Head newHead = new Head(block.hash(), block.height(), totalWork);
    AddResult.Reorg reorg = null;
    if (block.prevHash().equals(oldHead.hash())) {
      pendingHeights.put(block.height(), block.hash());
    } else {
      reorg = switchBranch(oldHead, newHead);
    }
    head = newHead;
    headChanged = true;
    members.apply(block, ((BlockExecution.Executed) executed).stake());
    return new AddResult.Added(block, totalWork, true, reorg);
  }

  /**
   * Whether the block is stored or pending. A child of the head cannot be (it would be the head):
   * that spares a sync a RocksDB read per block that finds nothing.
   */
  private boolean isKnown(Block block) {
    if (block.prevHash().equals(head.hash())) {
      return pendingMetas.containsKey(block.hash());
    }
    return meta(block.hash()).isPresent();
  }

  /** Points the height index at the branch ending in {@code newHead}; side branches swap blocks with it. */
  private AddResult.Reorg switchBranch(Head oldHead, Head newHead) {
    Map<Long, Hash> newBranch = new HashMap<>();
    Hash cursor = newHead.hash();
    BlockMeta cursorMeta = meta(cursor).orElseThrow();
    // Walk back from the new tip until we meet the best chain: that is the fork point.
    while (!hashAt(cursorMeta.height()).map(cursor::equals).orElse(false)) {
      newBranch.put(cursorMeta.height(), cursor);
      cursor = cursorMeta.prevHash();
      cursorMeta = meta(cursor).orElseThrow(() -> new IllegalStateException("a stored block lost its parent"));
    }
    long forkHeight = cursorMeta.height();
    for (long h = forkHeight + 1; h <= oldHead.height(); h++) {
      long height = h;
      hashAt(h).flatMap(this::block).ifPresent(b -> side.add(new SideBlock(height, b.hash(), BlockCodec.encodedSize(b))));
    }
    newBranch.forEach((h, hash) -> {
      pendingHeights.put(h, hash);
      side.remove(hash);
    });
    for (long h = newHead.height() + 1; h <= oldHead.height(); h++) {
      pendingHeights.put(h, null);
    }
    return new AddResult.Reorg(oldHead, newHead, forkHeight, oldHead.height() - forkHeight);
  }

  /** Writes everything added since the last flush in one durable batch; returns those blocks. */
  public List<Block> flush() {
    if (pendingOrder.isEmpty() && pendingHeights.isEmpty() && !headChanged) {
      return List.of();
    }
    StoreBatch batch = new StoreBatch();
    nodes.drainTo(batch);
    for (Block b : pendingOrder) {
      batch.addBlock(b, pendingMetas.get(b.hash()));
    }
    // side blocks the tip has left too far behind to matter: dropped (their state nodes stay)
    for (SideBlock stale : side.stale(head.height())) {
      block(stale.hash()).ifPresent(batch::deleteBlock);
      side.remove(stale.hash());
    }
    side.drainTo(batch);
    pendingHeights.forEach(batch::setHeight);
    if (headChanged) {
      batch.setHead(head);
    }
    store.write(batch);
    List<Block> written = List.copyOf(pendingOrder);
    pendingBlocks.clear();
    pendingMetas.clear();
    pendingHeights.clear();
    pendingOrder.clear();
    headChanged = false;
    return written;
  }

  public int pendingCount() { return pendingOrder.size(); }

  public Optional<Block> block(Hash hash) {
    Block b = pendingBlocks.get(hash);
    return b != null ? Optional.of(b) : store.block(hash);
  }

  public Optional<BlockMeta> meta(Hash hash) {
    BlockMeta m = pendingMetas.get(hash);
    return m != null ? Optional.of(m) : store.meta(hash);
  }

  /** The best chain's hash at a height, pending changes included. */
  public Optional<Hash> hashAt(long height) {
    if (height < 0 || height > head.height()) {
      return Optional.empty();
    }
    if (pendingHeights.containsKey(height)) {
      return Optional.ofNullable(pendingHeights.get(height));
    }
    return store.hashAt(height);
  }

  public Optional<Block> blockAt(long height) { return hashAt(height).flatMap(this::block); }

  /** Up to {@code limit} best-chain blocks ascending from {@code from}. */
  public List<Block> range(long from, int limit) {
    long start = Math.max(0, from);
    int count = (int) Math.max(0, Math.min(limit, head.height() - start + 1));
    if (pendingOrder.isEmpty() && pendingHeights.isEmpty()) {
      return store.range(start, count); // all of it stored: in bulk
    }
    return BlockReader.range(start, count, this::blockAt);
  }

  /** Every block holding the transfer, pending ones included. */
  public List<TxLocation> transferLocations(Hash transferId) {
    List<TxLocation> out = new ArrayList<>(store.transferLocations(transferId));
    for (Block b : pendingOrder) {
      for (int i = 0; i < b.txCount(); i++) {
        if (b.transactions().get(i).id().equals(transferId)) {
          out.add(new TxLocation(b.hash(), i));
        }
      }
    }
    return out;
  }

  /** Bytes and count of the stored blocks off the best chain. */
  public long sideBranchBytes() { return side.bytes(); }

  public int sideBranchBlocks() { return side.count(); }

  /** Whether the block is on the best chain (not a side branch). */
  public boolean isOnBestChain(Hash hash) {
    return meta(hash).flatMap(m -> hashAt(m.height())).map(hash::equals).orElse(false);
  }
}
