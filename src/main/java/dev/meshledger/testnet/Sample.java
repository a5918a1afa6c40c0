package dev.meshledger.testnet;

/**
 * One look at every node: when ({@code t}, ms since the run began), and each node's height,
 * tip and finalized height; height -1 for a node that did not answer (down, paused or cut off).
 */
record Sample(long t, long[] heights, String[] tips, long[] finalized) {
  boolean allAnswered() {
    for (long h : heights) {
      if (h < 0) {
        return false;
      }
    }
    return true;
  }

  long maxHeight() {
    long m = -1;
    for (long h : heights) {
      m = Math.max(m, h);
    }
    return m;
  }

  long minHeight() {
    long m = Long.MAX_VALUE;
    for (long h : heights) {
      m = Math.min(m, h);
    }
    return m;
  }

  boolean tipsAgree() {
    for (String tip : tips) {
      if (tip == null || !tip.equals(tips[0])) {
        return false;
      }
    }
    return true;
  }
}
