package dev.meshledger.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * Builds a Vertx whose own series (HTTP, event bus, net, pools, optionally JVM) and the node's
 * {@code meshledger_*} ones go to one Prometheus registry that belongs to this Vertx only, so
 * several nodes in one JVM (tests) each scrape their own numbers.
 */
public final class MetricsSetup {
  private MetricsSetup() {}

  /**
   * A builder with metrics on; build it, then {@link #bind} the result.
   * vertx-micrometer-metrics shares a registry between Vertx instances of the same registry
   * name, so each gets a unique one.
   */
  public static VertxBuilder builder(VertxOptions options, PrometheusMeterRegistry registry, boolean jvmMetrics) {
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(jvmMetrics)
        .setRegistryName("meshledger-" + UUID.randomUUID()));
    if (jvmMetrics) {
      PromtoolNames.bindJvmTimes(registry);
    }
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /** A Prometheus registry whose names pass {@code promtool check metrics} ({@link PromtoolNames}). */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(PromtoolNames.FILTER);
    return registry;
  }

  /** Makes {@link NodeMetrics#of} answer with the meters in {@code registry} for this Vertx. */
  public static Vertx bind(Vertx vertx, PrometheusMeterRegistry registry) {
    NodeMetrics.bind(vertx, registry);
    return vertx;
  }

  /** A non-clustered Vertx with metrics on: what Main and the tests use. */
  public static Vertx newVertx(VertxOptions options, boolean jvmMetrics) {
    PrometheusMeterRegistry registry = newRegistry();
    return bind(builder(options, registry, jvmMetrics).build(), registry);
  }
}
