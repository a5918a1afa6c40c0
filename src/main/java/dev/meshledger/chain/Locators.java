package dev.meshledger.chain;

import dev.meshledger.domain.Hash;
import dev.meshledger.storage.BlockMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Block locators, as Bitcoin's getblocks uses them: where two chains part, in one round trip. */
final class Locators {
  private Locators() {}

  /**
   * Best-chain hashes from the tip back, one apart for the first ten, then doubling the step,
   * ending with genesis.
   */
  static List<Hash> of(Chain chain) {
    List<Hash> out = new ArrayList<>();
    long step = 1;
    for (long h = chain.head().height(); h > 0; h -= step) {
      chain.hashAt(h).ifPresent(out::add);
      if (out.size() >= 10) {
        step *= 2;
      }
    }
    out.add(chain.genesis().hash());
    return out;
  }

  /** The height of the first locator hash on our best chain (genesis when none is). */
  static long locate(Chain chain, List<Hash> locator) {
    for (Hash h : locator) {
      Optional<BlockMeta> m = chain.meta(h);
      if (m.isPresent() && chain.hashAt(m.get().height()).map(h::equals).orElse(false)) {
        return m.get().height();
      }
    }
    return 0;
  }
}
