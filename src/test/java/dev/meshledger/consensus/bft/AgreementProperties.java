package dev.meshledger.consensus.bft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Agreement (the paper's Lemma: no two correct processes decide differently) under any delivery order:
 * four honest validators, zero or one crashed (from the start or part way), messages and timeouts delivered
 * in a random order, some messages and some links held back until nothing else is left, each proposer with
 * its own block per (height, round), some blocks invalid. It fails within 150-1300 tries (of 2000) when the
 * locking rules (lines 23, 29) and the re-proposal of the valid value (line 16) are switched off.
 */
class AgreementProperties {
  static final List<String> IDS = List.of(Fixture.A, Fixture.B, Fixture.C, Fixture.D);
  static final int HEIGHTS = 2;
  static final int MAX_ROUND = 6;
  static final int MAX_STEPS = 6000;

  record Delivery(int to, Event event) {}

  /** One run: the decisions by height and node. */
  static final class Network {
    final List<TendermintCore> nodes = new ArrayList<>();
    final List<Delivery> messages = new ArrayList<>();
    final List<Delivery> timeouts = new ArrayList<>();
    /** Messages held back (a slow link): delivered only when nothing else is left. */
    final List<Delivery> late = new ArrayList<>();
    Random random = new Random(0);
    /** Slow links, from -> to, chosen per run: messages on them are held back. */
    final boolean[][] slow = new boolean[4][4];
    /** The chance (percent) that any one message is held back. */
    int latePercent;
    final Map<Long, Map<Integer, Hash>> decided = new HashMap<>();
    final Set<Hash> proposed = new HashSet<>();
    final int crashed;
    final int crashAt;

    Network(int crashed, int crashAt) {
      this.crashed = crashed;
      this.crashAt = crashAt;
      for (String id : IDS) {
        nodes.add(new TendermintCore(id, Fixture.TIMEOUTS, SignerState.INITIAL));
      }
      for (int i = 0; i < IDS.size(); i++) {
        deliver(i, new Event.Start(1, Fixture.FOUR), 0);
      }
    }

    static ValidatorSet setAt(long height) {
      return height == 1 ? Fixture.FOUR : Fixture.FOUR.incrementProposerPriority((int) height - 1);
    }

    static Hash block(int node, long height, int round) {
      byte[] b = new byte[Hash.SIZE];
      ByteBuffer.wrap(b).putInt(node).putLong(height).putInt(round);
      return Hash.wrap(b);
    }

    static boolean isValid(Hash h) {
      ByteBuffer b = ByteBuffer.wrap(h.toBytes());
      return (b.getInt() + b.getLong() + b.getInt()) % 5 != 0;
    }

    void deliver(int to, Event e, int step) {
      if (to == crashed && step >= crashAt) {
        return;
      }
      for (Action a : nodes.get(to).handle(e)) {
        act(to, a);
      }
    }

    void act(int from, Action a) {
      if (a instanceof Action.BroadcastVote v) {
        others(from, new Event.VoteReceived(v.vote()), null);
      } else if (a instanceof Action.BroadcastProposal p) {
        proposed.add(p.proposal().block());
        others(from, new Event.ProposalReceived(p.proposal()),
            new Event.ProposalBlockValidity(p.proposal().block(), isValid(p.proposal().block())));
      } else if (a instanceof Action.ScheduleTimeout t && t.round() <= MAX_ROUND) {
        timeouts.add(new Delivery(from, new Event.Timeout(t.kind(), t.height(), t.round())));
      } else if (a instanceof Action.ProposeBlock p) {
        messages.add(new Delivery(from, new Event.BlockBuilt(p.height(), p.round(), block(from, p.height(), p.round()))));
      } else if (a instanceof Action.Decide d) {
        decided.computeIfAbsent(d.height(), h -> new HashMap<>()).put(from, d.block());
        assertTrue(d.commit().size() >= 3, "a commit of 4 equal validators has at least 3 precommits");
        if (d.height() < HEIGHTS) {
          messages.add(new Delivery(from, new Event.Start(d.height() + 1, setAt(d.height() + 1))));
        }
      }
    }

    void others(int from, Event e, Event validity) {
      for (int j = 0; j < IDS.size(); j++) {
        if (j != from) {
          List<Delivery> to = slow[from][j] || random.nextInt(100) < latePercent ? late : messages;
          if (validity != null) {
            to.add(new Delivery(j, validity));
          }
          to.add(new Delivery(j, e));
        }
      }
    }

    /**
     * Random order; a timeout fires now and then, always when the network is quiet; messages on slow links
     * arrive only when nothing else is left, so rounds move on without them.
     */
    void run(Random r, int latePercent, int slowPercent) {
      this.random = r;
      this.latePercent = latePercent;
      for (boolean[] links : slow) {
        for (int j = 0; j < links.length; j++) {
          links[j] = random.nextInt(100) < slowPercent;
        }
      }
      for (int step = 1; step <= MAX_STEPS && !(messages.isEmpty() && timeouts.isEmpty() && late.isEmpty()); step++) {
        boolean timeout = !timeouts.isEmpty() && (messages.isEmpty() || random.nextInt(8) == 0);
        List<Delivery> from = timeout ? timeouts : messages.isEmpty() ? late : messages;
        Delivery d = from.remove(random.nextInt(from.size()));
        deliver(d.to(), d.event(), step);
      }
    }

    /** FIFO, timeouts only when quiet: the synchronous case, where everyone live should decide. */
    void runInOrder() {
      for (int step = 1; step <= MAX_STEPS && !(messages.isEmpty() && timeouts.isEmpty()); step++) {
        Delivery d = (messages.isEmpty() ? timeouts : messages).remove(0);
        deliver(d.to(), d.event(), step);
      }
    }
  }

  @Property(tries = 2000)
  void noTwoValidatorsDecideDifferentBlocksAtAHeight(@ForAll long seed, @ForAll @IntRange(min = -1, max = 3) int crashed,
      @ForAll @IntRange(min = 0, max = 400) int crashAt, @ForAll @IntRange(min = 0, max = 50) int latePercent,
      @ForAll @IntRange(min = 0, max = 30) int slowPercent) {
    Network net = new Network(crashed, crashAt);
    net.run(new Random(seed), latePercent, slowPercent);
    for (Map.Entry<Long, Map<Integer, Hash>> h : net.decided.entrySet()) {
      Set<Hash> blocks = new HashSet<>(h.getValue().values());
      assertEquals(1, blocks.size(), "height " + h.getKey() + ": " + h.getValue());
      Hash b = blocks.iterator().next();
      assertTrue(net.proposed.contains(b) && Network.isValid(b), "decided a proposed, valid block");
    }
    Statistics.label("heights decided by someone").collect(net.decided.size());
  }

  @Test
  void inTheSynchronousCaseEveryLiveValidatorDecidesEveryHeight() {
    for (int crashed = -1; crashed < IDS.size(); crashed++) {
      Network net = new Network(crashed, 0);
      net.runInOrder();
      for (long h = 1; h <= HEIGHTS; h++) {
        assertEquals(crashed == -1 ? 4 : 3, net.decided.getOrDefault(h, Map.of()).size(),
            "crashed " + crashed + ", height " + h);
      }
    }
  }
}
