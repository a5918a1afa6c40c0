package dev.meshledger.consensus;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.consensus.EvidenceJson;
import dev.meshledger.bus.consensus.EvidenceRequest;
import dev.meshledger.consensus.bft.Action;
import dev.meshledger.consensus.bft.EvidencePool;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the core reports of other validators, and what an operator hands over: a double sign goes to the
 * {@link EvidencePool} (shown in {@code GET /api/consensus} as {@code evidence}), from which this node's
 * proof-of-stake blocks take what they slash ({@link #proposable}); a proposer's two proposals for one
 * round are logged. Both are counted in {@code meshledger_consensus_evidence_total{kind}}.
 */
final class Misbehaviour {
  private static final Logger log = LoggerFactory.getLogger(Misbehaviour.class);
  /** Offences held at once: a handful is already a crisis; more only costs memory. */
  static final int MAX_PENDING = 64;
  /** Heights an offence stays punishable: about a day of one-second blocks, proof of stake's default unbonding. */
  static final long MAX_AGE_HEIGHTS = 86_400;

  private final EvidencePool pool;
  private final NodeMetrics metrics;
  private final long maxAge;

  /** Under proof of stake an offence is punishable for {@code staking.unbondingBlocks} (blocks refuse it after). */
  Misbehaviour(NodeMetrics metrics, ChainParams params) {
    this.metrics = metrics;
    this.maxAge = params.isStake() ? Math.max(1, params.bft().staking().unbondingBlocks()) : MAX_AGE_HEIGHTS;
    this.pool = new EvidencePool(MAX_PENDING, maxAge);
  }

  /**
   * Takes evidence from the operator ({@code POST /api/consensus/evidence}): checked against the set of the
   * offence's height ({@code members}) and the chain's height ({@code height}), signatures on a worker.
   */
  void register(Vertx vertx, Hash genesis, LongSupplier height, Supplier<Membership> members) {
    vertx.eventBus().<EvidenceRequest>localConsumer(Addresses.CONSENSUS_EVIDENCE, m -> {
      DoubleSign e = m.body().evidence();
      long now = height.getAsLong();
      Map<String, Long> powers = new HashMap<>();
      if (e.height() <= now && members.get() != null) {
        for (Member v : members.get().at(e.height())) {
          powers.put(v.id(), v.power());
        }
      }
      vertx.executeBlocking(() -> e.check(genesis, powers, now, maxAge)).onComplete(ar -> {
        if (ar.failed()) {
          m.fail(Bus.INTERNAL, Bus.failure("INTERNAL", String.valueOf(ar.cause().getMessage())));
        } else if (ar.result().isPresent()) {
          m.fail(Bus.UNPROCESSABLE, Bus.failure(ar.result().get().name(), ar.result().get().meaning()));
        } else {
          EvidencePool.Refusal r = pool.add(e, now);
          if (r != null) {
            m.fail(Bus.UNPROCESSABLE, Bus.failure(r.name(), "the evidence pool did not take it: " + r));
            return;
          }
          log.warn("the operator handed over evidence that validator {} double-signed: {}", e.validatorHex(), e);
          metrics.evidence("submitted");
          m.reply(EvidenceJson.of(e), Bus.LOCAL);
        }
      });
    });
  }

  /** A report action of the core, seen while the chain is at {@code height}. */
  void report(Action a, long height) {
    if (a instanceof Action.ReportEquivocation ev) {
      DoubleSign e = EvidencePool.of(ev.evidence());
      EvidencePool.Refusal r = pool.add(e, height);
      log.warn("validator {} signed two different votes: {} and {}{}", ev.evidence().first().validator(),
          ev.evidence().first(), ev.evidence().second(), r == null ? "; evidence held" : "; not held: " + r);
      metrics.evidence("equivocation");
    } else if (a instanceof Action.ReportConflictingProposal cp) {
      log.warn("proposer {} signed two proposals for height {} round {}", cp.first().proposer(), cp.first().height(),
          cp.first().round());
      metrics.evidence("conflicting_proposal");
    }
  }

  /**
   * What a block at {@code height} may carry, oldest first: all held, since the chain drops offenders already
   * tombstoned (a block of a sync batch may have punished them unseen here) and keeps
   * {@code EvidenceBytes.MAX_PER_BLOCK} of the rest.
   */
  List<DoubleSign> proposable(long height) {
    return pool.take(MAX_PENDING, height);
  }

  /** A final block at {@code height} carrying {@code included}: those are done, and what has aged out is dropped. */
  void onFinal(long height, List<DoubleSign> included) {
    if (!included.isEmpty()) {
      log.info("block {} slashes {} double signer(s): {}", height, included.size(), included);
    }
    pool.onBlock(height, included);
  }

  /** The held offences, oldest first: {@code [{validator, type, height, round, first, second}]}, nil as null. */
  JsonArray json() {
    return EvidenceJson.of(pool.pending());
  }
}
