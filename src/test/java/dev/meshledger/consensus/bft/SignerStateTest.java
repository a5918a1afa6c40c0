package dev.meshledger.consensus.bft;

import static dev.meshledger.consensus.bft.Fixture.X;
import static dev.meshledger.consensus.bft.Fixture.Y;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.consensus.bft.SignerState.Step;
import dev.meshledger.consensus.bft.SignerState.Verdict;
import dev.meshledger.domain.Hash;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The "last signed" guard: never a second different message for one height/round/step, never older. */
class SignerStateTest {
  /** Last signed: a prevote for X at height 5, round 2. */
  static final SignerState LAST = SignerState.after(5, 2, Step.PREVOTE, Optional.of(X));

  static Stream<Arguments> verdicts() {
    return Stream.of(
        Arguments.of("the same prevote again", 5, 2, Step.PREVOTE, X, Verdict.SAME),
        Arguments.of("a prevote for another block", 5, 2, Step.PREVOTE, Y, Verdict.CONFLICT),
        Arguments.of("a nil prevote after X", 5, 2, Step.PREVOTE, null, Verdict.CONFLICT),
        Arguments.of("the precommit of the round", 5, 2, Step.PRECOMMIT, Y, Verdict.SIGN),
        Arguments.of("a proposal of the same round", 5, 2, Step.PROPOSE, X, Verdict.REGRESSION),
        Arguments.of("the next round", 5, 3, Step.PROPOSE, Y, Verdict.SIGN),
        Arguments.of("an earlier round", 5, 1, Step.PRECOMMIT, X, Verdict.REGRESSION),
        Arguments.of("the next height", 6, 0, Step.PREVOTE, null, Verdict.SIGN),
        Arguments.of("an earlier height", 4, 9, Step.PRECOMMIT, X, Verdict.REGRESSION));
  }

  @ParameterizedTest(name = "{0}: {5}")
  @MethodSource("verdicts")
  void theGuard(String name, long h, int r, Step s, Hash block, Verdict verdict) {
    assertEquals(verdict, LAST.mayVote(h, r, s, Optional.ofNullable(block)));
  }

  @Test
  void anythingMaySignFirst() {
    assertEquals(Verdict.SIGN, SignerState.INITIAL.mayVote(1, 0, Step.PROPOSE, Optional.of(X)));
  }

  @Test
  void theJsonFormRoundTrips() {
    String json = LAST.toJson();
    assertEquals("{\"height\":\"5\",\"round\":2,\"step\":2,\"block\":\"" + X.toHex() + "\"}", json);
    assertEquals(LAST, SignerState.parse(json));
    assertEquals(LAST, SignerState.parse(LAST.toBytes()));
    assertEquals(LAST, SignerState.parse(json + "\n"));
    SignerState nil = SignerState.after(7, 0, Step.PRECOMMIT, Optional.empty());
    assertEquals(nil, SignerState.parse(nil.toJson()));
    assertEquals(SignerState.INITIAL, SignerState.parse(SignerState.INITIAL.toJson()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "{}",
      "{\"height\":5,\"round\":2,\"step\":2,\"block\":\"\"}",
      "{\"height\":\"05\",\"round\":2,\"step\":2,\"block\":\"\"}",
      "{\"height\":\"-5\",\"round\":2,\"step\":2,\"block\":\"\"}",
      "{\"height\":\"5\",\"round\":2,\"step\":4,\"block\":\"\"}",
      "{\"height\":\"5\", \"round\":2,\"step\":2,\"block\":\"\"}",
      "{\"height\":\"5\",\"round\":2,\"step\":2}",
      "{\"height\":\"5\",\"round\":2,\"step\":2,\"block\":\"\",\"x\":1}",
      "{\"height\":\"5\",\"round\":2,\"step\":2,\"block\":\"ABCD\"}",
      "{\"height\":\"99999999999999999999\",\"round\":2,\"step\":2,\"block\":\"\"}",
      "{\"height\":\"5\",\"round\":9999999999,\"step\":2,\"block\":\"\"}",
      "{\"height\":\"5\",\"round\":0,\"step\":0,\"block\":\"\"}",
      "{\"height\":\"0\",\"round\":1,\"step\":0,\"block\":\"\"}"})
  void anythingButTheCanonicalFormIsRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> SignerState.parse(text));
  }

  @Test
  void uppercaseHexIsRefused() {
    String upper = LAST.toJson().replace(X.toHex(), X.toHex().toUpperCase().replace('1', 'A'));
    assertThrows(IllegalArgumentException.class, () -> SignerState.parse(upper));
    assertThrows(IllegalArgumentException.class, () -> SignerState.parse((String) null));
    assertThrows(IllegalArgumentException.class, () -> new SignerState(-1, 0, Step.NONE, Optional.empty()));
  }
}
