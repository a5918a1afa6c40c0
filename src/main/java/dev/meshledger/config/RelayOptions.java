package dev.meshledger.config;

/**
 * How new blocks are relayed, config keys {@code gossip.*}.
 *
 * @param compact relay blocks that carry transfers as compact blocks ({@code gossip.compactRelay},
 *     default true); false pushes them whole, as nodes before compact relay did (for a network
 *     where some peers do not know CMPCTBLOCK yet: they would take it for a bad frame)
 * @param compactFanout peers sent the compact block ({@code gossip.compactFanout}); the others get a
 *     header announce and fetch the block by sync if no compact block reaches them first. 0, the
 *     default, sends it to every peer: the simulation's compact policy, and a compact block is
 *     small enough (header, data, commit, 6 bytes a transfer) that the round trip an announce
 *     costs its receivers is dearer than the bytes it saves
 * @param blockTxnTimeoutMs how long a GETBLOCKTXN is waited for ({@code gossip.blockTxnTimeoutMs});
 *     then the whole block is fetched by sync
 */
public record RelayOptions(boolean compact, int compactFanout, int blockTxnTimeoutMs) {
  /** 2 s for a GETBLOCKTXN, as transaction gossip waits for a TX_REQUEST: one round trip is milliseconds. */
  public static final RelayOptions DEFAULTS = new RelayOptions(true, 0, 2_000);

  public RelayOptions {
    if (compactFanout < 0 || blockTxnTimeoutMs < 1) {
      throw new IllegalArgumentException("compactFanout must not be negative, blockTxnTimeoutMs must be positive");
    }
  }

  static RelayOptions read(ConfigReader r) {
    return new RelayOptions(r.bool("gossip.compactRelay", DEFAULTS.compact()),
        r.integer("gossip.compactFanout", DEFAULTS.compactFanout(), 0, 10_000),
        r.integer("gossip.blockTxnTimeoutMs", DEFAULTS.blockTxnTimeoutMs(), 1, 600_000));
  }
}
