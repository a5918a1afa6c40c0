package dev.meshledger.bus;

import dev.meshledger.bus.chain.AuditReport;

/**
 * Every event-bus address of the node, {@code <owner>.<kind>.<name>}: {@code cmd} is point to
 * point, {@code query} is request/reply, {@code event} is published and past tense. All are
 * node-internal (local only) except {@code ui.*}, which the dashboard bridge may see.
 */
public final class Addresses {
  private Addresses() {}

  /** {@link dev.meshledger.bus.chain.ChainMessages.SubmitBlock} -> {@link dev.meshledger.bus.chain.AddResult}. */
  public static final String CHAIN_SUBMIT_BLOCK = "chain.cmd.submit-block";
  /** no body -> {@link dev.meshledger.domain.Head}. */
  public static final String CHAIN_HEAD = "chain.query.head";
  /** {@link dev.meshledger.bus.chain.ChainMessages.BlockLookup} -> {@link dev.meshledger.domain.Block}, or fails NOT_FOUND. */
  public static final String CHAIN_BLOCK = "chain.query.block";
  /** {@link dev.meshledger.bus.chain.ChainMessages.BlockRange} -> {@link dev.meshledger.bus.chain.ChainMessages.BlockList}. */
  public static final String CHAIN_BLOCKS = "chain.query.blocks";
  /**
   * {@link dev.meshledger.bus.chain.ChainMessages.BlockRange} -> {@link dev.meshledger.bus.chain.ChainMessages.HeaderList}:
   * best-chain headers with their commits, cut from the stored bytes (the bodies are skipped, never decoded).
   */
  public static final String CHAIN_HEADERS = "chain.query.headers";
  /**
   * {@link dev.meshledger.bus.chain.ChainMessages.BlockLookup} -> {@link io.vertx.core.buffer.Buffer}: the block as
   * {@link dev.meshledger.bus.chain.BlockRendering} renders it (the API's JSON), from the readers' cache; fails NOT_FOUND.
   */
  public static final String CHAIN_RENDERED_BLOCK = "chain.query.rendered-block";
  /**
   * {@link dev.meshledger.bus.chain.ChainMessages.BlockRange} -> {@link io.vertx.core.buffer.Buffer}: the best chain's
   * blocks as one rendered list ({@link dev.meshledger.bus.chain.BlockRendering}), from the readers' cache.
   */
  public static final String CHAIN_RENDERED_BLOCKS = "chain.query.rendered-blocks";
  /**
   * {@link dev.meshledger.bus.chain.ChainMessages.ServeRange} -> {@link dev.meshledger.bus.chain.ChainMessages.StoredBlocks}:
   * best-chain blocks as stored, for a peer's CHAIN_REQUEST.
   */
  public static final String CHAIN_SERVE = "chain.query.serve";
  /** no body -> {@link dev.meshledger.bus.chain.AuditReport}. */
  public static final String CHAIN_VALIDATE = "chain.query.validate";
  /** {@link dev.meshledger.bus.chain.ChainMessages.SubmitBatch} -> {@link dev.meshledger.bus.chain.ChainMessages.BatchResult}: many blocks in order, one durable write. */
  public static final String CHAIN_SUBMIT_BATCH = "chain.cmd.submit-batch";
  /** {@link dev.meshledger.domain.Block} (a BFT proposal) -> String: "" when valid on the head, else the rejection. */
  public static final String CHAIN_CHECK_PROPOSAL = "chain.query.check-proposal";
  /**
   * no body -> {@link dev.meshledger.domain.finality.Membership}: the validator set after the head, as votes
   * left it (proof of authority); fails BAD_REQUEST NOT_BFT under proof of work.
   */
  public static final String CHAIN_MEMBERSHIP = "chain.query.membership";
  /**
   * no body -> {@link dev.meshledger.domain.ledger.stake.StakeState}: the stake after the head (proof of
   * stake); fails BAD_REQUEST NOT_STAKING otherwise.
   */
  public static final String CHAIN_STAKE = "chain.query.stake";
  /** no body -> {@link dev.meshledger.bus.chain.ChainMessages.Locator}: best-chain hashes from the tip back at doubling distances. */
  public static final String CHAIN_LOCATOR = "chain.query.locator";
  /** {@link dev.meshledger.bus.chain.ChainMessages.Locator} -> Long: the height of its first hash that is on our best chain. */
  public static final String CHAIN_LOCATE = "chain.query.locate";
  /** {@link dev.meshledger.domain.Hash} -> {@link dev.meshledger.bus.chain.ChainMessages.ForkPoint}, or fails NOT_FOUND. */
  public static final String CHAIN_FORK_POINT = "chain.query.fork-point";
  /**
   * {@link dev.meshledger.bus.chain.ChainMessages.BlockAdded}, after the block is durable. Blocks that came in one sync batch
   * publish one event, for the batch's last block, with {@code batchSize} set.
   */
  public static final String CHAIN_BLOCK_ADDED = "chain.event.block-added";
  /** {@link dev.meshledger.bus.chain.AddResult.Reorg}. */
  public static final String CHAIN_REORG = "chain.event.reorg";

