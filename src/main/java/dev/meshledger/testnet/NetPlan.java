package dev.meshledger.testnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The names, addresses and {@code ip}/{@code tc} commands of one run's network namespaces; pure
 * (running them is {@link Netns}'s job). Node K (1-based) lives in namespace {@code mln<sfx>K}
 * at {@code <prefix>.K/24} on its end {@code mlp<sfx>K} of a veth pair whose other end
 * {@code mlh<sfx>K} is a port of bridge {@code mlb<sfx>} in the root namespace, where the
 * runner has {@code <prefix>.254}. With relays (no netem), relay K listens in the root
 * namespace on {@code <prefix>.(128+K)}. Every interface name stays within 15 characters.
 */
record NetPlan(String suffix, String prefix, int count, boolean relays) {
  static final int RELAY_BASE = 128;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  NetPlan {
    if (!suffix.matches("[a-z0-9]{1,6}") || count < 1 || count > 99 || !prefix.matches("10\\.\\d{1,3}\\.\\d{1,3}")) {
      throw new IllegalArgumentException("bad net plan: suffix " + suffix + ", prefix " + prefix + ", " + count + " nodes");
    }
  }

  /** A run's name suffix: 5 characters of [a-z0-9] from {@code seed}. */
  static String suffix(long seed) {
    StringBuilder s = new StringBuilder();
    long v = seed & Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      s.append(ALPHABET.charAt((int) (v % ALPHABET.length())));
      v /= ALPHABET.length();
    }
    return s.toString();
  }

  /**
   * A {@code 10.A.B} prefix (A in 200..249, B in 0..249) drawn from {@code seed}, skipping every
   * {@code 10.A.B} in {@code used} (the first three octets of the machine's IPv4 addresses and
   * routes); null when 64 draws all clash.
   */
  static String choosePrefix(long seed, Set<String> used) {
    long v = seed & Long.MAX_VALUE;
    for (int i = 0; i < 64; i++) {
      String p = "10." + (200 + v % 50) + "." + (v / 50 % 250);
      if (!used.contains(p)) {
        return p;
      }
      v = v * 6364136223846793005L + 1442695040888963407L & Long.MAX_VALUE;
    }
    return null;
  }

  /** The {@code 10.A.B} of every 10.x IPv4 address in {@code text} (output of {@code ip addr} / {@code ip route}). */
  static Set<String> usedPrefixes(String text) {
    Set<String> out = new java.util.HashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(10\\.\\d{1,3}\\.\\d{1,3})\\.\\d{1,3}").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  String bridge() {
    return "mlb" + suffix;
  }

  String namespace(int k) {
    return "mln" + suffix + k;
  }

  String hostIf(int k) {
    return "mlh" + suffix + k;
  }

  String nodeIf(int k) {
    return "mlp" + suffix + k;
  }

  String nodeAddress(int k) {
    return prefix + "." + k;
  }

  String relayAddress(int k) {
    return prefix + "." + (RELAY_BASE + k);
  }

  String runnerAddress() {
    return prefix + ".254";
  }

  /** Where node K's peers dial it: its relay's address with relays, else its own. */
  String advertised(int k) {
    return relays ? relayAddress(k) : nodeAddress(k);
  }

  /** The bridge (with the runner's and the relays' addresses) and one namespace and veth pair per node. */
  List<List<String>> setup() {
    List<List<String>> c = new ArrayList<>();
    c.add(List.of("ip", "link", "add", bridge(), "type", "bridge"));
    c.add(List.of("ip", "addr", "add", runnerAddress() + "/24", "dev", bridge()));
    for (int k = 1; relays && k <= count; k++) {
      c.add(List.of("ip", "addr", "add", relayAddress(k) + "/32", "dev", bridge()));
    }
    c.add(List.of("ip", "link", "set", bridge(), "up"));
    for (int k = 1; k <= count; k++) {
      c.add(List.of("ip", "netns", "add", namespace(k)));
      c.add(List.of("ip", "link", "add", hostIf(k), "type", "veth", "peer", "name", nodeIf(k), "netns", namespace(k)));
      c.add(List.of("ip", "link", "set", hostIf(k), "master", bridge()));
      c.add(List.of("ip", "link", "set", hostIf(k), "up"));
      c.add(List.of("ip", "-n", namespace(k), "addr", "add", nodeAddress(k) + "/24", "dev", nodeIf(k)));
      c.add(List.of("ip", "-n", namespace(k), "link", "set", "lo", "up"));
      c.add(List.of("ip", "-n", namespace(k), "link", "set", nodeIf(k), "up"));
    }
    return c;
  }

  /** Removes everything {@link #setup} made: a namespace takes its veth pair with it; then the bridge. */
  List<List<String>> teardown() {
    List<List<String>> c = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      c.add(List.of("ip", "netns", "del", namespace(k)));
    }
    c.add(List.of("ip", "link", "del", bridge()));
    return c;
  }

  /** The command prefix that runs a program in node K's namespace. */
  List<String> exec(int k) {
    return List.of("ip", "netns", "exec", namespace(k));
  }

  /** Commands for {@code ip -n <namespace> -force -batch -}: one process per namespace, however many routes. */
  record Batch(String namespace, List<String> lines) {
    List<String> argv() {
      return List.of("ip", "-n", namespace, "-force", "-batch", "-");
    }
  }

  /**
   * Cuts (or heals) every path between groups {@code a} and {@code b} (1-based node numbers): in
   * each node's namespace a blackhole route to every address of the other side (its own and, with
   * relays, its relay's), so packets are dropped in the kernel as by a broken link.
   */
  List<Batch> partition(List<Integer> a, List<Integer> b, boolean cut) {
    List<Batch> c = new ArrayList<>();
    blackholes(c, a, b, cut);
    blackholes(c, b, a, cut);
    return c;
  }

  private void blackholes(List<Batch> c, List<Integer> from, List<Integer> to, boolean cut) {
    for (int x : from) {
      List<String> lines = new ArrayList<>();
      for (int y : to) {
        lines.add("route " + (cut ? "add" : "del") + " blackhole " + nodeAddress(y) + "/32");
        if (relays) {
          lines.add("route " + (cut ? "add" : "del") + " blackhole " + relayAddress(y) + "/32");
        }
      }
      c.add(new Batch(namespace(x), List.copyOf(lines)));
    }
  }

  /**
   * Adds (or removes) netem on every node's interface: each packet a node sends waits
   * {@code latencyMs} ± {@code jitterMs} and is dropped with {@code lossPercent}, so one way
   * between two nodes costs the latency once.
   */
  List<List<String>> netem(long latencyMs, long jitterMs, double lossPercent, boolean on) {
    List<List<String>> c = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      List<String> cmd = new ArrayList<>(List.of("tc", "-n", namespace(k), "qdisc", on ? "add" : "del", "dev", nodeIf(k),
          "root"));
      if (on) {
        cmd.addAll(List.of("netem", "delay", latencyMs + "ms", jitterMs + "ms", "loss", percent(lossPercent)));
      }
      c.add(List.copyOf(cmd));
    }
    return c;
  }

  static String percent(double p) {
    return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
  }
}
