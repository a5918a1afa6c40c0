package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.p2p.Offence;
import org.junit.jupiter.api.Test;

class ReputationTest {
  private static final long T0 = 7_000_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final String PEER = "a".repeat(64);
  private static final String OTHER = "b".repeat(64);

  @Test
  void pointsAddUpToTheThreshold() {
    Reputation r = new Reputation(100, 1.0, 10_000);
    assertFalse(r.penalize(PEER, Offence.FLOOD, T0));
    assertFalse(r.penalize(PEER, Offence.FLOOD, T0));
    assertFalse(r.penalize(PEER, Offence.FLOOD, T0));
    assertEquals(75, r.score(PEER, T0));
    assertTrue(r.penalize(PEER, Offence.FLOOD, T0), "the fourth flood reaches 100");
    assertEquals(0, r.score(OTHER, T0), "scores are per peer");
  }

  @Test
  void oneBadFrameIsEnoughAtTheDefaultThreshold() {
    Reputation r = new Reputation(100, 1.0, 10_000);
    assertTrue(r.penalize(PEER, Offence.BAD_FRAME, T0));
    assertTrue(new Reputation(100, 1.0, 10_000).penalize(PEER, Offence.HANDSHAKE_VIOLATION, T0));
    assertFalse(new Reputation(100, 1.0, 10_000).penalize(PEER, Offence.INVALID_BLOCK, T0));
  }

  @Test
  void pointsDrainOverTime() {
    Reputation r = new Reputation(100, 1.0, 10_000);
    r.penalize(PEER, Offence.FLOOD, T0);
    r.penalize(PEER, Offence.FLOOD, T0);
    assertEquals(50, r.score(PEER, T0));
    assertEquals(30, r.score(PEER, T0 + 20 * SECOND));
    assertEquals(0, r.score(PEER, T0 + 1_000 * SECOND), "never below zero");
    assertFalse(r.penalize(PEER, Offence.FLOOD, T0 + 1_000 * SECOND), "an old slip is forgotten");
    assertEquals(25, r.score(PEER, T0 + 1_000 * SECOND));
  }

  @Test
  void aRareOffenderNeverCrossesWhileASteadyOneDoes() {
    Reputation rare = new Reputation(100, 1.0, 10_000);
    for (int i = 0; i < 100; i++) {
      assertFalse(rare.penalize(PEER, Offence.FLOOD, T0 + i * 30 * SECOND), "one flood every 30 s, #" + i);
    }
    Reputation steady = new Reputation(100, 1.0, 10_000);
    boolean crossed = false;
    for (int i = 0; i < 10 && !crossed; i++) {
      crossed = steady.penalize(PEER, Offence.FLOOD, T0 + i * SECOND);
    }
    assertTrue(crossed, "one flood a second crosses 100 within 10 s");
  }

  @Test
  void forgetClearsTheScore() {
    Reputation r = new Reputation(100, 1.0, 10_000);
    r.penalize(PEER, Offence.INVALID_BLOCK, T0);
    r.forget(PEER);
    assertEquals(0, r.score(PEER, T0));
  }

  @Test
  void theTableIsBoundedAndTheLowestScoreGoesFirst() {
    Reputation r = new Reputation(100, 1.0, 3);
    r.penalize("1".repeat(64), Offence.FLOOD, T0); // 25
    r.penalize("2".repeat(64), Offence.INVALID_BLOCK, T0);
    r.penalize("3".repeat(64), Offence.FLOOD, T0);
    r.penalize("3".repeat(64), Offence.FLOOD, T0); // 50
    int lowest = Math.min(r.score("1".repeat(64), T0), r.score("2".repeat(64), T0));
    String gone = r.score("1".repeat(64), T0) == lowest ? "1".repeat(64) : "2".repeat(64);
    String kept = gone.startsWith("1") ? "2".repeat(64) : "1".repeat(64);
    int keptScore = r.score(kept, T0);
    assertEquals(3, r.size());
    r.penalize("4".repeat(64), Offence.FLOOD, T0 + SECOND);
    assertEquals(3, r.size(), "a fourth peer evicts one");
    assertEquals(0, r.score(gone, T0 + SECOND), "the lowest score was forgotten");
    assertEquals(keptScore - 1, r.score(kept, T0 + SECOND), "the others stay (less a second's decay)");
    assertEquals(49, r.score("3".repeat(64), T0 + SECOND));
    assertEquals(25, r.score("4".repeat(64), T0 + SECOND));
  }
}
