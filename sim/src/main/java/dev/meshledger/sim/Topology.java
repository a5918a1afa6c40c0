package dev.meshledger.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An undirected peer graph in compressed form: node {@code i}'s links are the directed edges
 * {@code off[i] .. off[i+1]-1}; {@code adj[e]} is the peer at the other end and {@code rev[e]} the
 * same link seen from that peer. Each link has one latency (both directions), in microseconds.
 */
public final class Topology {
  public final int n;
  public final int[] off;
  public final int[] adj;
  public final int[] rev;
  public final long[] latencyUs;

  private Topology(int n, int[] off, int[] adj, int[] rev, long[] latencyUs) {
    this.n = n;
    this.off = off;
    this.adj = adj;
    this.rev = rev;
    this.latencyUs = latencyUs;
  }

  public int degree(int node) {
    return off[node + 1] - off[node];
  }

  public int edges() {
    return adj.length / 2;
  }

  /**
   * A random regular-ish graph, as nodes dialling peers build it: each node dials {@code degree/2}
   * random others it is not linked to yet (none above {@code 2*degree} links), so links average
   * {@code degree}; components left apart are then joined to the first one.
   */
  public static Topology random(int n, int degree, SplittableRandom rnd, long latencyUs, long jitterUs) {
    int dials = Math.max(1, degree / 2);
    int cap = Math.max(2, 2 * degree);
    List<int[]> links = new ArrayList<>();
    LinkSet set = new LinkSet(n);
    int[] deg = new int[n];
    for (int i = 0; i < n && n > 1; i++) {
      int made = 0;
      for (int attempt = 0; made < dials && attempt < 50 * dials; attempt++) {
        int j = rnd.nextInt(n);
        if (j == i || deg[j] >= cap || set.has(i, j)) {
          continue;
        }
        set.add(i, j);
        links.add(new int[] {i, j});
        deg[i]++;
        deg[j]++;
        made++;
      }
    }
    // join components: union-find over the links, then one link from each other root's node to a random node of the first
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int[] l : links) {
      union(parent, l[0], l[1]);
    }
    for (int i = 1; i < n; i++) {
      if (find(parent, i) != find(parent, 0)) {
        int j;
        do {
          j = rnd.nextInt(n);
        } while (find(parent, j) != find(parent, 0));
        set.add(i, j);
        links.add(new int[] {i, j});
        union(parent, i, j);
      }
    }
    return build(n, links, rnd, latencyUs, jitterUs);
  }

  /** node i linked to i+1. */
  public static Topology line(int n, long latencyUs) {
    List<int[]> links = new ArrayList<>();
    for (int i = 0; i + 1 < n; i++) {
      links.add(new int[] {i, i + 1});
    }
    return build(n, links, new SplittableRandom(0), latencyUs, 0);
  }

  /** A line closed into a ring. */
  public static Topology ring(int n, long latencyUs) {
    List<int[]> links = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      links.add(new int[] {i, (i + 1) % n});
    }
    return build(n, links, new SplittableRandom(0), latencyUs, 0);
  }

  /** Exactly these links (pairs of node indexes), e.g. the graph a set of real nodes ended up with. */
  public static Topology of(int n, List<int[]> links, long latencyUs) {
    return build(n, links, new SplittableRandom(0), latencyUs, 0);
  }

  private static Topology build(int n, List<int[]> links, SplittableRandom rnd, long latencyUs, long jitterUs) {
    int[] deg = new int[n];
    for (int[] l : links) {
      deg[l[0]]++;
      deg[l[1]]++;
    }
    int[] off = new int[n + 1];
    for (int i = 0; i < n; i++) {
      off[i + 1] = off[i] + deg[i];
    }
    int[] adj = new int[off[n]];
    int[] rev = new int[off[n]];
    long[] lat = new long[off[n]];
    int[] fill = Arrays.copyOf(off, n);
    for (int[] l : links) {
      long latency = latencyUs + (jitterUs > 0 ? rnd.nextLong(jitterUs + 1) : 0);
      int a = fill[l[0]]++;
      int b = fill[l[1]]++;
      adj[a] = l[1];
      adj[b] = l[0];
      rev[a] = b;
      rev[b] = a;
      lat[a] = latency;
      lat[b] = latency;
    }
    return new Topology(n, off, adj, rev, lat);
  }

  private static int find(int[] p, int x) {
    while (p[x] != x) {
      p[x] = p[p[x]];
      x = p[x];
    }
    return x;
  }

  private static void union(int[] p, int a, int b) {
    p[find(p, a)] = find(p, b);
  }

  /** Open-addressing set of links (a,b), a&lt;b packed in a long: no boxing, no iteration. */
  private static final class LinkSet {
    private long[] keys;
    private int size;

    LinkSet(int n) {
      keys = new long[Integer.highestOneBit(Math.max(16, n * 8)) * 2];
      Arrays.fill(keys, -1);
    }

    private static long key(int a, int b) {
      return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }

    boolean has(int a, int b) {
      long k = key(a, b);
      int mask = keys.length - 1;
      for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
        if (keys[i] == -1) {
          return false;
        }
        if (keys[i] == k) {
          return true;
        }
      }
    }

    void add(int a, int b) {
      if (has(a, b)) {
        return;
      }
      if ((size + 1) * 2 > keys.length) {
        long[] old = keys;
        keys = new long[old.length * 2];
        Arrays.fill(keys, -1);
        size = 0;
        for (long k : old) {
          if (k != -1) {
            insert(k);
          }
        }
      }
      insert(key(a, b));
    }

    private void insert(long k) {
      int mask = keys.length - 1;
      int i = mix(k) & mask;
      while (keys[i] != -1) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      size++;
    }

    private static int mix(long k) {
      long h = k * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
