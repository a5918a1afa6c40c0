package dev.meshledger.wire;

/** Wire message types. The byte codes are part of protocol meshledger/1: never renumber. */
public enum MessageType {
  HELLO(1),
  PING(2),
  PONG(3),
  DISCONNECT(4),
  BLOCK(5),
  BLOCK_ANNOUNCE(6),
  CHAIN_REQUEST(7),
  CHAIN_RESPONSE(8),
  VALIDATION_REQUEST(9),
  VALIDATION_RESPONSE(10),
  PEERS_REQUEST(11),
  PEERS(12),
  /** Transfer ids a peer has newly accepted into its mempool. */
  TX_ANNOUNCE(13),
  /** Transfer ids asked of a peer that announced them. */
  TX_REQUEST(14),
  /** Transfers, in answer to a TX_REQUEST. */
  TXS(15),
  /** A BFT proposer's signed proposal, with its block. */
  PROPOSAL(16),
  /** A BFT validator's signed prevote or precommit. */
  VOTE(17),
  /** Data posted to a node of a BFT chain, on its way to whichever validator proposes next. */
  DATA(18),
  /** A block as header, data, commit and short transfer ids (BIP152's cmpctblock). */
  CMPCTBLOCK(19),
  /** The transfers of a compact block its receiver lacks, by position. */
  GETBLOCKTXN(20),
  /** Transfers in answer to a GETBLOCKTXN. */
  BLOCKTXN(21),
  /** Headers asked for after the first locator hash the peer has on its best chain (headers-first sync). */
  GETHEADERS(22),
  /** Headers (with their commits under BFT) in answer to a GETHEADERS. */
  HEADERS(23);

  private static final MessageType[] BY_CODE = new MessageType[256];

  static {
    for (MessageType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a code, or null for a code this protocol version does not know. */
  public static MessageType of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
