package dev.meshledger.sim;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TransferBytes;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.validation.BlockValidator;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.gossip.CompactRelay;
import dev.meshledger.gossip.Gossip;
import dev.meshledger.wire.Message;
import dev.meshledger.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The block the simulation relays, made by the node's own {@link BlockFactory} (signed, proof of work
 * sealed, {@code txs} signed transfers), checked once by the node's {@link BlockValidator}, and the
 * size on the wire of every message about it, encoded by the node's {@link WireCodec}. One block
 * stands for all: blocks of one run have the same shape, so their sizes are computed once.
 */
public final class Blocks {
  /** The chain the simulated blocks belong to: proof of work of 4 bits, no ledger rules beyond the block's own. */
  static final ChainParams PARAMS = ChainParams.of("meshledger-sim", 4, 1 << 20);
  public final Block block;
  public final int txs;
  /** BLOCK frame (length prefix and type included): what full push sends. */
  public final int blockFrame;
  /** BLOCK_ANNOUNCE frame. */
  public final int announceFrame;
  /** CHAIN_REQUEST frame asking for one block (a locator of one hash): the "getdata". */
  public final int requestFrame;
  /** CHAIN_RESPONSE frame carrying the block. */
  public final int responseFrame;
  /** The node's CMPCTBLOCK frame for this block (header, data, commit, nonce, 6-byte short ids). */
  public final int compactFrame;
  /** Mean encoded size of one transfer. */
  public final int txBytes;
  /** Whether the node pushes this block (whole or compact, true) or announces it, by {@link Gossip#PUSH_MAX_BYTES}. */
  public final boolean nodePushes;
  /**
   * The node's policy for this block (with its default {@code gossip.compactFanout} 0, compact to
   * every peer): compact if it has transfers, whole if not, announced when the frame pushed would
   * be over {@link Gossip#PUSH_MAX_BYTES}.
   */
  public final PropagationSim.Policy nodePolicy;
  public final Optional<Rejection> validation;

  private Blocks(Block block, int txBytes, Optional<Rejection> validation) {
    WireCodec codec = new WireCodec(PARAMS.maxBlockDataBytes());
    this.block = block;
    this.txs = block.transactions().size();
    this.blockFrame = codec.encode(new Message.BlockMessage(block)).length;
    this.announceFrame = codec.encode(new Message.BlockAnnounce(block.hash(), block.height(), dev.meshledger.domain.pow.Work.of(16))).length;
    this.requestFrame = codec.encode(new Message.ChainRequest(1, List.of(block.prevHash()), block.height(), 1)).length;
    this.responseFrame = codec.encode(new Message.ChainResponse(1, List.of(block), block.height())).length;
    Message.CompactBlock compact = CompactRelay.compact(block, 0);
    this.compactFrame = codec.encode(compact).length;
    this.txBytes = txBytes;
    this.nodePolicy = txs > 0
        ? (CompactRelay.encodedSize(compact) <= Gossip.PUSH_MAX_BYTES ? PropagationSim.Policy.COMPACT
            : PropagationSim.Policy.ANNOUNCE)
        : (BlockCodec.encodedSize(block) <= Gossip.PUSH_MAX_BYTES ? PropagationSim.Policy.PUSH
            : PropagationSim.Policy.ANNOUNCE);
    this.nodePushes = nodePolicy != PropagationSim.Policy.ANNOUNCE;
    this.validation = validation;
  }

  /** A block of {@code txs} transfers and {@code dataBytes} of data on top of genesis, validated once. */
  public static Blocks make(int txs, int dataBytes, long seed) {
    NodeKey producer = NodeKey.fromSecret(secret(seed, 1));
    WalletKey wallet = WalletKey.fromSecret(secret(seed, 2));
    WalletKey payee = WalletKey.fromSecret(secret(seed, 3));
    List<Transfer> transfers = new ArrayList<>();
    int bytes = 0;
    for (int i = 0; i < txs; i++) {
      Transfer t = wallet.transfer(PARAMS.chainId(), payee.account(), 1 + i, 1, i);
      transfers.add(t);
      bytes += TransferBytes.encodedSize(t);
    }
    Block genesis = Genesis.of(PARAMS);
    long timestamp = genesis.timestamp() + 1_000;
    byte[] data = ("\"" + "x".repeat(Math.max(0, dataBytes - 2)) + "\"").getBytes(StandardCharsets.UTF_8);
    BlockFactory factory = new BlockFactory(producer, PARAMS);
    Block block = factory.make(0, genesis.hash(), timestamp, data, new BlockBody(transfers, genesis.stateRoot()), () -> false)
        .orElseThrow();
    // The node's checks of a block from a peer, once for the block every node receives (not per node: the
    // Ed25519 and proof-of-work cost is modelled by the per-hop delay instead).
    Optional<Rejection> verdict = new BlockValidator(PARAMS).checkIntrinsic(block, timestamp);
    if (verdict.isEmpty()) {
      verdict = BlockValidator.checkLink(block, 0L);
    }
    return new Blocks(block, txs == 0 ? 0 : bytes / txs, verdict);
  }

  private static byte[] secret(long seed, int which) {
    byte[] s = new byte[32];
    long x = seed * 31 + which;
    for (int i = 0; i < 32; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      s[i] = (byte) (x >>> 56);
    }
    return s;
  }
}
