package dev.meshledger.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts blocks into parts of about equal signature counts, one part a task for a verify thread, so
 * that every core verifies until the list is done: a block's cost is its header (the producer's
 * signature and its commit's) and one per transfer, and a block of many transfers is spread over
 * several parts. Pure.
 */
final class VerifyPlan {
  /** Signatures below which a part is not worth a hop to another thread (~3 ms of checks). */
  static final int MIN_PART_COST = 32;

  /**
   * What one part checks of one block: its header (with {@code header}) and its transfers
   * {@code [txFrom, txTo)}.
   */
  record Piece(int block, boolean header, int txFrom, int txTo) {}

  private VerifyPlan() {}

  /** Parts for {@code threads} threads: twice as many, so that an early finisher takes another; fewer for little work. */
  static int partsFor(long cost, int threads) {
    long wanted = Math.max(1, cost / MIN_PART_COST);
    return (int) Math.min(2L * Math.max(1, threads), wanted);
  }

  /**
   * Consecutive parts covering every header (unless {@code withHeaders} is false: they were checked
   * already) and every transfer once, in order, each about {@code total / parts} signatures.
   *
   * @param headerCosts each block's header cost (1 + its commit's signatures)
   * @param txCounts each block's transfers
   */
  static List<List<Piece>> cut(int[] headerCosts, int[] txCounts, boolean withHeaders, int parts) {
    long total = 0;
    for (int i = 0; i < txCounts.length; i++) {
      total += (withHeaders ? headerCosts[i] : 0) + txCounts[i];
    }
    int n = Math.max(1, parts);
    long target = Math.max(1, (total + n - 1) / n);
    List<List<Piece>> out = new ArrayList<>();
    List<Piece> part = new ArrayList<>();
    long cost = 0;
    for (int b = 0; b < txCounts.length; b++) {
      boolean header = withHeaders;
      int from = 0;
      cost += header ? headerCosts[b] : 0;
      while (true) {
        int to = from + (int) Math.min(txCounts[b] - from, Math.max(0, target - cost));
        cost += to - from;
        if (header || to > from) {
          part.add(new Piece(b, header, from, to));
        }
        header = false;
        from = to;
        if (cost >= target) { // a part closes once it holds its share (a header may take it past)
          out.add(part);
          part = new ArrayList<>();
          cost = 0;
        }
        if (from == txCounts[b]) {
          break;
        }
      }
    }
    if (!part.isEmpty()) {
      out.add(part);
    }
    return out;
  }
}
