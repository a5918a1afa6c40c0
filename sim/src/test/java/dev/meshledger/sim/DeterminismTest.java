package dev.meshledger.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeterminismTest {
  private static final String[] ARGS = {"--nodes", "300", "--degree", "8", "--latency", "50ms", "--jitter", "20ms",
      "--loss", "1%", "--blocks", "5", "--bft-validators", "4,16", "--bft-heights", "5"};

  private static String report(String... args) {
    return Main.run(Main.Options.parse(args)).json(0);
  }

  @Test
  void aFixedSeedGivesTheSameReport() {
    String a = report(ARGS);
    String b = report(ARGS);
    assertEquals(a, b);
    assertTrue(a.contains("\"nodes\": 300"), a);
  }

  @Test
  void anotherSeedGivesAnotherReport() {
    String[] other = java.util.Arrays.copyOf(ARGS, ARGS.length + 2);
    other[ARGS.length] = "--seed";
    other[ARGS.length + 1] = "8";
    assertNotEquals(report(ARGS), report(other));
  }

  @Test
  void everyNodeIsReachedWithoutLossAndPercentilesAreOrdered() {
    Report r = Main.run(Main.Options.parse("--nodes", "200", "--blocks", "3", "--no-bft"));
    for (PropagationSim.Result p : r.results.values()) {
      assertEquals(0, p.unreached(), p.policy().id);
      assertTrue(p.p50() > 0 && p.p50() <= p.p95() && p.p95() <= p.p99() && p.p99() <= p.max(), p.toString());
      assertTrue(p.bytesPerNodePerBlock() > 0, p.toString());
    }
    assertEquals(0, r.results.get(PropagationSim.Policy.ANNOUNCE).duplicates(), "without loss nothing is fetched twice");
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Main.Options.parse("--nodes", "1"));
    assertThrows(IllegalArgumentException.class, () -> Main.Options.parse("--loss", "x"));
    assertThrows(IllegalArgumentException.class, () -> Main.Options.parse("--policy", "flood"));
    assertThrows(IllegalArgumentException.class, () -> Main.Options.parse("--nodes"));
    assertThrows(IllegalArgumentException.class, () -> Main.Options.parse("--what", "1"));
    assertEquals(20_000, Main.Options.duration("--latency", "20ms"));
    assertEquals(0.01, Main.Options.fraction("--loss", "1%", 0.5), 1e-12);
  }
}
