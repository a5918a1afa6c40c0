package dev.meshledger.domain.ledger.stake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.LedgerFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What slashing burnt is part of the stake state (so of its hash), kept as a trailer only once positive: a
 * state that never slashed keeps the bytes it had before slashing existed, and every rule carries the total on.
 */
class StakeBurntTest {
  private static final StakeParams PARAMS = new StakeParams(5, 10, 10, 1, 100, 3);
  private static final AccountId A = AccountId.of(filled(1));
  private static final String V = AccountId.of(filled(9)).toHex();
  private static final String W = AccountId.of(filled(8)).toHex();

  private static byte[] filled(int b) {
    byte[] x = new byte[32];
    Arrays.fill(x, (byte) b);
    return x;
  }

  private static StakeState bonded() {
    return StakeState.EMPTY.stake(A, V, 1000).state().stake(A, W, 500).state();
  }

  @Test
  void theBurntTotalIsATrailerOnlyOncePositiveAndRoundTrips() {
    StakeState s = bonded();
    assertEquals(0, s.burnt());
    byte[] before = StakeCodec.encode(s);
    StakeState slashed = s.slash(V, 1, PARAMS.slashPermille()).state();
    assertEquals(100, slashed.burnt());
    byte[] after = StakeCodec.encode(slashed);
    assertEquals(8, after.length - before.length, "the trailer");
    assertEquals(100, ByteBuffer.wrap(after, after.length - 8, 8).getLong());
    assertEquals(100, StakeCodec.decode(after).burnt());
    assertArrayEquals(after, StakeCodec.encode(StakeCodec.decode(after)));
    // a zero trailer is not canonical (a state without slashing has none); a partial one is truncated bytes
    byte[] zero = Arrays.copyOf(before, before.length + 8);
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(zero));
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(Arrays.copyOf(before, before.length + 4)));
    assertThrows(IllegalArgumentException.class, () -> StakeState.of(Map.of(), Map.of(), List.of(), -1));
  }

  @Test
  void everyRuleCarriesTheTotalOnAndASecondSlashAddsToIt() {
    StakeState slashed = bonded().slash(V, 1, PARAMS.slashPermille()).state();
    assertEquals(100, slashed.stake(A, W, 10).state().burnt());
    assertEquals(100, slashed.unstake(2, A, W, 10, PARAMS).state().burnt());
    assertEquals(100, slashed.release(100).state().burnt());
    assertEquals(100, slashed.reward(List.of(new dev.meshledger.domain.finality.BftParams.Member(W, 1)), W, 7)
        .burnt());
    StakeState twice = slashed.slash(W, 1, PARAMS.slashPermille()).state();
    assertEquals(150, twice.burnt());
    assertEquals(50, slashed.slash(W, 1, PARAMS.slashPermille()).burnt(), "what this slash burnt");
    assertEquals(100 + 50, twice.burnt());
  }
}
