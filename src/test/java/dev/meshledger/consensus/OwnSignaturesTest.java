package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.consensus.bft.Vote;
import dev.meshledger.consensus.bft.VoteType;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node's own precommit, counted unsigned by the core, gets its signature back in the commit. */
class OwnSignaturesTest {
  private static final String ME = "aa".repeat(32);
  private static final String B = "bb".repeat(32);
  private static final String C = "cc".repeat(32);
  private static final Optional<Hash> X = Optional.of(Hash.fromHex("11".repeat(32)));

  private static byte[] sig(int v) {
    byte[] s = new byte[64];
    Arrays.fill(s, (byte) v);
    return s;
  }

  private static Vote precommit(String who, long height, int round, byte[] signature) {
    return new Vote(VoteType.PRECOMMIT, height, round, X, who, signature);
  }

  private static Vote unsigned(VoteType type, long height, int round) {
    return Vote.unsigned(type, height, round, X, ME);
  }

  private static CommitSig cs(String who, byte[] s) {
    return new CommitSig(HexFormat.of().parseHex(who), s);
  }

  @Test
  void theOwnUnsignedVoteIsFilledFromItsStoredSignature() {
    OwnSignatures own = new OwnSignatures();
    own.put(unsigned(VoteType.PRECOMMIT, 5, 2), sig(1));
    Commit c = own.commit(List.of(precommit(B, 5, 2, sig(2)), unsigned(VoteType.PRECOMMIT, 5, 2),
        precommit(C, 5, 2, sig(3))));
    assertEquals(new Commit(2, List.of(cs(B, sig(2)), cs(ME, sig(1)), cs(C, sig(3)))), c);
  }

  @Test
  void othersSignaturesAreKeptAsTheyAre() {
    Commit c = new OwnSignatures().commit(List.of(precommit(B, 3, 0, sig(2)), precommit(C, 3, 0, sig(3))));
    assertEquals(new Commit(0, List.of(cs(B, sig(2)), cs(C, sig(3)))), c);
    assertArrayEquals(HexFormat.of().parseHex(B), c.signatures().get(0).validator());
  }

  @Test
  void anUnsignedVoteWithNoStoredSignatureIsLeftOut() {
    Commit c = new OwnSignatures().commit(List.of(precommit(B, 5, 0, sig(2)), unsigned(VoteType.PRECOMMIT, 5, 0)));
    assertEquals(new Commit(0, List.of(cs(B, sig(2)))), c);
  }

  @Test
  void aSignatureOfTheWrongSizeIsLeftOut() {
    Commit c = new OwnSignatures().commit(List.of(precommit(B, 5, 0, new byte[63]), precommit(C, 5, 0, sig(3)),
        precommit(ME, 5, 0, new byte[65])));
    assertEquals(new Commit(0, List.of(cs(C, sig(3)))), c);
    OwnSignatures own = new OwnSignatures();
    own.put(unsigned(VoteType.PRECOMMIT, 5, 0), new byte[10]);
    assertEquals(new Commit(0, List.of()), own.commit(List.of(unsigned(VoteType.PRECOMMIT, 5, 0))));
  }

  @Test
  void onlyTheSignatureOfTheSameTypeHeightAndRoundIsUsed() {
    OwnSignatures own = new OwnSignatures();
    own.put(unsigned(VoteType.PREVOTE, 5, 1), sig(1)); // the prevote's, not the precommit's
    own.put(unsigned(VoteType.PRECOMMIT, 5, 0), sig(2)); // another round
    own.put(unsigned(VoteType.PRECOMMIT, 6, 1), sig(3)); // another height
    assertEquals(new Commit(1, List.of()), own.commit(List.of(unsigned(VoteType.PRECOMMIT, 5, 1))));
  }

  @Test
  void aCommitForgetsItsHeightAndBelowButNotAbove() {
    OwnSignatures own = new OwnSignatures();
    own.put(unsigned(VoteType.PRECOMMIT, 4, 0), sig(4));
    own.put(unsigned(VoteType.PRECOMMIT, 5, 0), sig(5));
    own.put(unsigned(VoteType.PRECOMMIT, 6, 0), sig(6));
    assertEquals(new Commit(0, List.of(cs(ME, sig(5)))), own.commit(List.of(unsigned(VoteType.PRECOMMIT, 5, 0))));
    // height 5 and 4 are forgotten
    assertEquals(new Commit(0, List.of()), own.commit(List.of(unsigned(VoteType.PRECOMMIT, 5, 0))));
    // height 6 waits for its own commit
    assertEquals(new Commit(0, List.of(cs(ME, sig(6)))), own.commit(List.of(unsigned(VoteType.PRECOMMIT, 6, 0))));
  }

  @Test
  void aLowerStoredHeightIsForgottenByAHigherCommit() {
    OwnSignatures own = new OwnSignatures();
    own.put(unsigned(VoteType.PRECOMMIT, 4, 0), sig(4));
    own.commit(List.of(precommit(B, 5, 0, sig(2))));
    assertEquals(new Commit(0, List.of()), own.commit(List.of(unsigned(VoteType.PRECOMMIT, 4, 0))));
  }

  @Test
  void theLatestSignatureForASlotWins() {
    OwnSignatures own = new OwnSignatures();
    own.put(unsigned(VoteType.PRECOMMIT, 5, 0), sig(1));
    own.put(unsigned(VoteType.PRECOMMIT, 5, 0), sig(2));
    assertEquals(new Commit(0, List.of(cs(ME, sig(2)))), own.commit(List.of(unsigned(VoteType.PRECOMMIT, 5, 0))));
  }
}
