package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.consensus.bft.Action;
import dev.meshledger.consensus.bft.Proposal;
import dev.meshledger.consensus.bft.Vote;
import dev.meshledger.consensus.bft.VoteSet;
import dev.meshledger.consensus.bft.VoteType;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.metrics.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A double sign the core reports is held as evidence, shown by GET /api/consensus, and counted. */
class MisbehaviourTest {
  static final String V = "ab".repeat(32);
  static final Hash X = Sha256.of(new byte[] {1});
  /** Proof of authority: offences stay punishable for MAX_AGE_HEIGHTS (proof of stake: its unbondingBlocks). */
  static final dev.meshledger.domain.ChainParams POA = dev.meshledger.domain.ChainParams.of("misbehaviour", 0, 1024)
      .withBft(new dev.meshledger.domain.finality.BftParams(1000, 3000, 1000, 1000,
          java.util.List.of(new dev.meshledger.domain.finality.BftParams.Member(V, 1))));
  static final Hash Y = Sha256.of(new byte[] {2});
  private Vertx vertx;
  private NodeMetrics metrics;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    metrics = NodeMetrics.bind(vertx, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  static byte[] sig(int n) {
    byte[] s = new byte[64];
    Arrays.fill(s, (byte) n);
    return s;
  }

  private double counted(String kind) {
    var c = metrics.registry().find("meshledger.consensus.evidence").tag("kind", kind).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aDoubleSignIsHeldOnceShownAndCounted() {
    Misbehaviour m = new Misbehaviour(metrics, POA);
    Vote forY = new Vote(VoteType.PRECOMMIT, 7, 1, Optional.of(Y), V, sig(2));
    Vote nil = new Vote(VoteType.PRECOMMIT, 7, 1, Optional.empty(), V, sig(3));
    m.report(new Action.ReportEquivocation(new VoteSet.Evidence(forY, nil)), 6);
    m.report(new Action.ReportEquivocation(new VoteSet.Evidence(nil, forY)), 6);
    assertEquals(new JsonArray().add(new JsonObject().put("validator", V).put("type", "precommit").put("height", 7)
        .put("round", 1).putNull("first").put("second", Y.toHex())), m.json());
    assertEquals(2.0, counted("equivocation"));
    // it stays punishable for MAX_AGE_HEIGHTS, then goes
    m.onFinal(7 + Misbehaviour.MAX_AGE_HEIGHTS, java.util.List.of());
    assertEquals(1, m.json().size());
    m.onFinal(8 + Misbehaviour.MAX_AGE_HEIGHTS, java.util.List.of());
    assertEquals(0, m.json().size());
  }

  @Test
  void twoProposalsAreCountedButHoldNothing() {
    Misbehaviour m = new Misbehaviour(metrics, POA);
    Proposal a = new Proposal(3, 0, X, -1, V);
    Proposal b = new Proposal(3, 0, Y, -1, V);
    m.report(new Action.ReportConflictingProposal(a, b), 2);
    assertEquals(1.0, counted("conflicting_proposal"));
    assertEquals(0.0, counted("equivocation"));
    assertEquals(0, m.json().size());
  }

  @Test
  void heldEvidenceIsProposableUntilAFinalBlockCarriesIt() {
    Misbehaviour m = new Misbehaviour(metrics, POA);
    Vote forY = new Vote(VoteType.PREVOTE, 7, 0, Optional.of(Y), V, sig(2));
    Vote forX = new Vote(VoteType.PREVOTE, 7, 0, Optional.of(X), V, sig(3));
    m.report(new Action.ReportEquivocation(new VoteSet.Evidence(forY, forX)), 7);
    var held = m.proposable(8);
    assertEquals(1, held.size());
    m.onFinal(8, java.util.List.of());
    assertEquals(held, m.proposable(9), "a block without it changes nothing");
    m.onFinal(9, held);
    assertEquals(0, m.json().size());
    assertEquals(java.util.List.of(), m.proposable(10));
    // carried once, never held again
    m.report(new Action.ReportEquivocation(new VoteSet.Evidence(forX, forY)), 10);
    assertEquals(0, m.json().size());
  }
}