  /** {@link dev.meshledger.bus.ledger.LedgerMessages.SubmitTransfer} -> {@link dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict}. */
  public static final String LEDGER_SUBMIT_TRANSFER = "ledger.cmd.submit-transfer";
  /** {@link dev.meshledger.bus.ledger.LedgerMessages.AccountQuery} -> {@link dev.meshledger.bus.ledger.LedgerMessages.AccountInfo}. */
  public static final String LEDGER_ACCOUNT = "ledger.query.account";
  /** {@link dev.meshledger.bus.ledger.LedgerMessages.TransferQuery} -> {@link dev.meshledger.bus.ledger.LedgerMessages.TransferStatus}, or fails NOT_FOUND. */
  public static final String LEDGER_TRANSFER = "ledger.query.transfer";
  /** no body -> {@link dev.meshledger.bus.ledger.LedgerMessages.MempoolInfo}. */
  public static final String LEDGER_MEMPOOL = "ledger.query.mempool";
  /** no body -> {@link dev.meshledger.bus.ledger.LedgerMessages.SupplyInfo}. */
  public static final String LEDGER_SUPPLY = "ledger.query.supply";
  /** {@link dev.meshledger.bus.ledger.LedgerMessages.TemplateRequest} -> {@link dev.meshledger.bus.ledger.LedgerMessages.Templates}. */
  public static final String LEDGER_TEMPLATE = "ledger.query.template";
  /** {@link dev.meshledger.bus.ledger.LedgerMessages.TransferIds} -> {@link dev.meshledger.bus.ledger.LedgerMessages.TransferList}. */
  public static final String LEDGER_PENDING = "ledger.query.pending";
  /** {@link dev.meshledger.bus.ledger.LedgerMessages.TransferAccepted}: a transfer new to the mempool. */
  public static final String LEDGER_TRANSFER_ACCEPTED = "ledger.event.transfer-accepted";

  /** no body -> JsonObject: the BFT reactor's state (GET /api/consensus); no handler under proof of work. */
  public static final String CONSENSUS_STATUS = "consensus.query.status";
  /**
   * {@link dev.meshledger.bus.consensus.VoteRequest} -> JsonArray: this validator's pending votes after it;
   * fails BAD_REQUEST with NOT_A_VALIDATOR, ALREADY_MEMBER, NOT_MEMBER, LAST_VALIDATOR, SET_FULL or ALREADY_VOTED.
   */
  public static final String CONSENSUS_VOTE = "consensus.cmd.vote";
  /** String (a node id) -> JsonArray: the pending votes after withdrawing the one on it; fails NOT_FOUND. */
  public static final String CONSENSUS_WITHDRAW_VOTE = "consensus.cmd.withdraw-vote";
  /**
   * {@link dev.meshledger.bus.consensus.EvidenceRequest} -> JsonObject (the evidence held): a double sign seen
   * elsewhere, for this node's blocks to carry; fails UNPROCESSABLE with a {@code DoubleSign.Problem} or an
   * {@code EvidencePool.Refusal} name.
   */
  public static final String CONSENSUS_EVIDENCE = "consensus.cmd.evidence";

