package dev.meshledger.testnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReportWindowTest {
  @Test
  void propagationOfAWindowInMillisecondsOrNullWithoutArrivals() {
    NavigableMap<Double, Double> h = new TreeMap<>();
    h.put(0.1, 5.0);
    h.put(0.25, 10.0);
    h.put(Double.POSITIVE_INFINITY, 10.0);
    JsonObject w = Report.windowPropagation(h);
    assertEquals(100.0, w.getDouble("p50"));
    assertEquals(247.0, w.getDouble("p99"));
    assertEquals(10L, w.getLong("count"));
    assertNull(Report.windowPropagation(new TreeMap<>()));
    NavigableMap<Double, Double> none = new TreeMap<>();
    none.put(0.1, 0.0);
    none.put(Double.POSITIVE_INFINITY, 0.0);
    assertNull(Report.windowPropagation(none));
  }

  @Test
  void finalityOfThePostsSentDuringTheWindowBoundsIncluded() {
    List<Workload.DataAck> acks = List.of(ack(50, 999), ack(100, 10), ack(150, 30), ack(200, 20), ack(201, 999));
    JsonObject w = Report.windowFinality(acks, 100, 200);
    assertEquals(20.0, w.getDouble("p50"));
    assertEquals(30.0, w.getDouble("p99"));
    assertEquals(3, w.getInteger("count"));
    assertNull(Report.windowFinality(acks, 300, 400));
  }

  private static Workload.DataAck ack(long atMs, long latencyMs) {
    return new Workload.DataAck("h" + atMs, 1, "d", latencyMs, 0, atMs);
  }
}
