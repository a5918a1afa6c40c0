package dev.meshledger.wire;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.pow.Work;
import dev.meshledger.wire.DisconnectReason;
import java.util.List;

/** The typed messages of protocol meshledger/1. Each decodes from exactly one frame. */
public sealed interface Message {
  MessageType type();

  /**
   * The first frame each way.
   *
   * @param host the host this node can be dialled at (its advertised host); with listenPort it is its address
   */
  record Hello(String protocol, String chainId, Hash genesis, String nodeId, String host, int listenPort, long height,
      Work totalWork) implements Message {
    public MessageType type() { return MessageType.HELLO; }
  }

  record Ping(long nonce) implements Message {
    public MessageType type() { return MessageType.PING; }
  }

  record Pong(long nonce) implements Message {
    public MessageType type() { return MessageType.PONG; }
  }

  record Disconnect(DisconnectReason reason, String detail) implements Message {
    public MessageType type() { return MessageType.DISCONNECT; }
  }

  record BlockMessage(Block block) implements Message {
    public MessageType type() { return MessageType.BLOCK; }
  }

  record BlockAnnounce(Hash hash, long height, Work totalWork) implements Message {
    public MessageType type() { return MessageType.BLOCK_ANNOUNCE; }
  }

  /**
   * Asks for up to {@code maxCount} best-chain blocks: after the first locator hash the peer
   * has on its best chain (hashes from our tip back at growing distances), or, with an empty
   * locator, from {@code fromHeight}.
   */
  record ChainRequest(long requestId, List<Hash> locator, long fromHeight, int maxCount) implements Message {
    public MessageType type() { return MessageType.CHAIN_REQUEST; }
  }

  /** @param peerHeight the responder's height, so the requester knows how much is left */
  record ChainResponse(long requestId, List<Block> blocks, long peerHeight) implements Message {
    public MessageType type() { return MessageType.CHAIN_RESPONSE; }
  }

  /**
   * A CHAIN_RESPONSE as a serving node sends it: each block as its store holds it (the canonical
   * encoding, {@code BlockCodec.encode}), copied into the frame without being decoded and encoded
   * again. The same frame as a {@link ChainResponse} of those blocks, and it decodes as one.
   */
  record StoredChainResponse(long requestId, List<byte[]> blocks, long peerHeight) implements Message {
    public MessageType type() { return MessageType.CHAIN_RESPONSE; }
  }

  /** Asks for up to {@code maxCount} best-chain headers after the first locator hash the peer has on its best chain. */
  record GetHeaders(long requestId, List<Hash> locator, int maxCount) implements Message {
    public MessageType type() { return MessageType.GETHEADERS; }
  }

  /** @param peerHeight the responder's height; fewer headers than asked means none follow them */
  record Headers(long requestId, List<dev.meshledger.domain.Header> headers, long peerHeight) implements Message {
    public MessageType type() { return MessageType.HEADERS; }
  }

  record ValidationRequest(long requestId) implements Message {
    public MessageType type() { return MessageType.VALIDATION_REQUEST; }
  }

  record ValidationResponse(long requestId, boolean valid, long height, Hash tip, long checked) implements Message {
    public MessageType type() { return MessageType.VALIDATION_RESPONSE; }
  }

  record PeersRequest() implements Message {
    public MessageType type() { return MessageType.PEERS_REQUEST; }
  }

  /** An address one peer tells another about. */
  record PeerAddress(String host, int port, String nodeId, long lastSeen) {}

  record Peers(List<PeerAddress> peers) implements Message {
    public MessageType type() { return MessageType.PEERS; }
  }

  /** Transfer ids the sender has newly accepted (at most {@link WireCodec#MAX_TX_IDS}). */
  record TxAnnounce(List<Hash> ids) implements Message {
    public TxAnnounce {
      ids = List.copyOf(ids);
    }

    public MessageType type() { return MessageType.TX_ANNOUNCE; }
  }

  /** Transfer ids asked of a peer that announced them (at most {@link WireCodec#MAX_TX_IDS}). */
  record TxRequest(List<Hash> ids) implements Message {
    public TxRequest {
      ids = List.copyOf(ids);
    }

