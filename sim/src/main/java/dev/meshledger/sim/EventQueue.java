package dev.meshledger.sim;

/**
 * A binary min-heap of events on primitive arrays, ordered by (time, sequence number): ties go in the
 * order they were scheduled, so a run is a pure function of its inputs. An event is four ints.
 */
final class EventQueue {
  private long[] time = new long[1024];
  private long[] seq = new long[1024];
  private int[] node = new int[1024];
  private int[] edge = new int[1024];
  private int[] kind = new int[1024];
  private int[] aux = new int[1024];
  private int size;
  private long nextSeq;

  // the event last taken
  long t;
  int n;
  int e;
  int k;
  int a;

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    size = 0;
    nextSeq = 0;
  }

  void push(long at, int nodeId, int edgeId, int kindId, int auxValue) {
    if (size == time.length) {
      int c = size * 2;
      time = java.util.Arrays.copyOf(time, c);
      seq = java.util.Arrays.copyOf(seq, c);
      node = java.util.Arrays.copyOf(node, c);
      edge = java.util.Arrays.copyOf(edge, c);
      kind = java.util.Arrays.copyOf(kind, c);
      aux = java.util.Arrays.copyOf(aux, c);
    }
    long s = nextSeq++;
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (time[p] < at || (time[p] == at && seq[p] < s)) {
        break;
      }
      move(p, i);
      i = p;
    }
    time[i] = at;
    seq[i] = s;
    node[i] = nodeId;
    edge[i] = edgeId;
    kind[i] = kindId;
    aux[i] = auxValue;
  }

  /** Takes the earliest event into t, n, e, k, a. */
  void pop() {
    t = time[0];
    n = node[0];
    e = edge[0];
    k = kind[0];
    a = aux[0];
    int last = --size;
    if (last == 0) {
      return;
    }
    long lt = time[last];
    long ls = seq[last];
    int i = 0;
    while (true) {
      int c = 2 * i + 1;
      if (c >= last) {
        break;
      }
      if (c + 1 < last && (time[c + 1] < time[c] || (time[c + 1] == time[c] && seq[c + 1] < seq[c]))) {
        c++;
      }
      if (lt < time[c] || (lt == time[c] && ls < seq[c])) {
        break;
      }
      move(c, i);
      i = c;
    }
    move(last, i);
  }

  private void move(int from, int to) {
    time[to] = time[from];
    seq[to] = seq[from];
    node[to] = node[from];
    edge[to] = edge[from];
    kind[to] = kind[from];
    aux[to] = aux[from];
  }
}
