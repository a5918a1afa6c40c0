package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static Verdict.Chain chain(Map<Long, String> hashes, Set<String> txs, String tip, String root) {
    return new Verdict.Chain(hashes, txs, tip, root, true);
  }

  @Test
  void anAcknowledgedBlockMissingOnOneNodeIsLost() {
    Verdict.Chain a = chain(Map.of(1L, "a1", 2L, "a2"), Set.of(), "a2", "r");
    Verdict.Chain b = chain(Map.of(1L, "a1", 2L, "b2"), Set.of(), "b2", "r");
    List<Workload.DataAck> acks = List.of(new Workload.DataAck("a1", 1, "d1", 5, 0, 0),
        new Workload.DataAck("a2", 2, "d2", 5, 0, 0));
    assertEquals(0, Verdict.lostData(acks.subList(0, 1), List.of(a, b)));
    assertEquals(1, Verdict.lostData(acks, List.of(a, b)));
  }

  @Test
  void anIncludedTransferMissingOnOneNodeIsLost() {
    Verdict.Chain a = chain(Map.of(), Set.of("t1", "t2"), "x", "r");
    Verdict.Chain b = chain(Map.of(), Set.of("t1"), "x", "r");
    assertEquals(1, Verdict.lostTransfers(Set.of("t1", "t2"), List.of(a, b)));
    assertEquals(0, Verdict.lostTransfers(Set.of("t1"), List.of(a, b)));
  }

  @Test
  void convergedMeansOneTipOneStateAndValidChains() {
    Verdict.Chain a = chain(Map.of(), Set.of(), "x", "r");
    assertTrue(Verdict.converged(List.of(a, a)));
    assertFalse(Verdict.converged(List.of(a, chain(Map.of(), Set.of(), "y", "r"))));
    assertFalse(Verdict.converged(List.of(a, chain(Map.of(), Set.of(), "x", "s"))));
    assertFalse(Verdict.converged(List.of(a, new Verdict.Chain(Map.of(), Set.of(), "x", "r", false))));
    assertFalse(Verdict.converged(List.of()));
  }
}
