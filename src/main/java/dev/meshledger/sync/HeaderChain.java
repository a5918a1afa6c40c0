package dev.meshledger.sync;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.validation.HeaderChecks;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer's branch as far as its headers were checked, held in memory only (never stored): the hash
 * each body must have, height by height from just past the fork point, the work the branch carries,
 * and the height of the assume-valid block when it is on the branch. Pure.
 */
final class HeaderChain {
  private final HeaderChecks.Tip fork;
  /** What look-aheads learnt of the way to the assume-valid block; null without one. */
  private final AssumeValidPath path;
  private final List<Hash> hashes = new ArrayList<>();
  private HeaderChecks.Tip tip;
  private long assumeValidHeight = -1;

  /** @param path the way to the block below which signatures are not checked, null for none */
  HeaderChain(HeaderChecks.Tip fork, AssumeValidPath path) {
    this.fork = fork;
    this.tip = fork;
    this.path = path;
  }

  /** Appends headers that passed the rules from the current tip, and the tip they lead to. */
  void append(List<Header> checked, HeaderChecks.Tip newTip) {
    for (Header h : checked) {
      hashes.add(h.hash());
      if (path != null && h.hash().equals(path.target())) {
        assumeValidHeight = h.height();
      }
    }
    tip = newTip;
  }

  /** The hash the block at {@code height} must have; null outside the branch's checked part. */
  Hash hashAt(long height) {
    long i = height - fork.height() - 1;
    return i < 0 || i >= hashes.size() ? null : hashes.get((int) i);
  }

  HeaderChecks.Tip fork() {
    return fork;
  }

  HeaderChecks.Tip tip() {
    return tip;
  }

  int size() {
    return hashes.size();
  }

  /**
   * The height up to which this branch leads to the assume-valid block: the block's own when it is on it,
   * else the highest height a look-ahead showed to be its ancestor; -1 when neither.
   */
  long assumeValidHeight() {
    return assumeValidHeight >= 0 || path == null ? assumeValidHeight : path.ancestorHeight(this);
  }
}