    public MessageType type() { return MessageType.TX_REQUEST; }
  }

  /** Transfers in answer to a TX_REQUEST (at most {@link WireCodec#MAX_TXS}, and within the frame limit). */
  record Txs(List<Transfer> transfers) implements Message {
    public Txs {
      transfers = List.copyOf(transfers);
    }

    public MessageType type() { return MessageType.TXS; }
  }

  /**
   * Algorithm 1's PROPOSAL with the block it proposes. {@code polRound} is -1 for a fresh block; the
   * proposer signs {@code domain.finality.SignBytes.proposal}.
   */
  record ProposalMessage(long height, int round, int polRound, String proposer, byte[] signature, Block block)
      implements Message {
    public MessageType type() { return MessageType.PROPOSAL; }

    @Override
    public boolean equals(Object o) {
      return o instanceof ProposalMessage p && height == p.height && round == p.round && polRound == p.polRound
          && proposer.equals(p.proposer) && java.util.Arrays.equals(signature, p.signature) && block.equals(p.block);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(height, round, block.hash());
    }
  }

  /** A prevote ({@code voteType} 1) or precommit (2) for a block, or for nil (empty); signed over SignBytes.vote. */
  record VoteMessage(int voteType, long height, int round, java.util.Optional<Hash> block, String validator,
      byte[] signature) implements Message {
    public MessageType type() { return MessageType.VOTE; }

    @Override
    public boolean equals(Object o) {
      return o instanceof VoteMessage v && voteType == v.voteType && height == v.height && round == v.round
          && block.equals(v.block) && validator.equals(v.validator) && java.util.Arrays.equals(signature, v.signature);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(voteType, height, round, block, validator);
    }
  }

  /** Data for a block of a BFT chain (at most chain.maxBlockDataBytes). */
  record DataMessage(byte[] data) implements Message {
    public MessageType type() { return MessageType.DATA; }

    @Override
    public boolean equals(Object o) {
      return o instanceof DataMessage d && java.util.Arrays.equals(data, d.data);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(data);
    }
  }
  /**
   * A block as its header, data and commit, with a 6-byte short id in place of each transfer
   * (BIP152's idea): the receiver fills the transfers from its mempool and asks only for those
   * it lacks. Short ids are keyed by the block's hash and {@code nonce} ({@link ShortIds}).
   *
   * @param header the header bytes as {@code HeaderBytes} encodes them (the block's hash is their SHA-256)
   */
  record CompactBlock(byte[] header, byte[] data, dev.meshledger.domain.finality.Commit commit, long nonce,
      long[] shortIds, List<dev.meshledger.domain.finality.DoubleSign> evidence) implements Message {
    public CompactBlock {
      evidence = List.copyOf(evidence);
    }

    /** A compact block without evidence. */
    public CompactBlock(byte[] header, byte[] data, dev.meshledger.domain.finality.Commit commit, long nonce,
        long[] shortIds) {
      this(header, data, commit, nonce, shortIds, List.of());
    }

    public MessageType type() { return MessageType.CMPCTBLOCK; }

    /** The block's hash: SHA-256 of its header bytes. */
    public Hash hash() {
      return dev.meshledger.domain.Sha256.of(header);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CompactBlock c && nonce == c.nonce && java.util.Arrays.equals(header, c.header)
          && java.util.Arrays.equals(data, c.data) && commit.equals(c.commit)
          && java.util.Arrays.equals(shortIds, c.shortIds) && evidence.equals(c.evidence);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(header);
    }
  }

  /** The transfers at these positions (ascending, no repeats) of a compact block the receiver could not fill. */
  record GetBlockTxn(Hash block, List<Integer> indexes) implements Message {
    public GetBlockTxn {
      indexes = List.copyOf(indexes);
    }

    public MessageType type() { return MessageType.GETBLOCKTXN; }
  }

  /** The transfers a GETBLOCKTXN asked for, in the order asked. */
  record BlockTxn(Hash block, List<Transfer> transfers) implements Message {
    public BlockTxn {
      transfers = List.copyOf(transfers);
    }

    public MessageType type() { return MessageType.BLOCKTXN; }
  }
}
