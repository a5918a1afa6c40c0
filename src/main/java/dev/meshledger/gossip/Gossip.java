package dev.meshledger.gossip;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.bus.chain.BlockSource;
import dev.meshledger.bus.chain.ChainMessages.BlockAdded;
import dev.meshledger.bus.p2p.Offence;
import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.gossip.GossipAction.Broadcast;
import dev.meshledger.gossip.GossipAction.Penalize;
import dev.meshledger.gossip.GossipAction.Rebuild;
import dev.meshledger.gossip.GossipAction.Submit;
import dev.meshledger.gossip.GossipAction.SyncFrom;
import dev.meshledger.gossip.GossipAction.Verify;
import dev.meshledger.limits.TokenBucket;
import dev.meshledger.wire.Message;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Block propagation as a pure state machine: each event in, the actions to take out; no bus, no
 * clock (callers pass the time), so every rule is a unit test.
 *
 * <p>A new block from a peer is verified, then submitted; once durable it is passed on to every
 * peer not known to have it, ours to every peer. A bounded seen cache remembers who has which
 * block, so nothing loops and duplicates cost nothing. A block whose parent is missing waits in
 * the orphan pool, its ancestors fetched by sync from the peer that sent it; when the parent
 * lands, the orphan is submitted again as its own sender's, who answers for it. A block with
 * transfers is pushed compact (header, data, commit and 6-byte short ids, {@link CompactRelay}),
 * which its receivers fill from their mempools; one without is pushed whole (its compact form
 * would be no smaller). Either is pushed when its frame is at most {@link #PUSH_MAX_BYTES} (one
 * hop, no round trip); a larger one is announced, and a peer announcing a heavier block we do not
 * know is synced from.
 */
public final class Gossip {
  /** Blocks remembered in the seen cache: minutes of traffic at hundreds of blocks a second. */
  public static final int SEEN_CAPACITY = 16_384;
  /** Pushing a block this small costs less than the round trip an announce adds. */
  public static final int PUSH_MAX_BYTES = 16 * 1024;
  /** Orphans kept at once: a burst of blocks running ahead of one missing parent. */
  public static final int ORPHAN_CAPACITY = 1_024;
  /** An orphan whose ancestors have not come in this long will not. */
  public static final long ORPHAN_TTL_MS = 10 * 60_000;
  /**
   * Side-branch blocks a peer may send before each one costs it: an honest peer sends one when
   * two blocks race for a height, a few a day; one a minute refills.
   */
  static final int SIDE_BLOCK_BURST = 20;
  static final double SIDE_BLOCKS_PER_SECOND = 1 / 60.0;
  /** Peers whose side-block budget is tracked at once (the least recently seen go first). */
  static final int SIDE_BUDGET_PEERS = 1_024;

