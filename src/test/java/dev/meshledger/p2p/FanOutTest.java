package dev.meshledger.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The random split of a fanned-out broadcast: k peers get the block, the others the announce, each once. */
class FanOutTest {
  @Test
  void splitTable() {
    record Case(int peers, int fanout, int first, int rest) {}
    for (Case c : List.of(new Case(8, 3, 3, 5), new Case(3, 3, 3, 0), new Case(2, 5, 2, 0), new Case(5, 0, 0, 5),
        new Case(0, 2, 0, 0), new Case(1, 1, 1, 0))) {
      List<Integer> peers = java.util.stream.IntStream.range(0, c.peers()).boxed().toList();
      List<List<Integer>> split = NetworkCommands.fanOut(peers, c.fanout(), new Random(c.peers() * 31L + c.fanout()));
      assertEquals(c.first(), split.get(0).size(), c.toString());
      assertEquals(c.rest(), split.get(1).size(), c.toString());
      Set<Integer> all = new HashSet<>(split.get(0));
      all.addAll(split.get(1));
      assertEquals(Set.copyOf(peers), all, "every peer gets one of the two: " + c);
    }
  }

  @Test
  void thePickVariesFromBlockToBlock() {
    List<Integer> peers = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    Random r = new Random(1);
    Set<List<Integer>> picks = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      picks.add(List.copyOf(new java.util.TreeSet<>(NetworkCommands.fanOut(peers, 2, r).get(0))));
    }
    assertEquals(true, picks.size() > 5, "random, not always the same peers: " + picks);
  }
}
