package dev.meshledger.config;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.pow.Retarget;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One network's chain spec, parsed and checked: the chain id, the consensus engine and its
 * parameters, the genesis allocations, the block reward and (for {@code bft}) the genesis
 * validators. Immutable. {@link #parse} is the only checked way in; {@link #hash} commits to
 * every value, so nodes with different specs get different genesis blocks.
 *
 * <p>The file format is described in docs/architecture.md ("The ledger"); an example
 * is {@code conf/chain-dev.json}. Required: {@code chainId}, {@code consensus} with its engine
 * and, for {@code bft}, {@code powerFrom}; {@code blockReward}. Defaults: {@code pow}'s parameters
 * absent = {@link Pow#DEFAULT_DIFFICULTY_BITS} and the other {@code Pow.DEFAULT_*}, {@code bft}'s the
 * {@code Bft.DEFAULT_*}; {@code alloc} absent = no
 * allocations; {@code validators} absent = none (which only {@code pow} allows); a validator's
 * {@code power} absent = 1 (proof of authority's equal power).
 *
 * @param alloc account -> initial balance, sorted by account id; the total fits a {@code long}
 * @param validators in the file's order; empty for {@code pow}, non-empty for {@code bft}
 */
public record ChainSpec(
    String chainId, Consensus consensus, SortedMap<AccountId, Long> alloc, long blockReward, List<Validator> validators) {

  public ChainSpec {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(consensus, "consensus");
    alloc = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(alloc, "alloc")));
    validators = List.copyOf(validators);
  }

  /**
   * Parses and checks a spec file's text.
   *
   * @throws ConfigException naming the exact key path ({@code consensus.timeoutProposeMs},
   *     {@code alloc.<id>}, {@code validators[2].power}) of the first problem
   */
  public static ChainSpec parse(String json) {
    return ChainSpecParser.parse(json);
  }

  /** SHA-256 of {@link ChainSpecHash#canonicalBytes}: the same for the same values, whatever the file's layout. */
  public Hash hash() {
    return ChainSpecHash.of(this);
  }

  /** Everything allocated at genesis (fits a {@code long}: checked when parsed). */
  public long totalAllocated() {
    long total = 0;
    for (long v : alloc.values()) {
      total = Math.addExact(total, v);
    }
    return total;
  }

  /** The consensus engine and its parameters: {@link Pow} or {@link Bft}. */
  public sealed interface Consensus permits Pow, Bft {
    /** The {@code consensus.engine} value. */
    String engine();
  }

  /**
   * Proof of work with absolute ASERT retargeting.
   *
   * @param difficultyBits the initial difficulty (leading zero bits)
   * @param targetBlockMillis the block time ASERT steers toward; 0 (the key absent) = fixed difficulty
   * @param halfLifeBlocks blocks' worth of time ahead of schedule that doubles the difficulty; 0 when fixed
   */
  public record Pow(int difficultyBits, long targetBlockMillis, long halfLifeBlocks) implements Consensus {
    public static final String ENGINE = "pow";
    /** As the node's own default: a block seals in well under a millisecond. */
    public static final int DEFAULT_DIFFICULTY_BITS = 8;
    /** Bitcoin Cash's ASERT half-life is two days of 10-minute blocks: 288; a dev chain reacts faster. */
    public static final long DEFAULT_HALF_LIFE_BLOCKS = 144;

    @Override
    public String engine() {
      return ENGINE;
    }

    /** The retarget rule these parameters stand for. */
    public Retarget retarget() {
      return targetBlockMillis == 0 ? Retarget.FIXED : new Retarget(targetBlockMillis, halfLifeBlocks);
    }
  }

  /**
   * Tendermint-style BFT; every timeout grows per round from the value given here.
   *
   * @param powerFrom where voting power comes from: the spec (proof of authority) or bonded stake
   */
  public record Bft(long blockPeriodMs, long timeoutProposeMs, long timeoutPrevoteMs, long timeoutPrecommitMs,
      PowerFrom powerFrom, int maxValidators) implements Consensus {
    public static final String ENGINE = "bft";
    /** A second between blocks when nothing waits to be included (data and transfers go at once). */
    public static final long DEFAULT_BLOCK_PERIOD_MS = 1_000;
    /** How long validators wait for a proposal after the block period, before prevoting nil. */
    public static final long DEFAULT_TIMEOUT_PROPOSE_MS = 1_000;
    /** How long validators wait for the rest of the votes after 2/3 of any. */
    public static final long DEFAULT_TIMEOUT_VOTE_MS = 500;

    /** CometBFT networks run 100-200 validators; a commit's signatures cost ~100 us each to verify. */
    public static final int DEFAULT_MAX_VALIDATORS = 100;

    public Bft {
      Objects.requireNonNull(powerFrom, "powerFrom");
    }

    /** With the default {@code maxValidators}. */
    public Bft(long blockPeriodMs, long timeoutProposeMs, long timeoutPrevoteMs, long timeoutPrecommitMs,
        PowerFrom powerFrom) {
      this(blockPeriodMs, timeoutProposeMs, timeoutPrevoteMs, timeoutPrecommitMs, powerFrom, DEFAULT_MAX_VALIDATORS);
    }

    @Override
    public String engine() {
      return ENGINE;
    }
  }

  /** Where a {@code bft} chain's voting power comes from. */
  public enum PowerFrom {
    /** Proof of authority: the spec's validators with their given power. */
    SPEC("spec"),
    /** Proof of stake: power from bonded stake; the spec's validators are the genesis set. */
    STAKE("stake");

    private final String json;

    PowerFrom(String json) {
      this.json = json;
    }

    /** The value in the spec file. */
    public String json() {
      return json;
    }

    static PowerFrom fromJson(String s) {
      for (PowerFrom p : values()) {
        if (p.json.equals(s)) {
          return p;
        }
      }
      return null;
    }
  }

  /**
   * A genesis validator.
   *
   * @param id the node id, 64 lowercase hex digits
   * @param power voting power, at least 1
   */
  public record Validator(String id, long power) {
    public Validator {
      Objects.requireNonNull(id, "id");
    }
  }

  /** The allocation to one account, 0 for an account the spec does not name. */
  public long allocationOf(AccountId account) {
    return alloc.getOrDefault(account, 0L);
  }
}
