package dev.meshledger.testnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Percentiles of samples and of Prometheus histograms (cumulative buckets); pure. */
final class Stats {
  private Stats() {}

  /** The q-quantile (0..1) of the values by nearest rank; 0 when there are none. */
  static double percentile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /**
   * The q-quantile of a histogram given as cumulative counts by upper bound ({@code le}; the
   * +Inf bucket as {@link Double#POSITIVE_INFINITY}), linearly interpolated within the bucket
   * it falls in, as Prometheus's histogram_quantile does. A quantile in the +Inf bucket is the
   * highest finite bound. 0 when the histogram is empty.
   */
  static double histogramQuantile(NavigableMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty()) {
      return 0;
    }
    double total = cumulative.lastEntry().getValue();
    if (total <= 0) {
      return 0;
    }
    double target = q * total;
    double prevBound = 0;
    double prevCount = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      double bound = e.getKey();
      double count = e.getValue();
      if (count >= target) {
        if (Double.isInfinite(bound)) {
          return prevBound;
        }
        double inBucket = count - prevCount;
        double fraction = inBucket <= 0 ? 1 : (target - prevCount) / inBucket;
        return prevBound + (bound - prevBound) * fraction;
      }
      prevBound = Double.isInfinite(bound) ? prevBound : bound;
      prevCount = count;
    }
    return prevBound;
  }

  /** Adds the cumulative buckets of {@code more} into {@code sum}. */
  static void addInto(NavigableMap<Double, Double> sum, Map<Double, Double> more) {
    more.forEach((le, n) -> sum.merge(le, n, Double::sum));
  }

  /** The count in each bucket (not cumulative), by upper bound. */
  static NavigableMap<Double, Double> perBucket(NavigableMap<Double, Double> cumulative) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    double prev = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      out.put(e.getKey(), e.getValue() - prev);
      prev = e.getValue();
    }
    return out;
  }

  /**
   * The cumulative histogram {@code name} of what was recorded between two readings of the
   * processes' /metrics texts (by PID): per process, after minus before (a process not read
   * before counts from 0; one not read after adds nothing), summed; never below 0 per bucket.
   */
  static NavigableMap<Double, Double> window(Map<Long, String> before, Map<Long, String> after, String name) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    after.forEach((pid, text) -> {
      Map<Double, Double> was = before.containsKey(pid) ? parseHistogram(before.get(pid), name) : Map.of();
      parseHistogram(text, name).forEach((le, n) -> out.merge(le, Math.max(0, n - was.getOrDefault(le, 0.0)),
          Double::sum));
    });
    return out;
  }

  /**
   * The buckets of histogram {@code name} in a Prometheus text exposition (all label sets
   * summed), and {@code name}'s plain value for a counter or gauge under key NaN.
   */
  static NavigableMap<Double, Double> parseHistogram(String metricsText, String name) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    for (String line : metricsText.split("\n")) {
      if (!line.startsWith(name + "_bucket{")) {
        continue;
      }
      int le = line.indexOf("le=\"");
      int close = le < 0 ? -1 : line.indexOf('"', le + 4);
      if (close < 0) {
        continue;
      }
      String bound = line.substring(le + 4, close);
      double key = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      out.merge(key, value(line), Double::sum);
    }
    return out;
  }

  /** The sum of the values of every series named exactly {@code name} (any labels); 0 when absent. */
  static double parseValue(String metricsText, String name, boolean max) {
    double total = 0;
    for (String line : metricsText.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        double v = value(line);
        total = max ? Math.max(total, v) : total + v;
      }
    }
    return total;
  }

  private static double value(String line) {
    String[] parts = line.trim().split("\\s+");
    try {
      return Double.parseDouble(parts[parts.length - 1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
