package dev.meshledger.sync;

import dev.meshledger.domain.pow.Work;

/** What a peer says it has: the height of its best chain and the work behind it. */
record PeerClaim(long height, Work totalWork) {
  /** This claim raised by a newer one, never lowered: a peer's chain does not shrink by what it tells us. */
  PeerClaim raise(long newHeight, Work newWork) {
    return new PeerClaim(Math.max(height, newHeight), totalWork.max(newWork));
  }

  PeerClaim withWork(Work work) {
    return new PeerClaim(height, work);
  }
}
