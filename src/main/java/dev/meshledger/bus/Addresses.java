package dev.meshledger.bus;

/**
 * Every event-bus address of the node, {@code <owner>.<kind>.<name>}: {@code cmd} is point to
 * point, {@code query} is request/reply, {@code event} is published and past tense. All are
 * node-internal (local only) except {@code ui.*}, which the dashboard bridge may see.
 */
public final class Addresses {
  private Addresses() {}

  /** {@link Messages.SubmitBlock} -> {@link dev.meshledger.chain.AddResult}. */
  public static final String CHAIN_SUBMIT_BLOCK = "chain.cmd.submit-block";
  /** no body -> {@link dev.meshledger.storage.Head}. */
  public static final String CHAIN_HEAD = "chain.query.head";
  /** {@link Messages.BlockLookup} -> {@link dev.meshledger.domain.Block}, or fails NOT_FOUND. */
  public static final String CHAIN_BLOCK = "chain.query.block";
  /** {@link Messages.BlockRange} -> {@link Messages.BlockList}. */
  public static final String CHAIN_BLOCKS = "chain.query.blocks";
  /** no body -> {@link dev.meshledger.chain.ChainAudit.Report}. */
  public static final String CHAIN_VALIDATE = "chain.query.validate";
  /** {@link Messages.BlockAdded}, after the block is durable. */
  public static final String CHAIN_BLOCK_ADDED = "chain.event.block-added";
  /** {@link dev.meshledger.chain.AddResult.Reorg}. */
  public static final String CHAIN_REORG = "chain.event.reorg";

  /** {@link Messages.MineRequest} -> the new {@link dev.meshledger.domain.Block}, stored. */
  public static final String MINER_MINE = "miner.cmd.mine";

  /** no body -> {@link Messages.PeerSummary}; absent until the P2P layer is deployed. */
  public static final String P2P_SUMMARY = "p2p.query.summary";
  /** no body -> {@link Messages.PeerList}. */
  public static final String P2P_PEERS = "p2p.query.peers";
  /** {@link Messages.Dial}: connect to an address (from the API, discovery or peer exchange). */
  public static final String P2P_DIAL = "p2p.cmd.dial";
  /** {@link Messages.Forget}: stop dialling an address (a cluster member left). */
  public static final String P2P_FORGET = "p2p.cmd.forget";
  /** String node id -> reply true when a peer was disconnected, fails NOT_FOUND otherwise. */
  public static final String P2P_DISCONNECT = "p2p.cmd.disconnect";
  /** {@link Messages.PeerInfo}, after the handshake. */
  public static final String P2P_PEER_CONNECTED = "p2p.event.peer-connected";
  /** {@link Messages.PeerDisconnected}. */
  public static final String P2P_PEER_DISCONNECTED = "p2p.event.peer-disconnected";
  /** {@link Messages.PeerBanned}. */
  public static final String P2P_PEER_BANNED = "p2p.event.peer-banned";

  /** {@link Messages.SyncProgress}, published while syncing and once when done. */
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
