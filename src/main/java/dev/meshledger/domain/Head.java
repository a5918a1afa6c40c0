package dev.meshledger.domain;

import dev.meshledger.domain.pow.Work;

/** The tip of the best chain and the work behind it. */
public record Head(Hash hash, long height, Work totalWork) {
  public Head {
    java.util.Objects.requireNonNull(totalWork, "totalWork");
  }

  /** A head with a small amount of work (tests, BFT heights). */
  public Head(Hash hash, long height, long totalWork) {
    this(hash, height, Work.of(totalWork));
  }
}
