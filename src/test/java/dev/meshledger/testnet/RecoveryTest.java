package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {
  private static Sample s(long t, long... heights) {
    String[] tips = new String[heights.length];
    for (int i = 0; i < heights.length; i++) {
      tips[i] = "h" + heights[i];
    }
    return new Sample(t, heights, tips, heights);
  }

  @Test
  void recoveredWhenEveryNodeIsPastTheHighestHeightSeenByTheEnd() {
    List<Sample> samples = List.of(s(0, 5, 5, 5), s(1000, 7, 7, -1), s(2000, 9, 9, -1), // node 3 down
        s(3000, 10, 10, 2), s(4000, 11, 11, 9), s(5000, 12, 12, 10), s(6000, 13, 13, 13));
    // ended at 2000 ms, highest 9: node 3 passes 9 at 5000 ms
    assertEquals(3.0, Recovery.seconds(samples, 2000).getAsDouble(), 1e-9);
  }

  @Test
  void aStalledChainHasNotRecoveredUntilItMovesAgain() {
    List<Sample> samples = List.of(s(0, 4, 4), s(1000, 5, 5), s(2000, 5, 5), s(3000, 5, 5), s(4000, 6, 6));
    assertEquals(3.0, Recovery.seconds(samples, 1000).getAsDouble(), 1e-9);
  }

  @Test
  void aNodeThatDoesNotAnswerHoldsRecoveryBack() {
    List<Sample> samples = List.of(s(0, 4, 4), s(1000, 8, -1), s(2000, 9, -1));
    assertTrue(Recovery.seconds(samples, 500).isEmpty());
  }
}
