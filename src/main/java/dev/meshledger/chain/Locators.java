package dev.meshledger.chain;

import dev.meshledger.domain.Hash;
import dev.meshledger.storage.BlockMeta;
import dev.meshledger.storage.BlockReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

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
    return locate(chain::meta, chain::hashAt, locator);
  }

  /** The same, over what the store has committed (the chain's readers). */
  static long locate(BlockReader store, List<Hash> locator) {
    return locate(store::meta, store::hashAt, locator);
  }

  private static long locate(Function<Hash, Optional<BlockMeta>> meta, LongFunction<Optional<Hash>> hashAt,
      List<Hash> locator) {
    for (Hash h : locator) {
      Optional<BlockMeta> m = meta.apply(h);
      if (m.isPresent() && hashAt.apply(m.get().height()).map(h::equals).orElse(false)) {
        return m.get().height();
      }
    }
    return 0;
  }
}
