package dev.meshledger.consensus.bft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.consensus.bft.EvidencePool.Refusal;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.SignBytes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EvidencePoolTest {
  static final Hash X = Sha256.of(new byte[] {1});
  static final Hash Y = Sha256.of(new byte[] {2});

  static byte[] key(int n) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) n);
    return k;
  }

  static byte[] sig(int n) {
    byte[] s = new byte[64];
    Arrays.fill(s, (byte) n);
    return s;
  }

  /** Validator {@code v}'s precommits for X and Y at {@code height}, round 0. */
  static DoubleSign offence(int v, long height) {
    return DoubleSign.of(key(v), SignBytes.PRECOMMIT, height, 0, Optional.of(X), sig(1), Optional.of(Y), sig(2));
  }

  /** What {@code add} answers for an offence at {@code offenceHeight} seen at chain height {@code now}. */
  static Stream<Arguments> ages() {
    return Stream.of(
        Arguments.of(100, 100, null),
        Arguments.of(100, 110, null), // exactly the window back
        Arguments.of(100, 111, Refusal.TOO_OLD),
        Arguments.of(100, 99, null)); // ahead of our chain: a vote for the height being decided
  }

  @ParameterizedTest
  @MethodSource("ages")
  void anOffenceIsHeldWhileABlockCouldStillCarryIt(long offenceHeight, long now, Refusal expected) {
    EvidencePool pool = new EvidencePool(8, 10);
    assertEquals(expected, pool.add(offence(1, offenceHeight), now));
    assertEquals(expected == null ? 1 : 0, pool.pending().size());
  }

  @Test
  void oneOffencePerValidatorSlotWhicheverOrderItWasReportedIn() {
    EvidencePool pool = new EvidencePool(8, 10);
    assertNull(pool.add(offence(1, 5), 5));
    assertEquals(Refusal.ALREADY_HELD, pool.add(offence(1, 5), 5));
    DoubleSign reversed = DoubleSign.of(key(1), SignBytes.PRECOMMIT, 5, 0, Optional.of(Y), sig(2), Optional.of(X), sig(1));
    assertEquals(Refusal.ALREADY_HELD, pool.add(reversed, 5));
    // another slot of the same validator is another offence: round, type, height
    assertNull(pool.add(DoubleSign.of(key(1), SignBytes.PRECOMMIT, 5, 1, Optional.of(X), sig(1), Optional.empty(), sig(3)), 5));
    assertNull(pool.add(DoubleSign.of(key(1), SignBytes.PREVOTE, 5, 0, Optional.of(X), sig(1), Optional.of(Y), sig(2)), 5));
    assertNull(pool.add(offence(1, 6), 6));
    assertNull(pool.add(offence(2, 5), 6));
    assertEquals(5, pool.pending().size());
  }

  @Test
  void aFullPoolRefusesTheNewest() {
    EvidencePool pool = new EvidencePool(2, 10);
    assertNull(pool.add(offence(1, 5), 5));
    assertNull(pool.add(offence(2, 5), 5));
    assertEquals(Refusal.FULL, pool.add(offence(3, 5), 5));
    assertEquals(List.of(offence(1, 5), offence(2, 5)), pool.pending());
  }

  @Test
  void takeGivesTheOldestFirstUpToTheMaxAndSkipsWhatAgedOut() {
    EvidencePool pool = new EvidencePool(8, 10);
    pool.add(offence(1, 3), 5);
    pool.add(offence(2, 4), 5);
    pool.add(offence(3, 5), 5);
    assertEquals(List.of(offence(1, 3), offence(2, 4)), pool.take(2, 6));
    assertEquals(List.of(offence(1, 3), offence(2, 4), offence(3, 5)), pool.take(8, 13));
    // at 14 the offence at 3 is 11 back: too old to carry
    assertEquals(List.of(offence(2, 4), offence(3, 5)), pool.take(8, 14));
    assertEquals(List.of(), pool.take(0, 6));
  }

  @Test
  void anOffenceInABlockIsNeverProposedOrHeldAgain() {
    EvidencePool pool = new EvidencePool(8, 10);
    pool.add(offence(1, 5), 5);
    pool.add(offence(2, 5), 5);
    pool.onBlock(6, List.of(offence(1, 5)));
    assertEquals(List.of(offence(2, 5)), pool.pending());
    assertTrue(pool.isCommitted(offence(1, 5)));
    assertFalse(pool.isCommitted(offence(2, 5)));
    assertEquals(Refusal.ALREADY_COMMITTED, pool.add(offence(1, 5), 7));
    // another node's block may carry one we never heard of: it is done too
    pool.onBlock(7, List.of(offence(3, 6)));
    assertEquals(Refusal.ALREADY_COMMITTED, pool.add(offence(3, 6), 7));
  }

  @Test
  void blocksAgeOutWhatIsHeldAndWhatWasCommitted() {
    EvidencePool pool = new EvidencePool(8, 10);
    pool.add(offence(1, 5), 5);
    pool.add(offence(2, 6), 6);
    pool.onBlock(6, List.of(offence(3, 6)));
    pool.onBlock(15, List.of());
    assertEquals(List.of(offence(1, 5), offence(2, 6)), pool.pending());
    pool.onBlock(16, List.of()); // 5 is now 11 back
    assertEquals(List.of(offence(2, 6)), pool.pending());
    assertTrue(pool.isCommitted(offence(3, 6)));
    pool.onBlock(17, List.of()); // 6 is now 11 back
    assertEquals(List.of(), pool.pending());
    assertFalse(pool.isCommitted(offence(3, 6)));
  }

  @Test
  void theCoresReportBecomesEvidenceInCanonicalOrder() {
    String v = HexFormat.of().formatHex(key(7));
    Vote forY = new Vote(VoteType.PREVOTE, 9, 2, Optional.of(Y), v, sig(2));
    Vote forX = new Vote(VoteType.PREVOTE, 9, 2, Optional.of(X), v, sig(1));
    DoubleSign e = EvidencePool.of(new VoteSet.Evidence(forY, forX));
    assertEquals(DoubleSign.of(key(7), SignBytes.PREVOTE, 9, 2, Optional.of(X), sig(1), Optional.of(Y), sig(2)), e);
    Vote nil = new Vote(VoteType.PRECOMMIT, 9, 2, Optional.empty(), v, sig(3));
    Vote forX2 = new Vote(VoteType.PRECOMMIT, 9, 2, Optional.of(X), v, sig(4));
    DoubleSign p = EvidencePool.of(new VoteSet.Evidence(forX2, nil));
    assertEquals(SignBytes.PRECOMMIT, p.type());
    assertEquals(Optional.empty(), p.first());
    assertEquals(v, p.validatorHex());
  }

  @Test
  void boundsArePositive() {
    assertThrows(IllegalArgumentException.class, () -> new EvidencePool(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new EvidencePool(1, 0));
    assertEquals(0, new EvidencePool(1, 1).pending().size());
  }
}
