package dev.meshledger.sim;

import dev.meshledger.consensus.bft.Action;
import dev.meshledger.consensus.bft.Event;
import dev.meshledger.consensus.bft.Proposal;
import dev.meshledger.consensus.bft.SignerState;
import dev.meshledger.consensus.bft.TendermintCore;
import dev.meshledger.consensus.bft.TimeoutConfig;
import dev.meshledger.consensus.bft.Validator;
import dev.meshledger.consensus.bft.ValidatorSet;
import dev.meshledger.consensus.bft.Vote;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Time to finality under the node's BFT engine: each validator runs a real {@link TendermintCore}; its
 * BroadcastProposal and BroadcastVote actions go to every other validator over the simulated network
 * (validators fully meshed, each link latency + jitter, the sender's uplink serialising, loss), its
 * ScheduleTimeout actions fire on the simulated clock. Signatures are not made nor checked (the
 * edge's job, not the core's); a vote is 142 bytes on the wire, a proposal 16 + 96 + the block's.
 * A lost message is sent again after the reactor's rebroadcast period, as the node re-sends what
 * peers still wait for. A message for a height the validator has not started yet waits until it does
 * (the node holds near-future messages at its edge). Finality of height h: from the proposal's
 * broadcast to the last validator's Decide.
 */
public final class BftSim {
  public static final int VOTE_BYTES = 142;
  public static final int PROPOSAL_OVERHEAD = 16 + 96;

  public record Result(int validators, int heights, double finalityP50, double finalityP99, double finalityMax,
      double meanRounds) {}

  private record Ev(long t, long seq, int to, int type, Object payload) {}

  private static final int MSG = 0;
  private static final int TIMER = 1;
  private static final int BUILT = 2;

  /** Defaults of a BFT chain spec: blockPeriodMs 1000, timeoutProposeMs 1000, votes 500 (ConsensusVerticle.timeouts). */
  static final TimeoutConfig TIMEOUTS = new TimeoutConfig(2000, 500, 500, 250, 500, 250);
  static final long BLOCK_PERIOD_MS = 1000;
  static final long REBROADCAST_MS = 500;

  private final int n;
  private final int heights;
  private final long latencyUs;
  private final long jitterUs;
  private final double loss;
  private final double usPerByte;
  private final int blockBytes;
  private final SplittableRandom rnd;

  public BftSim(int validators, int heights, long latencyUs, long jitterUs, double loss, double bandwidthBitsPerSec,
      int blockBytes, long seed) {
    this.n = validators;
    this.heights = heights;
    this.latencyUs = latencyUs;
    this.jitterUs = jitterUs;
    this.loss = loss;
    this.usPerByte = 8e6 / bandwidthBitsPerSec;
    this.blockBytes = blockBytes;
    this.rnd = new SplittableRandom(seed * 7919 + validators);
  }

  public Result run() {
    String[] ids = new String[n];
    List<Validator> vs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids[i] = String.format("%064x", i + 1);
      vs.add(Validator.of(ids[i], 1));
    }
    long[][] lat = new long[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        lat[i][j] = lat[j][i] = latencyUs + (jitterUs > 0 ? rnd.nextLong(jitterUs + 1) : 0);
      }
    }
    ValidatorSet first = ValidatorSet.of(vs);
    ValidatorSet[] sets = new ValidatorSet[heights + 2];
    sets[1] = first;
    for (int h = 2; h <= heights + 1; h++) {
      sets[h] = sets[h - 1].incrementProposerPriority(1);
    }
    TendermintCore[] cores = new TendermintCore[n];
    long[] started = new long[n];
    List<List<Object>> waiting = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cores[i] = new TendermintCore(ids[i], TIMEOUTS, SignerState.INITIAL);
      waiting.add(new ArrayList<>());
    }
    long[] uplink = new long[n];
    long[] proposedAt = new long[heights + 2];
    Arrays.fill(proposedAt, -1);
    int[] decidedCount = new int[heights + 2];
    long[] finalAt = new long[heights + 2];
    int[] rounds = new int[heights + 2];
    PriorityQueue<Ev> q = new PriorityQueue<>((a, b) -> a.t != b.t ? Long.compare(a.t, b.t) : Long.compare(a.seq, b.seq));
    long[] seq = {0};
    // Start(1) everywhere at t=0
    List<Object[]> pendingActions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      started[i] = 1;
      pendingActions.add(new Object[] {i, cores[i].handle(new Event.Start(1, sets[1]))});
    }
    long now = 0;
    int done = 0;
    while (true) {
      for (int pi = 0; pi < pendingActions.size(); pi++) {
        Object[] pa = pendingActions.get(pi);
        int i = (Integer) pa[0];
        @SuppressWarnings("unchecked")
        List<Action> actions = (List<Action>) pa[1];
        for (Action a : actions) {
          if (a instanceof Action.ProposeBlock p) {
            q.add(new Ev(now + BLOCK_PERIOD_MS * 1000, seq[0]++, i, BUILT, p));
          } else if (a instanceof Action.BroadcastProposal bp) {
            Proposal p = bp.proposal();
            if (p.height() <= heights && proposedAt[(int) p.height()] < 0) {
              proposedAt[(int) p.height()] = now;
            }
            broadcast(i, p, PROPOSAL_OVERHEAD + blockBytes, now, q, seq, uplink, lat);
          } else if (a instanceof Action.BroadcastVote bv) {
            broadcast(i, bv.vote(), VOTE_BYTES, now, q, seq, uplink, lat);
          } else if (a instanceof Action.ScheduleTimeout st) {
            q.add(new Ev(now + st.delayMs() * 1000, seq[0]++, i, TIMER,
                new Event.Timeout(st.kind(), st.height(), st.round())));
          } else if (a instanceof Action.Decide d) {
            int h = (int) d.height();
            if (h <= heights) {
              rounds[h] = Math.max(rounds[h], d.commit().isEmpty() ? 0 : d.commit().get(0).round());
              if (++decidedCount[h] == n) {
                finalAt[h] = now;
                done++;
              }
            }
            if (h + 1 <= heights + 1 && started[i] < h + 1) {
              started[i] = h + 1;
              List<Object> ready = new ArrayList<>();
              List<Object> later = new ArrayList<>();
              for (Object m : waiting.get(i)) {
                (heightOf(m) <= h + 1 ? ready : later).add(m);
              }
              waiting.set(i, later);
              List<Action> next = new ArrayList<>(cores[i].handle(new Event.Start(h + 1, sets[h + 1])));
              for (Object m : ready) {
                next.addAll(deliver(cores[i], m));
              }
              pendingActions.add(new Object[] {i, next});
            }
          }
        }
      }
      pendingActions.clear();
      if (done == heights || q.isEmpty()) {
        break;
      }
      Ev ev = q.poll();
      now = ev.t;
      int i = ev.to;
      if (ev.type == BUILT) {
        Action.ProposeBlock p = (Action.ProposeBlock) ev.payload;
        Hash block = Sha256.of(("block " + p.height() + " " + p.round() + " " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pendingActions.add(new Object[] {i, cores[i].handle(new Event.BlockBuilt(p.height(), p.round(), block))});
      } else if (ev.type == TIMER) {
        pendingActions.add(new Object[] {i, cores[i].handle((Event) ev.payload)});
      } else {
        if (heightOf(ev.payload) > started[i]) {
          waiting.get(i).add(ev.payload);
        } else {
          pendingActions.add(new Object[] {i, deliver(cores[i], ev.payload)});
        }
      }
    }
    long[] fin = new long[heights];
    int c = 0;
    double roundSum = 0;
    for (int h = 1; h <= heights; h++) {
      if (finalAt[h] > 0 && proposedAt[h] >= 0) {
        fin[c++] = finalAt[h] - proposedAt[h];
        roundSum += rounds[h];
      }
    }
    long[] sorted = Arrays.copyOf(fin, c);
    Arrays.sort(sorted);
    return new Result(n, c, ms(pct(sorted, 0.5)), ms(pct(sorted, 0.99)), ms(c == 0 ? 0 : sorted[c - 1]),
        PropagationSim.round(c == 0 ? 0 : roundSum / c, 3));
  }

  private static long heightOf(Object m) {
    return m instanceof Proposal p ? p.height() : ((Vote) m).height();
  }

  private static List<Action> deliver(TendermintCore core, Object m) {
    if (m instanceof Proposal p) {
      List<Action> out = new ArrayList<>(core.handle(new Event.ProposalReceived(p)));
      // the block came with the proposal; the node's check of it (valid(v)) passes
      out.addAll(core.handle(new Event.ProposalBlockValidity(p.block(), true)));
      return out;
    }
    return core.handle(new Event.VoteReceived((Vote) m));
  }

  private void broadcast(int from, Object m, int size, long now, PriorityQueue<Ev> q, long[] seq, long[] uplink,
      long[][] lat) {
    long ser = Math.round(size * usPerByte);
    for (int j = 0; j < n; j++) {
      if (j == from) {
        continue;
      }
      long start = Math.max(now, uplink[from]);
      long end = start + ser;
      uplink[from] = end;
      long at = end + lat[from][j];
      while (loss > 0 && rnd.nextDouble() < loss) {
        at += REBROADCAST_MS * 1000; // lost: the periodic rebroadcast sends it again
      }
      q.add(new Ev(at, seq[0]++, j, MSG, m));
    }
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long us) {
    return PropagationSim.round(us / 1000.0, 3);
  }
}
