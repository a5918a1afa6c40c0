package dev.meshledger.bus.chain;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BatchResult;
import dev.meshledger.bus.chain.ChainMessages.BlockList;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.bus.chain.ChainMessages.BlockRange;
import dev.meshledger.bus.chain.ChainMessages.Locator;
import dev.meshledger.bus.chain.ChainMessages.ServeRange;
import dev.meshledger.bus.chain.ChainMessages.StoredBlocks;
import dev.meshledger.bus.chain.ChainMessages.SubmitBatch;
import dev.meshledger.bus.chain.ChainMessages.SubmitBlock;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Head;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.List;

/**
 * The chain verticle as the rest of the node sees it: one method per request, each with its
 * timeout. A failed future carries the chain's {@link io.vertx.core.eventbus.ReplyException}
 * (code and {@code CODE: text} message, see {@link Bus#failure}).
 */
public final class ChainClient {
  private final EventBus bus;

  public ChainClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  public Future<Head> head() {
    return bus.<Head>request(Addresses.CHAIN_HEAD, null, Bus.LOCAL).map(Message::body);
  }

  /** The head, or a failure after {@link Bus#PROBE_TIMEOUT_MS}: for readiness probes. */
  public Future<Head> probeHead() {
    return bus.<Head>request(Addresses.CHAIN_HEAD, null, Bus.local(Bus.PROBE_TIMEOUT_MS)).map(Message::body);
  }

  /** Validates, stores and (once durable) answers; a refused block is a {@link AddResult.Rejected}, not a failure. */
  public Future<AddResult> submit(Block block, BlockSource source, long firstSeenMillis, boolean intrinsicChecked) {
    return bus.<AddResult>request(Addresses.CHAIN_SUBMIT_BLOCK,
        new SubmitBlock(block, source, firstSeenMillis, intrinsicChecked), Bus.LOCAL).map(Message::body);
  }

  public Future<BatchResult> submitBatch(List<Block> blocks, BlockSource source, long firstSeenMillis,
      boolean intrinsicChecked) {
    return bus.<BatchResult>request(Addresses.CHAIN_SUBMIT_BATCH,
        new SubmitBatch(blocks, source, firstSeenMillis, intrinsicChecked), Bus.LOCAL).map(Message::body);
  }

  /** A block by hash or height, or the tip; fails with {@link Bus#NOT_FOUND} when there is none. */
  public Future<Block> block(BlockLookup lookup) {
    return bus.<Block>request(Addresses.CHAIN_BLOCK, lookup, Bus.LOCAL).map(Message::body);
  }

  /** Up to {@code limit} blocks of the best chain from height {@code from} up. */
  public Future<List<Block>> blocks(long from, int limit) {
    return bus.<BlockList>request(Addresses.CHAIN_BLOCKS, new BlockRange(from, limit), Bus.LOCAL)
        .map(m -> m.body().blocks());
  }

  /** A block as {@link BlockRendering} shows it (the API's JSON); fails {@link Bus#NOT_FOUND} when there is none. */
  public Future<Buffer> renderedBlock(BlockLookup lookup) {
    return bus.<Buffer>request(Addresses.CHAIN_RENDERED_BLOCK, lookup, Bus.LOCAL).map(Message::body);
  }

  /** Up to {@code limit} best-chain blocks from height {@code from} up, rendered as one list. */
  public Future<Buffer> renderedBlocks(long from, int limit) {
    return bus.<Buffer>request(Addresses.CHAIN_RENDERED_BLOCKS, new BlockRange(from, limit), Bus.LOCAL)
        .map(Message::body);
  }

  /** Best-chain blocks as stored, for a peer (see {@link ServeRange}). */
  public Future<StoredBlocks> serve(ServeRange range) {
    return bus.<StoredBlocks>request(Addresses.CHAIN_SERVE, range, Bus.LOCAL).map(Message::body);
  }

  /** Best-chain hashes from the tip back at doubling distances, for a peer to find where we part. */
  public Future<List<Hash>> locator() {
    return bus.<Locator>request(Addresses.CHAIN_LOCATOR, null, Bus.LOCAL).map(m -> m.body().hashes());
  }

  /** The height of the first of a peer's locator hashes that is on our best chain. */
  public Future<Long> locate(List<Hash> locator) {
    return bus.<Long>request(Addresses.CHAIN_LOCATE, new Locator(locator), Bus.LOCAL).map(Message::body);
  }

  /** Height, total work and ancestry of a stored block; fails NOT_FOUND for one we lack. */
  public Future<ChainMessages.ForkPoint> forkPoint(Hash block) {
    return bus.<ChainMessages.ForkPoint>request(Addresses.CHAIN_FORK_POINT, block, Bus.LOCAL).map(Message::body);
  }

  /** Up to {@code limit} best-chain headers (with their commits) from height {@code from} up. */
  public Future<List<dev.meshledger.domain.Header>> headers(long from, int limit) {
    return bus.<ChainMessages.HeaderList>request(Addresses.CHAIN_HEADERS, new BlockRange(from, limit), Bus.LOCAL)
        .map(m -> m.body().headers());
  }

  /**
   * The chain's verdict on a BFT proposal (checked on the chain's thread against its head): empty when
   * it is valid, else the rejection's name.
   */
  public Future<java.util.Optional<String>> checkProposal(Block block) {
    return bus.<String>request(Addresses.CHAIN_CHECK_PROPOSAL, block, Bus.LOCAL)
        .map(m -> m.body().isEmpty() ? java.util.Optional.<String>empty() : java.util.Optional.of(m.body()));
  }

  /** The validator set after the head (proof of authority); fails NOT_BFT under proof of work. */
  public Future<dev.meshledger.domain.finality.Membership> membership() {
    return bus.<dev.meshledger.domain.finality.Membership>request(Addresses.CHAIN_MEMBERSHIP, null, Bus.LOCAL)
        .map(Message::body);
  }

  /** The stake after the head (proof of stake); fails NOT_STAKING otherwise. */
  public Future<dev.meshledger.domain.ledger.stake.StakeState> stake() {
    return bus.<dev.meshledger.domain.ledger.stake.StakeState>request(Addresses.CHAIN_STAKE, null, Bus.LOCAL)
        .map(Message::body);
  }

  /** Re-validates the whole stored chain; waits up to {@link Bus#AUDIT_TIMEOUT_MS}. */
  public Future<AuditReport> audit() {
    return bus.<AuditReport>request(Addresses.CHAIN_VALIDATE, null, Bus.local(Bus.AUDIT_TIMEOUT_MS)).map(Message::body);
  }
}
