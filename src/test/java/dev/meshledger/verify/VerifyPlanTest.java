package dev.meshledger.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.verify.VerifyPlan.Piece;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyPlanTest {
  private record Case(String name, int[] headers, int[] txs, boolean withHeaders, int parts, List<List<Piece>> expected) {}

  private static int[] repeat(int value, int n) {
    int[] a = new int[n];
    Arrays.fill(a, value);
    return a;
  }

  private static Piece h(int block, int from, int to) {
    return new Piece(block, true, from, to);
  }

  private static Piece t(int block, int from, int to) {
    return new Piece(block, false, from, to);
  }

  private static final List<Case> EXACT = List.of(
      new Case("no blocks", new int[0], new int[0], true, 4, List.of()),
      new Case("one empty block", new int[] {1}, new int[] {0}, true, 1, List.of(List.of(h(0, 0, 0)))),
      new Case("four empty blocks, two parts", repeat(1, 4), repeat(0, 4), true, 2,
          List.of(List.of(h(0, 0, 0), h(1, 0, 0)), List.of(h(2, 0, 0), h(3, 0, 0)))),
      new Case("five empty blocks, two parts: the last is shorter", repeat(1, 5), repeat(0, 5), true, 2,
          List.of(List.of(h(0, 0, 0), h(1, 0, 0), h(2, 0, 0)), List.of(h(3, 0, 0), h(4, 0, 0)))),
      new Case("one block of 7 transfers over 4 parts", new int[] {1}, new int[] {7}, true, 4,
          List.of(List.of(h(0, 0, 1)), List.of(t(0, 1, 3)), List.of(t(0, 3, 5)), List.of(t(0, 5, 7)))),
      new Case("its transfers only, header checked already", new int[] {1}, new int[] {8}, false, 4,
          List.of(List.of(t(0, 0, 2)), List.of(t(0, 2, 4)), List.of(t(0, 4, 6)), List.of(t(0, 6, 8)))),
      new Case("a block straddles two parts", new int[] {1, 1}, new int[] {4, 2}, true, 2,
          List.of(List.of(h(0, 0, 3)), List.of(t(0, 3, 4), h(1, 0, 2)))),
      new Case("a part closes once exactly full", new int[] {1, 1}, new int[] {1, 0}, true, 2,
          List.of(List.of(h(0, 0, 1)), List.of(h(1, 0, 0)))),
      new Case("a commit makes a header heavy", new int[] {4, 1, 1, 1, 1}, repeat(0, 5), true, 2,
          List.of(List.of(h(0, 0, 0)), List.of(h(1, 0, 0), h(2, 0, 0), h(3, 0, 0), h(4, 0, 0)))),
      new Case("a header over a full part closes it", new int[] {1, 3}, new int[] {1, 0}, true, 2,
          List.of(List.of(h(0, 0, 1), h(1, 0, 0)))),
      new Case("empty blocks without headers: nothing to do", repeat(1, 3), repeat(0, 3), false, 2, List.of()),
      new Case("no parts asked: one", new int[] {1, 1}, new int[] {0, 0}, true, 0, List.of(List.of(h(0, 0, 0), h(1, 0, 0)))),
      new Case("one part takes all", new int[] {1, 1}, new int[] {3, 0}, true, 1,
          List.of(List.of(h(0, 0, 3), h(1, 0, 0)))));

  @Test
  void cutsAsExpected() {
    for (Case c : EXACT) {
      assertEquals(c.expected(), VerifyPlan.cut(c.headers(), c.txs(), c.withHeaders(), c.parts()), c.name());
    }
  }

  /** Every header (when asked) and every transfer exactly once, in order, in parts of about equal cost. */
  @Test
  void coversEverythingOnceInOrderInBalancedParts() {
    java.util.Random random = new java.util.Random(5);
    for (int round = 0; round < 300; round++) {
      int n = random.nextInt(40);
      int[] headers = new int[n];
      int[] txs = new int[n];
      long total = 0;
      boolean withHeaders = random.nextInt(4) > 0;
      int maxHeader = 0;
      for (int i = 0; i < n; i++) {
        headers[i] = 1 + (random.nextInt(5) == 0 ? random.nextInt(10) : 0);
        txs[i] = random.nextInt(3) == 0 ? random.nextInt(300) : 0;
        total += (withHeaders ? headers[i] : 0) + txs[i];
        maxHeader = Math.max(maxHeader, headers[i]);
      }
      int parts = 1 + random.nextInt(8);
      List<List<Piece>> cut = VerifyPlan.cut(headers, txs, withHeaders, parts);
      String what = "round " + round + ": " + cut;
      List<String> seen = new ArrayList<>();
      long target = (total + parts - 1) / parts;
      assertTrue(cut.size() <= parts, what);
      for (List<Piece> part : cut) {
        assertFalse(part.isEmpty(), what);
        long cost = 0;
        for (Piece p : part) {
          assertTrue(p.header() || p.txTo() > p.txFrom(), "no empty piece: " + what);
          assertTrue(p.header() ? withHeaders : true, what);
          if (p.header()) {
            seen.add(p.block() + "h");
            cost += headers[p.block()];
          }
          for (int i = p.txFrom(); i < p.txTo(); i++) {
            seen.add(p.block() + "t" + i);
          }
          cost += p.txTo() - p.txFrom();
        }
        assertTrue(cost <= target + maxHeader, "part cost " + cost + " against " + target + ": " + what);
      }
      List<String> expected = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        if (withHeaders) {
          expected.add(b + "h");
        }
        for (int i = 0; i < txs[b]; i++) {
          expected.add(b + "t" + i);
        }
      }
      assertEquals(expected, seen, what);
    }
  }

  @Test
  void partsForTheThreads() {
    int[][] table = {
        // cost, threads, parts
        {0, 2, 1}, {1, 2, 1}, {31, 2, 1}, {32, 2, 1}, {64, 2, 2}, {96, 2, 3}, {128, 2, 4}, {500, 2, 4},
        {100_000, 2, 4}, {500, 8, 15}, {500, 16, 15}, {5000, 16, 32}, {500, 1, 2}, {500, 0, 2}};
    for (int[] row : table) {
      assertEquals(row[2], VerifyPlan.partsFor(row[0], row[1]), "cost " + row[0] + ", threads " + row[1]);
    }
  }
}
