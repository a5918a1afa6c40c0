package dev.meshledger.bus.p2p;

/**
 * What a peer can do wrong, and what it costs. The ban threshold is 100 points by default: one
 * undecodable frame or unauthorised act is enough; invalid blocks and floods take a few.
 */
public enum Offence {
  BAD_FRAME(100, "sent a frame that is not protocol meshledger/1"),
  HANDSHAKE_VIOLATION(100, "broke the handshake rules"),
  INVALID_BLOCK(34, "sent an invalid block"),
  /** A bad signature or a malformed transfer: an honest peer relays only what its mempool accepted. */
  INVALID_TRANSACTION(34, "sent an invalid transaction"),
  INVALID_CHAIN_DATA(100, "served invalid or malformed blocks in a chain response"),
  FLOOD(25, "sent more than its rate limit"),
  SIDE_BRANCH_SPAM(10, "sent blocks off the best chain past its budget, or forking too deep"),
  UNSOLICITED(10, "sent a response nobody asked for"),
  BAD_ADDRESSES(20, "sent junk peer addresses"),
  SLOW_RESPONSE(5, "did not answer a request in time"),
  /** Its headers checked out but ended with less work than it claimed (headers-first sync). */
  FALSE_WORK_CLAIM(50, "claimed more chain work than the headers it served carry"),
  /** A GETBLOCKTXN past the block's end, or a BLOCKTXN that does not hold the transfers asked. */
  BAD_COMPACT_RELAY(34, "asked or answered for a compact block's transfers out of bounds"),
  /** A proposal or vote whose signature does not verify, or data over the size limit. */
  INVALID_CONSENSUS_MESSAGE(34, "sent a consensus message with a bad signature, or oversized data");

  private final int points;
  private final String description;

  Offence(int points, String description) {
    this.points = points;
    this.description = description;
  }

  public int points() {
    return points;
  }

  public String description() {
    return description;
  }
}
