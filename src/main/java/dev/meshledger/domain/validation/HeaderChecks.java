package dev.meshledger.domain.validation;

import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.ProofOfWork;
import dev.meshledger.domain.finality.CommitCheck;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.PowRules;
import dev.meshledger.domain.pow.Work;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules a run of headers must pass before any body is fetched for it (headers-first sync): each
 * the child of the one before (height and hash link), a timestamp not too far ahead of the clock and,
 * under proof of work, above the median time past, the bits ASERT requires and a hash that meets them;
 * under BFT, bits 0, a producer of the height's validator set and a commit whose signatures hold more
 * than 2/3 of its power, checked as a light client checks them. Work adds up as the chain counts it.
 * Pure: the caller passes the clock; the commit checks are the costly part, so it runs on a worker.
 *
 * <p>Under proof of stake the set is elected from the ledger's stake at each epoch's end, which headers
 * do not carry: past the first election after the stored block the set came from ({@code setFrom}), the
 * headers' producers and commit power cannot be checked, only that each commit's signatures verify
 * (a commit is still required). Their bodies get the full rules when the chain stores them.
 */
public final class HeaderChecks {
  /**
   * Where a run of headers stands: the last header checked (or the stored block they start from).
   *
   * @param ancestry for the proof-of-work rules (null under BFT)
   * @param members the validator set after it (null under proof of work)
   * @param setFrom the height of the stored block {@code members} was read at: under proof of stake the
   *     set is known up to one height past the first epoch end above it
   * @param setUntil proof of stake: the set is known up to this height at most (one past a header that
   *     slashes, whose offenders leave the set two heights later); {@link Long#MAX_VALUE} when no such header
   */
  public record Tip(long height, Hash hash, Work totalWork, Ancestry ancestry, Membership members, long setFrom,
      long setUntil) {
    /** A tip past no slashing header. */
    public Tip(long height, Hash hash, Work totalWork, Ancestry ancestry, Membership members, long setFrom) {
      this(height, hash, totalWork, ancestry, members, setFrom, Long.MAX_VALUE);
    }

    /** A tip whose members are the stored chain's at its own height. */
    public Tip(long height, Hash hash, Work totalWork, Ancestry ancestry, Membership members) {
      this(height, hash, totalWork, ancestry, members, height);
    }
  }

  /**
   * What {@link #extend} found: the tip after the headers that passed, how many did, and why the next
   * one failed (empty when all passed).
   */
  public record Result(Tip tip, int accepted, Optional<Rejection> rejection) {}

  private final ChainParams params;
  private final PowRules pow;
  private final Hash genesis;

  public HeaderChecks(ChainParams params, Hash genesis) {
    this.params = params;
    this.pow = params.powRules();
    this.genesis = genesis;
  }

  /** Checks {@code headers} in order from {@code tip}, stopping at the first that fails. */
  public Result extend(Tip tip, List<Header> headers, long nowMillis) {
    Tip t = tip;
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      Optional<Rejection> bad = check(t, h, nowMillis);
      if (bad.isPresent()) {
        return new Result(t, i, bad);
      }
      t = next(t, h);
    }
    return new Result(t, headers.size(), Optional.empty());
  }

  private Optional<Rejection> check(Tip t, Header h, long nowMillis) {
    if (h.height() != t.height() + 1) {
      return Optional.of(Rejection.BAD_HEIGHT);
    }
    if (!h.prevHash().equals(t.hash())) {
      return Optional.of(Rejection.UNKNOWN_PARENT);
    }
    if (h.timestamp() > nowMillis + params.maxFutureMillis()) {
      return Optional.of(Rejection.FUTURE_TIMESTAMP);
    }
    return params.isBft() ? checkBft(t, h) : checkPow(t, h);
  }

  private Optional<Rejection> checkPow(Tip t, Header h) {
    if (h.bits() != pow.requiredBits(t.ancestry())) {
      return Optional.of(Rejection.BAD_BITS);
    }
    Optional<BigInteger> target = pow.target(h.bits());
    if (target.isEmpty()) {
      return Optional.of(Rejection.BAD_BITS);
    }
    if (!ProofOfWork.meets(h.hash(), target.get())) {
      return Optional.of(Rejection.BAD_POW);
    }
    if (h.timestamp() <= t.ancestry().medianTimePast()) {
      return Optional.of(Rejection.TIME_TOO_OLD);
    }
    if (h.vote() != null) {
      return Optional.of(Rejection.BAD_VOTE);
    }
    return h.commit().isEmpty() ? Optional.empty() : Optional.of(Rejection.UNEXPECTED_COMMIT);
  }

  private Optional<Rejection> checkBft(Tip t, Header h) {
    if (h.bits() != 0) {
      return Optional.of(Rejection.BAD_BITS);
    }
    if (params.isStake() && h.vote() != null) {
      return Optional.of(Rejection.BAD_VOTE);
    }
    if (params.isStake() && h.height() > Math.min(setKnownThrough(t.setFrom()), t.setUntil())) {
      if (h.commit().isEmpty()) {
        return Optional.of(Rejection.MISSING_COMMIT);
      }
      return CommitCheck.signatures(genesis, h.height(), h.hash(), h.commit()).map(p -> Rejection.BAD_COMMIT);
    }
    Map<String, Long> powers = new HashMap<>();
    t.members().at(h.height()).forEach(m -> powers.put(m.id(), m.power()));
    if (!powers.containsKey(h.producerHex())) {
      return Optional.of(Rejection.NOT_A_VALIDATOR);
    }
    if (h.commit().isEmpty()) {
      return Optional.of(Rejection.MISSING_COMMIT);
    }
    if (CommitCheck.check(genesis, powers, h.height(), h.hash(), h.commit()).isPresent()) {
      return Optional.of(Rejection.BAD_COMMIT);
    }
    if (h.vote() != null && t.members().check(h.producerHex(), h.vote()).isPresent()) {
      return Optional.of(Rejection.BAD_VOTE);
    }
    return Optional.empty();
  }

  private Tip next(Tip t, Header h) {
    Work work = t.totalWork().plus(params.blockWork(h.bits()));
    if (params.isBft()) {
      return new Tip(h.height(), h.hash(), work, null, t.members().apply(h.height(), h.producerHex(), h.vote()),
          t.setFrom(), h.carriesEvidence() ? Math.min(t.setUntil(), h.height() + 1) : t.setUntil());
    }
    return new Tip(h.height(), h.hash(), work, t.ancestry().child(h.timestamp()), null, t.setFrom());
  }

  /**
   * Proof of stake: the last height whose set follows from the stake stored at {@code setFrom}. The
   * first epoch end above it elects a set the headers cannot show, voting from two heights later.
   */
  long setKnownThrough(long setFrom) {
    long epoch = params.bft().staking().epochBlocks();
    return (setFrom / epoch + 1) * epoch + 1;
  }
}