  /** {@link dev.meshledger.bus.miner.MineRequest} -> the new {@link dev.meshledger.domain.Block}, stored. */
  public static final String MINER_MINE = "miner.cmd.mine";

  /** no body -> {@link dev.meshledger.bus.p2p.PeerMessages.PeerSummary}; absent until the P2P layer is deployed. */
  public static final String P2P_SUMMARY = "p2p.query.summary";
  /** no body -> {@link dev.meshledger.bus.p2p.PeerMessages.PeerList}. */
  public static final String P2P_PEERS = "p2p.query.peers";
  /** {@link dev.meshledger.bus.p2p.PeerMessages.Dial}: connect to an address (from the API, discovery or peer exchange). */
  public static final String P2P_DIAL = "p2p.cmd.dial";
  /** {@link dev.meshledger.bus.p2p.PeerMessages.Forget}: stop dialling an address (a cluster member left). */
  public static final String P2P_FORGET = "p2p.cmd.forget";
  /** String node id -> reply true when a peer was disconnected, fails NOT_FOUND otherwise. */
  public static final String P2P_DISCONNECT = "p2p.cmd.disconnect";
  /** {@link dev.meshledger.bus.p2p.PeerMessages.PeerInfo}, after the handshake. */
  public static final String P2P_PEER_CONNECTED = "p2p.event.peer-connected";
  /** {@link dev.meshledger.bus.p2p.PeerMessages.PeerDisconnected}. */
  public static final String P2P_PEER_DISCONNECTED = "p2p.event.peer-disconnected";
  /** {@link dev.meshledger.bus.p2p.PeerMessages.PeerBanned}. */
  public static final String P2P_PEER_BANNED = "p2p.event.peer-banned";

  /** no body -> {@link dev.meshledger.bus.p2p.BanMessages.Bans}: the bans in force. */
  public static final String P2P_BANS = "p2p.query.bans";
  /** {@link dev.meshledger.bus.p2p.BanMessages.AddBan} -> the {@link dev.meshledger.bus.p2p.BanMessages.Ban}, once saved; fails BAD_TARGET. */
  public static final String P2P_BAN = "p2p.cmd.ban";
  /** String target -> true once lifted and saved; fails NOT_FOUND when no such ban, BAD_TARGET. */
  public static final String P2P_UNBAN = "p2p.cmd.unban";
  /** no body -> {@link dev.meshledger.bus.p2p.BanMessages.Allowlist}: the allow-list in force. */
  public static final String P2P_ALLOWLIST = "p2p.query.allowlist";
  /** {@link dev.meshledger.bus.p2p.BanMessages.Allowlist} -> the list in force, once applied and saved; fails BAD_NODE_ID. */
  public static final String P2P_SET_ALLOWLIST = "p2p.cmd.set-allowlist";

