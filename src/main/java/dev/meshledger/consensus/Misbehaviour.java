package dev.meshledger.consensus;

import dev.meshledger.consensus.bft.Action;
import dev.meshledger.consensus.bft.EvidencePool;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.metrics.NodeMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the core reports of other validators: a double sign goes to the {@link EvidencePool} (shown in
 * {@code GET /api/consensus} as {@code evidence}; proof of stake's blocks will carry it to be slashed),
 * a proposer's two proposals for one round are logged. Both are counted in
 * {@code meshledger_consensus_evidence_total{kind}}.
 */
final class Misbehaviour {
  private static final Logger log = LoggerFactory.getLogger(Misbehaviour.class);
  /** Offences held at once: a handful is already a crisis; more only costs memory. */
  static final int MAX_PENDING = 64;
  /** Heights an offence stays punishable: about a day of one-second blocks, proof of stake's default unbonding. */
  static final long MAX_AGE_HEIGHTS = 86_400;

  private final EvidencePool pool = new EvidencePool(MAX_PENDING, MAX_AGE_HEIGHTS);
  private final NodeMetrics metrics;

  Misbehaviour(NodeMetrics metrics) {
    this.metrics = metrics;
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

  /** A final block at {@code height}: what has aged out is dropped. */
  void onFinal(long height) {
    pool.onBlock(height, List.of());
  }

  /** The held offences, oldest first: {@code [{validator, type, height, round, first, second}]}, nil as null. */
  JsonArray json() {
    JsonArray out = new JsonArray();
    for (DoubleSign e : pool.pending()) {
      out.add(new JsonObject().put("validator", e.validatorHex())
          .put("type", e.type() == dev.meshledger.domain.finality.SignBytes.PREVOTE ? "prevote" : "precommit")
          .put("height", e.height()).put("round", e.round())
          .put("first", e.first().map(Hash::toHex).orElse(null))
          .put("second", e.second().map(Hash::toHex).orElse(null)));
    }
    return out;
  }
}