  private final int seenCapacity;
  private final Map<Hash, Set<String>> seen;
  /** Announced blocks already asked of a peer: one sync per block, not one per announcer. */
  private final Map<Hash, Boolean> asked;
  private final Set<Hash> invalid = new HashSet<>();
  private final OrphanPool orphans;
  private final Map<String, TokenBucket> sideBudgets = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
      return size() > SIDE_BUDGET_PEERS;
    }
  };

  /** Keys each compact block's short ids (BIP152 draws its nonce at random too); null: blocks are pushed whole. */
  private final LongSupplier nonces;
  /** Peers sent a compact block, the others an announce; 0 = every peer (see {@code config.RelayOptions}). */
  private final int compactFanout;

  public Gossip() {
    this(true, 0);
  }

  public Gossip(boolean compact, int compactFanout) {
    this(SEEN_CAPACITY, new OrphanPool(ORPHAN_CAPACITY, ORPHAN_TTL_MS), compact ? new SecureRandom()::nextLong : null,
        compactFanout);
  }

  Gossip(int seenCapacity, OrphanPool orphans) {
    this(seenCapacity, orphans, () -> 0L, 0);
  }

  Gossip(int seenCapacity, OrphanPool orphans, LongSupplier nonces, int compactFanout) {
    this.nonces = nonces;
    this.compactFanout = compactFanout;
    this.seenCapacity = seenCapacity;
    this.seen = bounded(seenCapacity);
    this.asked = bounded(seenCapacity);
    this.orphans = orphans;
  }

  /** A map that forgets its eldest entries past {@code capacity}: the seen cache's shape, shared in the package. */
  static <V> Map<Hash, V> bounded(int capacity) {
    return new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Hash, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** A whole block from a peer: verify it if it is news. */
  public List<GossipAction> onBlock(String peerId, Block block, long receivedMillis) {
    return known(peerId, block.hash()).orElseGet(() -> List.of(new Verify(peerId, block, receivedMillis)));
  }

  /** A compact block from a peer: fill it if it is news (a node that has the block takes nothing more). */
  public List<GossipAction> onCompact(String peerId, Message.CompactBlock c, long receivedMillis) {
    Hash h = c.hash();
    return known(peerId, h).orElseGet(() -> List.of(new Rebuild(peerId, c, h, receivedMillis)));
  }

  /**
   * What to do about a block we know: a duplicate costs nothing, a known-invalid one is punished.
   * Empty when the block is news; it is then noted as seen, with the peer as a holder.
   */
  private Optional<List<GossipAction>> known(String peerId, Hash h) {
    Set<String> holders = seen.get(h);
    if (holders != null) {
      holders.add(peerId);
      return Optional.of(List.of());
    }
    if (invalid.contains(h)) {
      return Optional.of(List.of(new Penalize(peerId, Offence.INVALID_BLOCK, "resent invalid block " + h.shortHex())));
    }
    holders = new HashSet<>();
    holders.add(peerId);
    seen.put(h, holders);
    return Optional.empty();
  }

  /** A peer has a block: note it; if we lack it and it is heavier than our tip, fetch it. */
  public List<GossipAction> onAnnounce(String peerId, Message.BlockAnnounce a, Work ourWork) {
    Set<String> holders = seen.get(a.hash());
    if (holders != null) {
      holders.add(peerId);
      return List.of();
    }
    if (!a.totalWork().beats(ourWork) || invalid.contains(a.hash()) || asked.put(a.hash(), Boolean.TRUE) != null) {
      return List.of();
    }
    return List.of(new SyncFrom(peerId, "announced " + a.hash().shortHex() + " at height " + a.height()));
  }

  /** The block's own rules were checked: submit it, or punish its sender. */
  public List<GossipAction> onVerified(String peerId, Block block, long receivedMillis, Optional<Rejection> failure) {
    if (failure.isPresent()) {
      markInvalid(block.hash());
      return List.of(new Penalize(peerId, Offence.INVALID_BLOCK, block + ": " + failure.get()));
    }
    return List.of(new Submit(block, new BlockSource.Peer(peerId), receivedMillis));
  }

  /** The chain's answer to a {@link Submit}: an orphan waits for its parent, an invalid block is punished. */
  public List<GossipAction> onSubmitted(Submit s, AddResult result, long now) {
    if (!(result instanceof AddResult.Rejected r)) {
      return List.of();
    }
    String peerId = s.source().peerId();
    if (r.reason() == Rejection.UNKNOWN_PARENT) {
      return orphans.add(s.block(), peerId, now)
          ? List.of(new SyncFrom(peerId, "orphan " + s.block() + " needs its ancestors"))
          : List.of();
    }
    if (r.reason() == Rejection.SIDE_BRANCHES_FULL) {
      return List.of(); // our cap, not the block's fault: it may be wanted later
    }
    if (r.reason() == Rejection.STALE_FORK) {
      return List.of(new Penalize(peerId, Offence.SIDE_BRANCH_SPAM, s.block() + " forks too deep"));
    }
    markInvalid(s.block().hash());
    return List.of(new Penalize(peerId, Offence.INVALID_BLOCK, s.block() + ": " + r.reason()));
  }

  /**
   * A block is durable: pass it on if it is the new tip, and submit the orphans that waited for
   * it, each as its own sender's. A side-branch block from a peer spends that peer's budget;
   * past it, each one is an offence.
   */
  public List<GossipAction> onAdded(BlockAdded e, long now) {
    Block b = e.block();
    Set<String> holders = seen.computeIfAbsent(b.hash(), k -> new HashSet<>());
    List<GossipAction> out = new ArrayList<>();
    Set<String> except = haveIt(b, holders);
    relayed(e, nonces).ifPresent(m -> out.add(m instanceof Message.CompactBlock && compactFanout > 0
        ? new Broadcast(m, except, compactFanout, announce(e))
        : new Broadcast(m, except)));
    String from = e.source().peerId();
    if (!e.becameTip() && from != null && !(e.source() instanceof BlockSource.Sync)
        && !sideBudgets.computeIfAbsent(from, p -> new TokenBucket(SIDE_BLOCKS_PER_SECOND, SIDE_BLOCK_BURST,
            now * 1_000_000)).tryTake(1, now * 1_000_000)) {
      out.add(new Penalize(from, Offence.SIDE_BRANCH_SPAM, "side-branch block " + b + " past its budget"));
    }
    if (e.source().peerId() != null) {
      holders.add(e.source().peerId());
    }
    for (OrphanPool.Orphan child : orphans.takeChildren(b.hash())) {
      out.add(new Submit(child.block(), new BlockSource.Peer(child.peerId()), now));
    }
    return out;
  }

  /**
   * What a stored block is passed on as: whole, announced, or not at all. Only a new tip is news
   * (as Bitcoin Core relays only its new tips): a side-branch block is not passed on, so a
   * spammer's cheap branches reach one node, not the network. When its branch outgrows ours, the
   * block that tips it is relayed and peers fetch its ancestors. {@code nonces} key compact blocks'
   * short ids; without them (compact relay off) a block is pushed whole.
   */
  static Optional<Message> relayed(BlockAdded e, LongSupplier nonces) {
    Block b = e.block();
    if (!e.becameTip()) {
      return Optional.empty();
    }
    Message announce = announce(e);
    if (e.batchSize() > 1 || e.source() instanceof BlockSource.Sync) {
      return Optional.of(announce); // old blocks from a sync are not news; the tip they reach is
    }
    if (b.txCount() == 0 || nonces == null) {
      return Optional.of(BlockCodec.encodedSize(b) <= PUSH_MAX_BYTES ? new Message.BlockMessage(b) : announce);
    }
    Message.CompactBlock c = CompactRelay.compact(b, nonces.getAsLong());
    return Optional.of(CompactRelay.encodedSize(c) <= PUSH_MAX_BYTES ? c : announce);
  }

  /**
   * The peers known to have a block: those that sent it, and under BFT the validators whose
   * precommits are in its commit (each had the block from the proposal to vote for it; one that
   * missed the decision gets it by sync), so a decided block is not sent back to its deciders.
   */
  static Set<String> haveIt(Block b, Set<String> holders) {
    if (b.commit().isEmpty()) {
      return Set.copyOf(holders);
    }
    Set<String> out = new HashSet<>(holders);
    for (CommitSig s : b.commit().signatures()) {
      out.add(s.validatorHex());
    }
    return Set.copyOf(out);
  }

  private static Message announce(BlockAdded e) {
    return new Message.BlockAnnounce(e.block().hash(), e.block().height(), e.totalWork());
  }

  /** Drops the orphans older than their time to live. */
  public void expire(long now) {
    orphans.expire(now);
  }

  /** The peers known to have a block (ourselves excluded); empty when it is not in the seen cache. */
  public Set<String> holders(Hash h) {
    Set<String> s = seen.get(h);
    return s == null ? Set.of() : Collections.unmodifiableSet(s);
  }

  public boolean isInvalid(Hash h) {
    return invalid.contains(h);
  }

  public int orphanCount() {
    return orphans.size();
  }

  private void markInvalid(Hash h) {
    if (invalid.size() >= seenCapacity) {
      invalid.clear(); // bounded; a block forgotten here is caught again by verification
    }
    invalid.add(h);
  }
}