  /** {@link dev.meshledger.bus.p2p.PeerMessages.SendTo}: one message to one peer. */
  public static final String P2P_SEND = "p2p.cmd.send";
  /** {@link dev.meshledger.bus.p2p.PeerMessages.Broadcast}: one message to every ready peer but some. */
  public static final String P2P_BROADCAST = "p2p.cmd.broadcast";
  /** {@link dev.meshledger.bus.p2p.PeerMessages.Penalize}: the one way any concern reports a misbehaving peer. */
  public static final String P2P_PENALIZE = "p2p.cmd.penalize";
  /**
   * {@link dev.meshledger.bus.p2p.PeerMessages.Inbound}: the gossip channel, BLOCK and BLOCK_ANNOUNCE from
   * ready peers. Claimed by the gossip reactor ({@link dev.meshledger.bus.p2p.Channel#GOSSIP}).
   */
  public static final String P2P_IN_GOSSIP = "p2p.event.gossip-received";
  /**
   * {@link dev.meshledger.bus.p2p.PeerMessages.Inbound}: the blocksync channel, CHAIN_REQUEST and
   * CHAIN_RESPONSE. Claimed by the sync reactor ({@link dev.meshledger.bus.p2p.Channel#BLOCKSYNC}).
   */
  public static final String P2P_IN_BLOCKSYNC = "p2p.event.blocksync-received";
  /**
   * {@link dev.meshledger.bus.p2p.PeerMessages.Inbound}: the transactions channel, TX_ANNOUNCE, TX_REQUEST and
   * TXS. Claimed by the transaction gossip reactor ({@link dev.meshledger.bus.p2p.Channel#TRANSACTIONS}).
   */
  public static final String P2P_IN_TRANSACTIONS = "p2p.event.transactions-received";
  /**
   * {@link dev.meshledger.bus.p2p.PeerMessages.Inbound}: the consensus channel, PROPOSAL, VOTE and DATA.
   * Claimed by the BFT reactor ({@link dev.meshledger.bus.p2p.Channel#CONSENSUS}); unclaimed under proof of work.
   */
  public static final String P2P_IN_CONSENSUS = "p2p.event.consensus-received";
  /** no body -> {@link dev.meshledger.bus.p2p.PeerMessages.NetworkValidation}: asks every peer to validate its chain. */
  public static final String P2P_NETWORK_VALIDATE = "p2p.query.network-validate";

  /** String peer id: that peer has blocks we lack (an orphan's ancestors, a heavier tip): sync from it. */
  public static final String SYNC_FROM = "sync.cmd.sync-from";
  /** no body -> {@link dev.meshledger.bus.sync.SyncProgress}: is the node syncing, and how far along. */
  public static final String SYNC_STATUS = "sync.query.status";
  /** {@link dev.meshledger.bus.sync.SyncProgress}, published while syncing and once when done. */
  public static final String SYNC_PROGRESS = "sync.event.progress";

  /** Prefix of every address the dashboard bridge lets out (and, for ui.query.*, in). */
  public static final String UI_PREFIX = "ui.";

  // The dashboard's JSON addresses: events published local-only, queries answered with JSON.

  /** {height, hash, prevHash, producer, timestamp, source, firstSeen, addedAt, size, becameTip, totalWork} */
  public static final String UI_BLOCK_ADDED = "ui.block-added";
  /** {nodeId, address, direction, height, totalWork, connectedSince, score} */
  public static final String UI_PEER_CONNECTED = "ui.peer-connected";
  /** {nodeId, address, direction, reason} */
  public static final String UI_PEER_DISCONNECTED = "ui.peer-disconnected";
  /** {nodeId, ip, reason, until} */
  public static final String UI_PEER_BANNED = "ui.peer-banned";
  /** {oldTip, oldHeight, newTip, newHeight, forkHeight, depth} */
  public static final String UI_REORG = "ui.reorg";
  /** {syncing, height, targetHeight, blocksPerSecond, done} */
  public static final String UI_SYNC_PROGRESS = "ui.sync-progress";
  /** Every second: the fields of GET /api/status. */
  public static final String UI_STATUS = "ui.status";

  /** any body -> the ui.status fields. */
  public static final String UI_QUERY_STATUS = "ui.query.status";
  /** {limit: N (1..100, default 20)} -> {blocks: [newest first, ui.block-added fields]}. */
  public static final String UI_QUERY_BLOCKS = "ui.query.blocks";
  /** any body -> {p2p: whether the P2P layer answered, peers: [ui.peer-connected fields]}. */
  public static final String UI_QUERY_PEERS = "ui.query.peers";
  /** any body -> the last ui.sync-progress, or {syncing: false} when none was seen. */
  public static final String UI_QUERY_SYNC = "ui.query.sync";

  /** What the bridge lets out to browsers, and in (read-only queries). */
  public static final String UI_OUTBOUND_REGEX = "ui\\..*";
  public static final String UI_INBOUND_REGEX = "ui\\.query\\..*";
}
