package dev.meshledger.domain.finality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.DoubleSign.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DoubleSignTest {
  static final List<NodeKey> KEYS = TestCommits.keys(2);
  static final NodeKey SIGNER = KEYS.get(0);
  static final Hash GENESIS = Sha256.of("genesis".getBytes(StandardCharsets.UTF_8));
  static final Hash X = Sha256.of(new byte[] {1});
  static final Hash Y = Sha256.of(new byte[] {2});
  static final Map<String, Long> SET = Map.of(SIGNER.id(), 1L, KEYS.get(1).id(), 1L);

  static byte[] sign(NodeKey k, int type, long height, int round, Optional<Hash> block) {
    return k.sign(SignBytes.vote(GENESIS, type, height, round, block));
  }

  static DoubleSign evidence(NodeKey k, int type, long height, int round, Optional<Hash> a, Optional<Hash> b) {
    return DoubleSign.of(k.publicKey(), type, height, round, a, sign(k, type, height, round, a), b,
        sign(k, type, height, round, b));
  }

  /** Evidence at height 10, checked at {@code now} with an evidence window of 100. */
  static Stream<Arguments> cases() {
    Optional<Hash> x = Optional.of(X);
    Optional<Hash> y = Optional.of(Y);
    Optional<Hash> nil = Optional.empty();
    return Stream.of(
        Arguments.of("two blocks, precommit", evidence(SIGNER, 2, 10, 0, x, y), 10L, null),
        Arguments.of("two blocks, prevote, round 3", evidence(SIGNER, 1, 10, 3, y, x), 50L, null),
        Arguments.of("nil and a block", evidence(SIGNER, 2, 10, 1, nil, x), 110L, null),
        Arguments.of("the same block twice", evidence(SIGNER, 2, 10, 0, x, x), 10L, Problem.SAME_VOTE),
        Arguments.of("nil twice", evidence(SIGNER, 2, 10, 0, nil, nil), 10L, Problem.SAME_VOTE),
        Arguments.of("past the window", evidence(SIGNER, 2, 10, 0, x, y), 111L, Problem.TOO_OLD),
        Arguments.of("not reached yet", evidence(SIGNER, 2, 10, 0, x, y), 9L, Problem.FROM_THE_FUTURE),
        Arguments.of("a stranger", evidence(TestCommits.keys(3).get(2), 2, 10, 0, x, y), 10L, Problem.NOT_A_VALIDATOR),
        Arguments.of("one side signed by another", DoubleSign.of(SIGNER.publicKey(), 2, 10, 0, x,
            sign(SIGNER, 2, 10, 0, x), y, sign(KEYS.get(1), 2, 10, 0, y)), 10L, Problem.BAD_SIGNATURE),
        Arguments.of("a side signed for another round", DoubleSign.of(SIGNER.publicKey(), 2, 10, 0, x,
            sign(SIGNER, 2, 10, 1, x), y, sign(SIGNER, 2, 10, 0, y)), 10L, Problem.BAD_SIGNATURE),
        Arguments.of("a side signed as a prevote", DoubleSign.of(SIGNER.publicKey(), 2, 10, 0, x,
            sign(SIGNER, 2, 10, 0, x), y, sign(SIGNER, 1, 10, 0, y)), 10L, Problem.BAD_SIGNATURE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void evidenceIsTakenOnlyWhenItProvesAnOffence(String name, DoubleSign d, long now, Problem expected) {
    assertEquals(Optional.ofNullable(expected), d.check(GENESIS, SET, now, 100));
  }

  @Test
  void evidenceFromAnotherChainDoesNotVerify() {
    DoubleSign d = evidence(SIGNER, 2, 10, 0, Optional.of(X), Optional.of(Y));
    assertEquals(Optional.of(Problem.BAD_SIGNATURE), d.check(Sha256.of(new byte[] {9}), SET, 10, 100));
  }

  @Test
  void theSameOffenceHasOneFormWhicheverWayItIsReported() {
    byte[] sx = sign(SIGNER, 2, 4, 0, Optional.of(X));
    byte[] sy = sign(SIGNER, 2, 4, 0, Optional.of(Y));
    byte[] sn = sign(SIGNER, 2, 4, 0, Optional.empty());
    byte[] pk = SIGNER.publicKey();
    DoubleSign a = DoubleSign.of(pk, 2, 4, 0, Optional.of(X), sx, Optional.of(Y), sy);
    DoubleSign b = DoubleSign.of(pk, 2, 4, 0, Optional.of(Y), sy, Optional.of(X), sx);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a.hashCode(), DoubleSign.of(pk, 2, 5, 0, Optional.of(X), sx, Optional.of(Y), sy).hashCode());
    boolean xFirst = X.compareTo(Y) < 0;
    assertEquals(Optional.of(xFirst ? X : Y), a.first());
    assertTrue(a.toString().contains(" h=4 r=0 "), a.toString());
    DoubleSign n = DoubleSign.of(pk, 2, 4, 0, Optional.of(X), sx, Optional.empty(), sn);
    assertEquals(Optional.empty(), n.first(), "nil first");
    assertEquals(n, DoubleSign.of(pk, 2, 4, 0, Optional.empty(), sn, Optional.of(X), sx));
    assertTrue(n.toString().contains("nil / "), n.toString());
    assertThrows(IllegalArgumentException.class,
        () -> new DoubleSign(pk, 2, 4, 0, Optional.of(X), sx, Optional.empty(), sn));
    assertNotEquals(a, DoubleSign.of(pk, 2, 5, 0, Optional.of(X), sx, Optional.of(Y), sy));
    assertNotEquals(a, DoubleSign.of(pk, 1, 4, 0, Optional.of(X), sx, Optional.of(Y), sy));
    assertNotEquals(a, DoubleSign.of(pk, 2, 4, 1, Optional.of(X), sx, Optional.of(Y), sy));
    assertNotEquals(a, DoubleSign.of(KEYS.get(1).publicKey(), 2, 4, 0, Optional.of(X), sx, Optional.of(Y), sy));
    assertNotEquals(a, DoubleSign.of(pk, 2, 4, 0, Optional.of(X), sy, Optional.of(Y), sy));
    assertNotEquals(a, DoubleSign.of(pk, 2, 4, 0, Optional.of(X), sx, Optional.of(Y), sx));
    assertNotEquals(a, DoubleSign.of(pk, 2, 4, 0, Optional.of(X), sx, Optional.of(Sha256.of(new byte[] {7})), sy));
    assertNotEquals(a, "evidence");
    assertEquals(SIGNER.id(), a.validatorHex());
  }

  @Test
  void malformedEvidenceIsRefused() {
    byte[] s = new byte[64];
    byte[] pk = SIGNER.publicKey();
    Optional<Hash> x = Optional.of(X);
    assertThrows(IllegalArgumentException.class, () -> DoubleSign.of(new byte[31], 2, 1, 0, x, s, x, s));
    assertThrows(IllegalArgumentException.class, () -> DoubleSign.of(pk, 2, 1, 0, x, new byte[63], x, s));
    assertThrows(IllegalArgumentException.class, () -> DoubleSign.of(pk, 2, 1, 0, x, s, x, new byte[65]));
    assertThrows(IllegalArgumentException.class, () -> DoubleSign.of(pk, 0, 1, 0, x, s, x, s));
    assertThrows(IllegalArgumentException.class, () -> DoubleSign.of(pk, 3, 1, 0, x, s, x, s));
    assertThrows(IllegalArgumentException.class, () -> DoubleSign.of(pk, 2, 0, 0, x, s, x, s));
    assertThrows(IllegalArgumentException.class, () -> DoubleSign.of(pk, 2, 1, -1, x, s, x, s));
    assertThrows(NullPointerException.class, () -> DoubleSign.of(pk, 2, 1, 0, null, s, x, s));
    assertEquals(1, DoubleSign.of(pk, 1, 1, 0, x, s, x, s).type());
    byte[] other = new byte[64];
    other[0] = 1;
    assertEquals(0, DoubleSign.of(pk, 1, 1, 0, x, s, x, other).firstSig()[0], "equal sides keep the order given");
    assertEquals("both sides vote for the same block", Problem.SAME_VOTE.meaning());
  }
}
