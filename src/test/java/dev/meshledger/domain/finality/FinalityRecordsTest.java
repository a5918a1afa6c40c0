package dev.meshledger.domain.finality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values a commit and the BFT params are made of, and what they refuse to be. */
class FinalityRecordsTest {
  private static final String A = "aa".repeat(32);
  private static final String B = "bb".repeat(32);
  private static final String C = "cc".repeat(32);

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static CommitSig sig(int v) {
    return new CommitSig(filled(32, v), filled(64, v + 1));
  }

  private static BftParams params(long period, long propose, long prevote, long precommit) {
    return new BftParams(period, propose, prevote, precommit, List.of(new BftParams.Member(A, 1)));
  }

  @Test
  void bftParamsGivePowersTotalAndMembership() {
    BftParams p = new BftParams(1000, 3000, 1000, 1000,
        List.of(new BftParams.Member(A, 3), new BftParams.Member(B, 1), new BftParams.Member(C, 2)));
    assertEquals(Map.of(A, 3L, B, 1L, C, 2L), p.powers());
    assertEquals(6, p.totalPower());
    assertTrue(p.isValidator(A));
    assertTrue(p.isValidator(C));
    assertFalse(p.isValidator("dd".repeat(32)));
    assertFalse(p.isValidator(A.toUpperCase()));
  }

  @Test
  void bftParamsKeepTheirOwnCopyOfTheValidators() {
    List<BftParams.Member> list = new ArrayList<>(List.of(new BftParams.Member(A, 1)));
    BftParams p = new BftParams(0, 0, 0, 0, list);
    list.add(new BftParams.Member(B, 5));
    assertEquals(1, p.validators().size());
    assertEquals(1, p.totalPower());
    assertThrows(UnsupportedOperationException.class, () -> p.validators().add(new BftParams.Member(B, 1)));
  }

  @Test
  void bftParamsRefuseNoValidatorsAndNegativeTimes() {
    assertThrows(IllegalArgumentException.class, () -> new BftParams(1000, 1000, 1000, 1000, List.of()));
    assertThrows(IllegalArgumentException.class, () -> params(-1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> params(0, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> params(0, 0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> params(0, 0, 0, -1));
    assertEquals(0, params(0, 0, 0, 0).blockPeriodMs()); // zero is allowed
  }

  @Test
  void aMemberHasAnIdAndPositivePower() {
    assertThrows(IllegalArgumentException.class, () -> new BftParams.Member(A, 0));
    assertThrows(IllegalArgumentException.class, () -> new BftParams.Member(A, -5));
    assertThrows(NullPointerException.class, () -> new BftParams.Member(null, 1));
    assertEquals(1, new BftParams.Member(A, 1).power());
  }

  @Test
  void commitRefusesNegativeRoundAndTooManySignatures() {
    assertThrows(IllegalArgumentException.class, () -> new Commit(-1, List.of(sig(1))));
    assertEquals(0, new Commit(0, List.of(sig(1))).round());
    List<CommitSig> max = Collections.nCopies(Commit.MAX_SIGNATURES, sig(1));
    assertEquals(Commit.MAX_SIGNATURES, new Commit(0, max).signatures().size());
    List<CommitSig> over = Collections.nCopies(Commit.MAX_SIGNATURES + 1, sig(1));
    assertThrows(IllegalArgumentException.class, () -> new Commit(0, over));
  }

  @Test
  void commitSizesAndEmptiness() {
    assertTrue(Commit.NONE.isEmpty());
    assertEquals(0, Commit.NONE.round());
    assertEquals(2, Commit.NONE.encodedSize());
    assertEquals(2, new Commit(9, List.of()).encodedSize());
    Commit one = new Commit(3, List.of(sig(1)));
    assertFalse(one.isEmpty());
    assertEquals(2 + 4 + 96, one.encodedSize());
    assertEquals(2 + 4 + 3 * 96, new Commit(3, List.of(sig(1), sig(2), sig(3))).encodedSize());
    assertEquals(96, CommitSig.SIZE);
  }

  @Test
  void commitKeepsItsOwnCopyOfTheSignatures() {
    List<CommitSig> list = new ArrayList<>(List.of(sig(1)));
    Commit c = new Commit(0, list);
    list.add(sig(2));
    assertEquals(1, c.signatures().size());
  }

  @Test
  void commitSigIsA32ByteIdAndA64ByteSignature() {
    assertThrows(IllegalArgumentException.class, () -> new CommitSig(null, filled(64, 0)));
    assertThrows(IllegalArgumentException.class, () -> new CommitSig(filled(32, 0), null));
    assertThrows(IllegalArgumentException.class, () -> new CommitSig(filled(31, 0), filled(64, 0)));
    assertThrows(IllegalArgumentException.class, () -> new CommitSig(filled(33, 0), filled(64, 0)));
    assertThrows(IllegalArgumentException.class, () -> new CommitSig(filled(32, 0), filled(63, 0)));
    assertThrows(IllegalArgumentException.class, () -> new CommitSig(filled(32, 0), filled(65, 0)));
  }

  @Test
  void commitSigsCompareByContent() {
    assertEquals(sig(1), sig(1));
    assertEquals(sig(1).hashCode(), sig(1).hashCode());
    assertNotEquals(sig(1), sig(2));
    assertNotEquals(sig(1), new CommitSig(filled(32, 1), filled(64, 9))); // same id, other signature
    assertNotEquals(sig(1), new CommitSig(filled(32, 9), filled(64, 2))); // same signature, other id
    assertNotEquals(sig(1).hashCode(), new CommitSig(filled(32, 1), filled(64, 9)).hashCode());
    assertNotEquals(sig(1).hashCode(), new CommitSig(filled(32, 9), filled(64, 2)).hashCode());
    assertNotEquals(sig(1), (Object) "not a signature");
    assertEquals(new Commit(2, List.of(sig(1))), new Commit(2, List.of(sig(1))));
  }

  @Test
  void commitSigNamesItsValidator() {
    assertEquals("ab".repeat(32), new CommitSig(filled(32, 0xab), filled(64, 0)).validatorHex());
    assertEquals("CommitSig[abababab]", new CommitSig(filled(32, 0xab), filled(64, 0)).toString());
  }
}
