package dev.meshledger.domain.ledger.stake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.LedgerFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The stake state's canonical bytes: pinned layout, round trip, one encoding per state. */
class StakeCodecTest {
  private static final StakeParams PARAMS = new StakeParams(5, 10, 10, 1, 50, 3);
  private static final AccountId A = id(1);
  private static final AccountId B = id(2);
  private static final String V = id(9).toHex();
  private static final String W = id(8).toHex();

  private static AccountId id(int n) {
    byte[] k = new byte[32];
    k[31] = (byte) n;
    return AccountId.of(k);
  }

  private static StakeState sample() {
    StakeState s = StakeState.EMPTY.stake(A, V, 100).state().stake(B, V, 50).state().stake(A, W, 7).state();
    return s.unstake(4, B, V, 20, PARAMS).state().slash(W, 0, 0).state();
  }

  @Test
  void theEmptyStateIsTwoZeroCounts() {
    assertArrayEquals(new byte[8], StakeCodec.encode(StakeState.EMPTY));
    assertEquals(Sha256.of(new byte[8]), StakeCodec.hash(StakeState.EMPTY));
  }

  @Test
  void theLayoutIsPinned() {
    byte[] one = StakeCodec.encode(StakeState.EMPTY.stake(A, V, 100).state());
    ByteBuffer b = ByteBuffer.wrap(one);
    assertEquals(1, b.getInt());
    byte[] v = new byte[32];
    b.get(v);
    assertEquals(V, HexFormat.of().formatHex(v));
    assertEquals(100, b.getLong());
    assertEquals(100, b.getLong());
    assertEquals(0, b.get());
    assertEquals(1, b.getInt());
    byte[] a = new byte[32];
    b.get(a);
    assertEquals(A, AccountId.of(a));
    assertEquals(100, b.getLong());
    assertEquals(0, b.getInt());
    assertEquals(0, b.remaining());
  }

  @Test
  void aStateReadsBackAsItself() {
    StakeState s = sample();
    byte[] bytes = StakeCodec.encode(s);
    StakeState back = StakeCodec.decode(bytes);
    assertArrayEquals(bytes, StakeCodec.encode(back));
    assertEquals(s.pools(), back.pools());
    assertEquals(s.unbonding(), back.unbonding());
    assertEquals(s.holders(V), back.holders(V));
    assertEquals(true, back.pool(W).tombstoned());
    assertEquals(bytes.length, 4 + 2 * 53 + 2 * 40 + 40 + 4 + 88);
  }

  @Test
  void differentStatesHashDifferently() {
    Hash h = StakeCodec.hash(sample());
    assertNotEquals(h, StakeCodec.hash(sample().reward(List.of(new dev.meshledger.domain.finality.BftParams.Member(V, 1)), V, 1)));
    assertNotEquals(h, StakeCodec.hash(StakeState.EMPTY));
  }

  @Test
  void badBytesAreRefused() {
    byte[] good = StakeCodec.encode(sample());
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(Arrays.copyOf(good, good.length + 1)));
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(Arrays.copyOf(good, good.length - 1)));
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(new byte[3]));
    byte[] one = StakeCodec.encode(StakeState.of(Map.of(V, new Pool(1, 0, false)), Map.of(), List.of()));
    one[3] = 2;
    assertEquals("count 2 does not fit the 57 bytes left",
        assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(one)).getMessage());
    byte[] hugeCount = good.clone();
    hugeCount[0] = 0x7f;
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(hugeCount));
    byte[] negative = good.clone();
    negative[0] = (byte) 0x80;
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(negative));
    byte[] tomb = good.clone();
    tomb[4 + 32 + 16] = 2; // the first pool's tombstoned flag
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(tomb));
  }

  @Test
  void poolsOutOfOrderOrTwiceAreRefused() {
    StakeState two = StakeState.of(Map.of(V, new Pool(1, 1, false), W, new Pool(2, 2, false)),
        Map.of(V, new TreeMap<>(Map.of(A, 1L)), W, new TreeMap<>(Map.of(A, 2L))), List.of());
    byte[] bytes = StakeCodec.encode(two);
    int poolSize = 53 + 40;
    byte[] swapped = bytes.clone();
    System.arraycopy(bytes, 4, swapped, 4 + poolSize, poolSize);
    System.arraycopy(bytes, 4 + poolSize, swapped, 4, poolSize);
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(swapped));
    byte[] twice = bytes.clone();
    System.arraycopy(bytes, 4, twice, 4 + poolSize, poolSize);
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(twice));
  }

  @Test
  void holdersOutOfOrderOrWithoutSharesAreRefused() {
    StakeState s = StakeState.EMPTY.stake(A, V, 10).state().stake(B, V, 10).state();
    byte[] bytes = StakeCodec.encode(s);
    int first = 4 + 53;
    byte[] swapped = bytes.clone();
    System.arraycopy(bytes, first, swapped, first + 40, 40);
    System.arraycopy(bytes, first + 40, swapped, first, 40);
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(swapped));
    byte[] twice = bytes.clone();
    System.arraycopy(bytes, first, twice, first + 40, 40);
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(twice));
    byte[] zero = bytes.clone();
    Arrays.fill(zero, first + 32, first + 40, (byte) 0);
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(zero));
  }

  @Test
  void badPoolsAndEntriesAreRefused() {
    byte[] bytes = StakeCodec.encode(sample());
    byte[] negativeTokens = bytes.clone();
    negativeTokens[4 + 32] = (byte) 0x80;
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(negativeTokens));
    byte[] backwards = bytes.clone();
    int entry = bytes.length - 88;
    Arrays.fill(backwards, entry + 80, entry + 88, (byte) 0); // release 0 before from 4
    assertThrows(LedgerFormatException.class, () -> StakeCodec.decode(backwards));
    assertThrows(IllegalArgumentException.class, () -> StakeCodec.encode(StakeState.EMPTY.stake(A, "ab", 1).state()));
  }
}
