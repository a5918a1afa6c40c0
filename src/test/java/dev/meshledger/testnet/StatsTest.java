package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void percentileByNearestRank() {
    List<Double> v = List.of(5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    assertEquals(5.0, Stats.percentile(v, 0.5));
    assertEquals(10.0, Stats.percentile(v, 0.99));
    assertEquals(1.0, Stats.percentile(v, 0.0));
    assertEquals(0.0, Stats.percentile(List.of(), 0.5));
  }

  @Test
  void histogramQuantileInterpolatesWithinTheBucket() {
    NavigableMap<Double, Double> h = new TreeMap<>();
    h.put(0.1, 50.0);
    h.put(0.5, 90.0);
    h.put(1.0, 100.0);
    h.put(Double.POSITIVE_INFINITY, 100.0);
    assertEquals(0.1, Stats.histogramQuantile(h, 0.5), 1e-9);
    assertEquals(0.05, Stats.histogramQuantile(h, 0.25), 1e-9);
    assertEquals(0.3, Stats.histogramQuantile(h, 0.7), 1e-9);
    assertEquals(0.95, Stats.histogramQuantile(h, 0.99), 1e-9);
    assertEquals(0.0, Stats.histogramQuantile(new TreeMap<>(), 0.5));
  }

  @Test
  void aQuantileInTheInfBucketIsTheHighestFiniteBound() {
    NavigableMap<Double, Double> h = new TreeMap<>();
    h.put(1.0, 1.0);
    h.put(Double.POSITIVE_INFINITY, 10.0);
    assertEquals(1.0, Stats.histogramQuantile(h, 0.99), 1e-9);
  }

  @Test
  void parsesAPrometheusHistogramSummingLabelSets() {
    String text = """
        # HELP x
        x_bucket{kind="a",le="0.005",} 1.0
        x_bucket{kind="a",le="+Inf",} 3.0
        x_bucket{kind="b",le="0.005",} 2.0
        x_bucket{kind="b",le="+Inf",} 2.0
        x_count{kind="a",} 3.0
        meshledger_reorgs_total 4.0
        meshledger_reorg_depth_max 2.0
        """;
    NavigableMap<Double, Double> h = Stats.parseHistogram(text, "x");
    assertEquals(3.0, h.get(0.005));
    assertEquals(5.0, h.get(Double.POSITIVE_INFINITY));
    assertEquals(4.0, Stats.parseValue(text, "meshledger_reorgs_total", false));
    assertEquals(2.0, Stats.parseValue(text, "meshledger_reorg_depth_max", true));
    NavigableMap<Double, Double> per = Stats.perBucket(h);
    assertEquals(2.0, per.get(Double.POSITIVE_INFINITY));
  }

  @Test
  void windowIsWhatEachProcessRecordedBetweenTheTwoReadings() {
    String name = "p";
    String b1 = "p_bucket{le=\"0.1\",} 2.0\np_bucket{le=\"+Inf\",} 3.0\n";
    String a1 = "p_bucket{le=\"0.1\",} 5.0\np_bucket{le=\"+Inf\",} 7.0\n";
    String a2 = "p_bucket{le=\"0.1\",} 1.0\np_bucket{le=\"+Inf\",} 1.0\n";
    // pid 1 read both times; pid 2 new (a restart) counts from 0; pid 3 gone adds nothing
    NavigableMap<Double, Double> w = Stats.window(java.util.Map.of(1L, b1, 3L, a1), java.util.Map.of(1L, a1, 2L, a2),
        name);
    assertEquals(4.0, w.get(0.1));
    assertEquals(5.0, w.get(Double.POSITIVE_INFINITY));
    // a counter that went backwards never counts below 0
    assertEquals(0.0, Stats.window(java.util.Map.of(1L, a1), java.util.Map.of(1L, b1), name).get(0.1));
    assertTrue(Stats.window(java.util.Map.of(), java.util.Map.of(), name).isEmpty());
  }
}
