package dev.meshledger.sync;

/** What a peer says it has: the height of its best chain and the work behind it. */
record PeerClaim(long height, long totalWork) {
  /** This claim raised by a newer one, never lowered: a peer's chain does not shrink by what it tells us. */
  PeerClaim raise(long newHeight, long newWork) {
    return new PeerClaim(Math.max(height, newHeight), Math.max(totalWork, newWork));
  }

  PeerClaim withWork(long work) {
    return new PeerClaim(height, work);
  }
}
