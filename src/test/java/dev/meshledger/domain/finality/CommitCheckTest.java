package dev.meshledger.domain.finality;

import static dev.meshledger.domain.finality.TestCommits.commit;
import static dev.meshledger.domain.finality.TestCommits.precommit;
import static dev.meshledger.domain.finality.TestCommits.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.CommitCheck.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A light client's check of a commit: who signed, what they signed, and how much power they hold. */
class CommitCheckTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final NodeKey STRANGER = TestBlocks.keyFrom(99);
  private static final Hash GENESIS = Sha256.of(TestBlocks.utf8("genesis"));
  private static final Hash BLOCK = Sha256.of(TestBlocks.utf8("block"));
  private static final long HEIGHT = 7;
  private static final int ROUND = 2;

  private static Map<String, Long> powers(long... p) {
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < p.length; i++) {
      m.put(KEYS.get(i).id(), p[i]);
    }
    return m;
  }

  private static List<NodeKey> signers(int... indexes) {
    List<NodeKey> out = new ArrayList<>();
    for (int i : indexes) {
      out.add(KEYS.get(i));
    }
    return out;
  }

  private static Optional<Problem> check(Map<String, Long> powers, Commit c) {
    return CommitCheck.check(GENESIS, powers, HEIGHT, BLOCK, c);
  }

  static Stream<Arguments> powerCases() {
    return Stream.of(
        // powers, signers, expected problem (null: final)
        Arguments.of(new long[] {1, 1, 1, 1}, new int[] {0, 1, 2}, null),
        Arguments.of(new long[] {1, 1, 1, 1}, new int[] {0, 1, 2, 3}, null),
        Arguments.of(new long[] {1, 1, 1, 1}, new int[] {3, 1, 0}, null),
        Arguments.of(new long[] {1, 1, 1, 1}, new int[] {0, 1}, Problem.NOT_ENOUGH_POWER),
        Arguments.of(new long[] {1, 1, 1, 1}, new int[] {2}, Problem.NOT_ENOUGH_POWER),
        // exactly 2/3 is not more than 2/3
        Arguments.of(new long[] {1, 1, 1}, new int[] {0, 1}, Problem.NOT_ENOUGH_POWER),
        Arguments.of(new long[] {1, 1, 1}, new int[] {0, 1, 2}, null),
        Arguments.of(new long[] {2, 1}, new int[] {0}, Problem.NOT_ENOUGH_POWER),
        Arguments.of(new long[] {2, 1}, new int[] {0, 1}, null),
        // one heavy validator: 3 of 6 alone, 4 of 6 (exactly 2/3) with one more, 5 of 6 with two
        Arguments.of(new long[] {3, 1, 1, 1}, new int[] {0}, Problem.NOT_ENOUGH_POWER),
        Arguments.of(new long[] {3, 1, 1, 1}, new int[] {0, 1}, Problem.NOT_ENOUGH_POWER),
        Arguments.of(new long[] {3, 1, 1, 1}, new int[] {0, 1, 2}, null),
        Arguments.of(new long[] {3, 1, 1, 1}, new int[] {1, 2, 3}, Problem.NOT_ENOUGH_POWER),
        // a heavy validator alone above 2/3
        Arguments.of(new long[] {7, 1, 1, 1}, new int[] {0}, null),
        Arguments.of(new long[] {7, 1, 1, 1}, new int[] {1, 2, 3}, Problem.NOT_ENOUGH_POWER),
        // the boundary with large numbers: 200 of 300 is exactly 2/3, 201 of 300 is more
        Arguments.of(new long[] {200, 100}, new int[] {0}, Problem.NOT_ENOUGH_POWER),
        Arguments.of(new long[] {201, 99}, new int[] {0}, null),
        Arguments.of(new long[] {199, 100, 1}, new int[] {0, 2}, Problem.NOT_ENOUGH_POWER),
        Arguments.of(new long[] {200, 99, 1}, new int[] {0, 2}, null));
  }

  @ParameterizedTest
  @MethodSource("powerCases")
  void moreThanTwoThirdsOfThePowerMakesABlockFinal(long[] p, int[] who, Problem expected) {
    Commit c = commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(who));
    assertEquals(Optional.ofNullable(expected), check(powers(p), c));
  }

  @Test
  void powerIsCountedFromTheValidatorsNotFromTheCommit() {
    // validators who did not sign still count in the total: 3 of 4 signed, but the 4th is heavy
    assertEquals(Optional.of(Problem.NOT_ENOUGH_POWER),
        check(powers(1, 1, 1, 2), commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 2))));
    assertEquals(Optional.empty(), check(powers(1, 1, 1, 2), commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 3))));
  }

  @Test
  void emptyCommitIsMissing() {
    assertEquals(Optional.of(Problem.MISSING), check(powers(1, 1, 1, 1), Commit.NONE));
    assertEquals(Optional.of(Problem.MISSING), check(powers(1, 1, 1, 1), new Commit(3, List.of())));
  }

  @Test
  void aValidatorSigningTwiceIsRefusedEvenWithEnoughPowerOtherwise() {
    List<CommitSig> sigs = new ArrayList<>(commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 2)).signatures());
    sigs.add(precommit(KEYS.get(1), GENESIS, HEIGHT, ROUND, BLOCK));
    assertEquals(Optional.of(Problem.DUPLICATE), check(powers(1, 1, 1, 1), new Commit(ROUND, sigs)));
    // twice the same one validator does not make 2 of 4 into 3 of 4 either
    List<CommitSig> doubled = new ArrayList<>(commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1)).signatures());
    doubled.add(precommit(KEYS.get(0), GENESIS, HEIGHT, ROUND, BLOCK));
    assertEquals(Optional.of(Problem.DUPLICATE), check(powers(1, 1, 1, 1), new Commit(ROUND, doubled)));
  }

  @Test
  void aSignatureFromOutsideTheValidatorsIsRefused() {
    List<CommitSig> sigs = new ArrayList<>(commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 2)).signatures());
    sigs.add(precommit(STRANGER, GENESIS, HEIGHT, ROUND, BLOCK));
    assertEquals(Optional.of(Problem.NOT_A_VALIDATOR), check(powers(1, 1, 1, 1), new Commit(ROUND, sigs)));
    // a validator of the spec with no power entry is no validator of this check
    assertEquals(Optional.of(Problem.NOT_A_VALIDATOR),
        check(powers(1, 1, 1), commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 3))));
  }

  @Test
  void theTwoHalvesSplitTheCheckBetweenSignaturesAndTheSet() {
    // signatures need no set: a stranger's good precommit passes, a forged one or a twice-signed one does not
    Commit withStranger = commit(GENESIS, HEIGHT, ROUND, BLOCK, List.of(KEYS.get(0), STRANGER));
    assertEquals(Optional.empty(), CommitCheck.signatures(GENESIS, HEIGHT, BLOCK, withStranger));
    assertEquals(Optional.of(Problem.BAD_SIGNATURE), CommitCheck.signatures(GENESIS, HEIGHT + 1, BLOCK, withStranger));
    List<CommitSig> twice = new ArrayList<>(withStranger.signatures());
    twice.add(twice.get(0));
    assertEquals(Optional.of(Problem.DUPLICATE), CommitCheck.signatures(GENESIS, HEIGHT, BLOCK, new Commit(ROUND, twice)));
    assertEquals(Optional.of(Problem.MISSING), CommitCheck.signatures(GENESIS, HEIGHT, BLOCK, Commit.NONE));
    // the set's half checks no signature: a commit for another height still holds its signers' power
    Commit elsewhere = commit(GENESIS, HEIGHT + 1, ROUND, BLOCK, signers(0, 1, 2));
    assertEquals(Optional.empty(), CommitCheck.power(powers(1, 1, 1, 1), elsewhere));
    assertEquals(Optional.of(Problem.NOT_ENOUGH_POWER), CommitCheck.power(powers(1, 1, 1, 2), elsewhere));
    assertEquals(Optional.of(Problem.NOT_A_VALIDATOR), CommitCheck.power(powers(1, 1, 1, 1), withStranger));
    assertEquals(Optional.of(Problem.DUPLICATE), CommitCheck.power(powers(1, 1, 1, 1), new Commit(ROUND,
        List.of(elsewhere.signatures().get(0), elsewhere.signatures().get(0)))));
    assertEquals(Optional.of(Problem.MISSING), CommitCheck.power(powers(1, 1, 1, 1), Commit.NONE));
  }

  /** Messages a validator might have signed that are not its precommit for this block here. */
  static Stream<Arguments> otherMessages() {
    Hash other = Sha256.of(TestBlocks.utf8("other block"));
    Hash otherGenesis = Sha256.of(TestBlocks.utf8("other genesis"));
    return Stream.of(
        Arguments.of("another height", SignBytes.vote(GENESIS, SignBytes.PRECOMMIT, HEIGHT + 1, ROUND, Optional.of(BLOCK))),
        Arguments.of("another round", SignBytes.vote(GENESIS, SignBytes.PRECOMMIT, HEIGHT, ROUND + 1, Optional.of(BLOCK))),
        Arguments.of("another block", SignBytes.vote(GENESIS, SignBytes.PRECOMMIT, HEIGHT, ROUND, Optional.of(other))),
        Arguments.of("another chain", SignBytes.vote(otherGenesis, SignBytes.PRECOMMIT, HEIGHT, ROUND, Optional.of(BLOCK))),
        Arguments.of("a prevote", SignBytes.vote(GENESIS, SignBytes.PREVOTE, HEIGHT, ROUND, Optional.of(BLOCK))),
        Arguments.of("a nil precommit", SignBytes.vote(GENESIS, SignBytes.PRECOMMIT, HEIGHT, ROUND, Optional.empty())),
        Arguments.of("the proposal", SignBytes.proposal(GENESIS, HEIGHT, ROUND, -1, BLOCK)),
        Arguments.of("the bare block hash", BLOCK.toBytes()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherMessages")
  void aSignatureOverAnythingElseIsBad(String what, byte[] message) {
    // the other three signatures are good and would be enough: one bad one still refuses the commit
    List<CommitSig> sigs = new ArrayList<>(commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 2)).signatures());
    sigs.add(sig(KEYS.get(3), message));
    assertEquals(Optional.of(Problem.BAD_SIGNATURE), check(powers(1, 1, 1, 1), new Commit(ROUND, sigs)), what);
  }

  @Test
  void aSignatureIsCheckedAgainstItsOwnValidator() {
    // validator 3's id with validator 2's (good) signature
    CommitSig borrowed = new CommitSig(KEYS.get(3).publicKey(),
        precommit(KEYS.get(2), GENESIS, HEIGHT, ROUND, BLOCK).signature());
    List<CommitSig> sigs = new ArrayList<>(commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1)).signatures());
    sigs.add(borrowed);
    assertEquals(Optional.of(Problem.BAD_SIGNATURE), check(powers(1, 1, 1, 1), new Commit(ROUND, sigs)));
  }

  @Test
  void theCommitsRoundIsTheRoundSigned() {
    Commit signedAtRound2 = commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 2));
    assertEquals(Optional.empty(), check(powers(1, 1, 1, 1), signedAtRound2));
    Commit claimsRound0 = new Commit(0, signedAtRound2.signatures());
    assertEquals(Optional.of(Problem.BAD_SIGNATURE), check(powers(1, 1, 1, 1), claimsRound0));
  }

  @Test
  void theHeightAndBlockAskedAboutAreTheOnesSigned() {
    Commit c = commit(GENESIS, HEIGHT, ROUND, BLOCK, signers(0, 1, 2));
    assertEquals(Optional.of(Problem.BAD_SIGNATURE), CommitCheck.check(GENESIS, powers(1, 1, 1, 1), HEIGHT + 1, BLOCK, c));
    assertEquals(Optional.of(Problem.BAD_SIGNATURE),
        CommitCheck.check(GENESIS, powers(1, 1, 1, 1), HEIGHT, Sha256.of(BLOCK.toBytes()), c));
    assertEquals(Optional.of(Problem.BAD_SIGNATURE),
        CommitCheck.check(Sha256.of(GENESIS.toBytes()), powers(1, 1, 1, 1), HEIGHT, BLOCK, c));
  }

  static Stream<Arguments> thirds() {
    long big = Long.MAX_VALUE / 8; // the largest total a validator set may have
    return Stream.of(
        Arguments.of(0, 0, false),
        Arguments.of(0, 1, false),
        Arguments.of(1, 1, true),
        Arguments.of(2, 3, false),
        Arguments.of(3, 3, true),
        Arguments.of(3, 4, true),
        Arguments.of(2, 4, false),
        Arguments.of(4, 6, false),
        Arguments.of(5, 6, true),
        Arguments.of(200, 300, false),
        Arguments.of(201, 300, true),
        Arguments.of(big / 3 * 2, big / 3 * 3, false),
        Arguments.of(big / 3 * 2 + 1, big / 3 * 3, true),
        Arguments.of(big, big, true));
  }

  @ParameterizedTest
  @MethodSource("thirds")
  void twoThirdsMeansStrictlyMore(long power, long total, boolean expected) {
    assertEquals(expected, CommitCheck.isTwoThirds(power, total), power + " of " + total);
  }

  @Test
  void everyProblemSaysWhatItMeans() {
    Set<String> meanings = new HashSet<>();
    for (Problem p : Problem.values()) {
      assertFalse(p.meaning().isBlank(), p.name());
      assertTrue(meanings.add(p.meaning()), p.name());
    }
  }
}
