package dev.meshledger.config;

import dev.meshledger.config.ChainSpec.PowerFrom;
import dev.meshledger.domain.ledger.stake.StakeParams;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code consensus.staking} of a proof-of-stake spec: each field optional, defaults {@link StakeParams#DEFAULTS}. */
final class StakingSpec {
  static final String PREFIX = "consensus.staking.";
  private static final List<String> KEYS = List.of("unbondingBlocks", "epochBlocks", "maxValidators", "minStake",
      "slashPermille", "maxUnbonding");
  /** A bound that catches typos: 1,000 open unbondings a pair is not a design. */
  static final long MAX_UNBONDING = 1_000;
  /** About 30 years of one-second blocks. */
  static final long MAX_BLOCKS = 1_000_000_000;

  private StakingSpec() {}

  /**
   * The staking rules, or null under proof of authority (where {@code staking} is refused). Its
   * {@code maxValidators} is at most {@code consensus.maxValidators} (the bound on a commit), which is
   * also its default when lower than {@link StakeParams#DEFAULTS}'.
   */
  static StakeParams read(JsonObject consensus, PowerFrom powerFrom, int setBound) {
    if (powerFrom != PowerFrom.STAKE) {
      if (consensus.containsKey("staking")) {
        throw new ConfigException("consensus.staking", "only a proof-of-stake chain (powerFrom \"stake\") has staking rules");
      }
      return null;
    }
    JsonObject s = ChainSpecParser.object(consensus, "consensus.", "staking", false);
    ChainSpecParser.rejectUnknown(s, PREFIX, KEYS);
    StakeParams d = StakeParams.DEFAULTS;
    return new StakeParams(
        ChainSpecParser.number(s, PREFIX, "unbondingBlocks", d.unbondingBlocks(), 0, MAX_BLOCKS),
        ChainSpecParser.number(s, PREFIX, "epochBlocks", d.epochBlocks(), 1, MAX_BLOCKS),
        (int) ChainSpecParser.number(s, PREFIX, "maxValidators", (long) Math.min(d.maxValidators(), setBound), 1,
            setBound),
        ChainSpecParser.number(s, PREFIX, "minStake", d.minStake(), 1, Long.MAX_VALUE),
        (int) ChainSpecParser.number(s, PREFIX, "slashPermille", (long) d.slashPermille(), 0, 1000),
        (int) ChainSpecParser.number(s, PREFIX, "maxUnbonding", (long) d.maxUnbonding(), 1, MAX_UNBONDING));
  }
}
