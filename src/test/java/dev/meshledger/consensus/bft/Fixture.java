package dev.meshledger.consensus.bft;

import dev.meshledger.domain.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Four validators of power 1 (a, b, c, d), three blocks (X, Y, Z) and a readable form of actions. */
final class Fixture {
  static final String A = id('a');
  static final String B = id('b');
  static final String C = id('c');
  static final String D = id('d');
  static final Hash X = Hash.fromHex("11".repeat(32));
  static final Hash Y = Hash.fromHex("22".repeat(32));
  static final Hash Z = Hash.fromHex("33".repeat(32));
  /** Priorities -4 each, centred to 0, one step: all 1, a wins the tie by id: a, b, c, d, a, ... */
  static final ValidatorSet FOUR = ValidatorSet.of(
      List.of(Validator.of(A, 1), Validator.of(B, 1), Validator.of(C, 1), Validator.of(D, 1)));
  static final TimeoutConfig TIMEOUTS = new TimeoutConfig(3000, 500, 1000, 500, 1000, 500);

  private Fixture() {}

  static String id(char c) {
    return String.valueOf(c).repeat(64);
  }

  static Event proposal(int round, Hash block, int polRound) {
    return proposalBy(FOUR.proposer(round), round, block, polRound);
  }

  static Event proposalBy(String proposer, int round, Hash block, int polRound) {
    return new Event.ProposalReceived(new Proposal(1, round, block, polRound, proposer));
  }

  static Event prevote(String who, int round, Hash block) {
    return vote(VoteType.PREVOTE, 1, who, round, block);
  }

  static Event precommit(String who, int round, Hash block) {
    return vote(VoteType.PRECOMMIT, 1, who, round, block);
  }

  static Event vote(VoteType type, long height, String who, int round, Hash block) {
    return new Event.VoteReceived(Vote.unsigned(type, height, round, Optional.ofNullable(block), who));
  }

  static Event valid(Hash h) {
    return new Event.ProposalBlockValidity(h, true);
  }

  static Event invalid(Hash h) {
    return new Event.ProposalBlockValidity(h, false);
  }

  static Event timeout(TimeoutKind kind, int round) {
    return new Event.Timeout(kind, 1, round);
  }

  /** A core of {@code self} started at height 1 with {@link #FOUR}. */
  static TendermintCore started(String self) {
    TendermintCore core = new TendermintCore(self, TIMEOUTS, SignerState.INITIAL);
    core.handle(new Event.Start(1, FOUR));
    return core;
  }

  /** The actions of all events, in order, each in its readable form. */
  static List<String> run(TendermintCore core, List<Event> events) {
    List<String> trace = new ArrayList<>();
    for (Event e : events) {
      core.handle(e).forEach(a -> trace.add(render(a)));
    }
    return trace;
  }

  static String name(Hash h) {
    return h.equals(X) ? "X" : h.equals(Y) ? "Y" : h.equals(Z) ? "Z" : h.shortHex();
  }

  static String name(Optional<Hash> h) {
    return h.map(Fixture::name).orElse("nil");
  }

  static String who(String id) {
    return id.substring(0, 1);
  }

  static String render(Action a) {
    if (a instanceof Action.BroadcastVote v) {
      return (v.vote().type() == VoteType.PREVOTE ? "PV" : "PC") + " r" + v.vote().round() + " "
          + name(v.vote().block());
    } else if (a instanceof Action.BroadcastProposal p) {
      return "PROPOSAL r" + p.proposal().round() + " " + name(p.proposal().block()) + " vr"
          + p.proposal().polRound();
    } else if (a instanceof Action.ScheduleTimeout t) {
      return "T " + t.kind() + " r" + t.round() + " " + t.delayMs();
    } else if (a instanceof Action.Decide d) {
      return "DECIDE h" + d.height() + " " + name(d.block()) + " by "
          + d.commit().stream().map(v -> who(v.validator())).sorted().collect(Collectors.joining());
    } else if (a instanceof Action.ProposeBlock p) {
      return "PROPOSE_BLOCK r" + p.round();
    } else if (a instanceof Action.ReportEquivocation e) {
      return "EQUIVOCATION " + who(e.evidence().first().validator()) + " " + name(e.evidence().first().block())
          + "/" + name(e.evidence().second().block());
    } else if (a instanceof Action.ReportConflictingProposal c) {
      return "CONFLICTING_PROPOSAL " + name(c.first().block()) + "/" + name(c.second().block());
    } else if (a instanceof Action.CatchUp c) {
      return "CATCHUP " + c.height();
    }
    throw new AssertionError("unknown action " + a);
  }
}
