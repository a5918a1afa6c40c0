package dev.meshledger.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.wire.Message.ChainRequest;
import dev.meshledger.wire.WireCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serving side's rules without Vert.x: how many requests at once, how many blocks, how much per frame. */
class ServeRulesTest {
  private static final ChainParams PARAMS = ChainParams.of("serve-test", 0, 4096);
  private static final Block B1 = TestBlocks.child(PARAMS, Genesis.of(PARAMS), "one");
  private static final Block B2 = TestBlocks.child(PARAMS, B1, "a longer second block");
  private static final Block B3 = TestBlocks.child(PARAMS, B2, "3");
  /** As the store holds them. */
  private static final byte[] E1 = BlockCodec.encode(B1);
  private static final byte[] E2 = BlockCodec.encode(B2);
  private static final List<byte[]> BLOCKS = List.of(E1, E2, BlockCodec.encode(B3));
  private static final long S1 = E1.length;
  private static final long S2 = E2.length;
  private static final long S3 = BlockCodec.encodedSize(B3);

  private static ServeRules frame(long bytesForBlocks) {
    return new ServeRules(bytesForBlocks + ServeRules.RESPONSE_OVERHEAD_BYTES);
  }

  @Test
  void aPeerMayHaveEightRequestsServedAtOnceAndNoMore() {
    ServeRules rules = frame(1 << 20);
    for (int i = 1; i <= ServeRules.MAX_SERVING_PER_PEER; i++) {
      assertTrue(rules.begin("p"), "request " + i);
      assertEquals(i, rules.serving("p"));
    }
    assertEquals(8, ServeRules.MAX_SERVING_PER_PEER);
    assertFalse(rules.begin("p"), "the ninth at once is a flood");
    assertEquals(8, rules.serving("p"), "a refused request is not counted");
    assertTrue(rules.begin("q"), "each peer has its own allowance");
    rules.end("p");
    assertEquals(7, rules.serving("p"));
    assertTrue(rules.begin("p"), "one answered makes room for one more");
    assertFalse(rules.begin("p"));
  }

  @Test
  void endingCountsDownToNothingAndForgettingStartsAfresh() {
    ServeRules rules = frame(1 << 20);
    rules.begin("p");
    rules.begin("p");
    rules.end("p");
    rules.end("p");
    assertEquals(0, rules.serving("p"));
    rules.end("p");
    rules.end("never asked");
    assertEquals(0, rules.serving("p"), "never below zero");
    for (int i = 0; i < ServeRules.MAX_SERVING_PER_PEER; i++) {
      rules.begin("p");
    }
    rules.forget("p");
    assertEquals(0, rules.serving("p"));
    rules.end("p"); // a read finishing after the peer left
    assertEquals(0, rules.serving("p"));
    assertTrue(rules.begin("p"));
  }

  @Test
  void neverMoreBlocksThanAResponseMayCarry() {
    int max = WireCodec.MAX_BLOCKS_PER_RESPONSE;
    assertEquals(max, ServeRules.count(new ChainRequest(1, List.of(), 1, max)));
    assertEquals(max, ServeRules.count(new ChainRequest(1, List.of(), 1, max + 1)));
    assertEquals(max - 1, ServeRules.count(new ChainRequest(1, List.of(), 1, max - 1)));
    assertEquals(0, ServeRules.count(new ChainRequest(1, List.of(Hash.ZERO), 1, 0)));
  }

  @Test
  void aResponseCarriesTheLongestRunThatFitsOneFrame() {
    assertEquals(BLOCKS, frame(S1 + S2 + S3).fit(BLOCKS), "exactly full");
    assertEquals(List.of(E1, E2), frame(S1 + S2 + S3 - 1).fit(BLOCKS));
    assertEquals(List.of(E1, E2), frame(S1 + S2).fit(BLOCKS));
    assertEquals(List.of(E1), frame(S1 + S2 - 1).fit(BLOCKS));
    assertEquals(List.of(E1), frame(S1).fit(BLOCKS));
    assertEquals(List.of(), frame(S1 - 1).fit(BLOCKS));
    assertEquals(List.of(), frame(S1 + S2).fit(List.of()));
  }
}
