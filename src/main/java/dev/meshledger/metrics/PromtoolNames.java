package dev.meshledger.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Set;

/**
 * Fixes the few JVM meters whose Prometheus names {@code promtool check metrics} flags.
 *
 * <ul>
 *   <li>{@code jvm_compilation_time_ms_total} and {@code process_cpu_time_ns_total}: Micrometer appends a
 *       meter's base unit to its name, and promtool wants base units (seconds), not abbreviations. A filter
 *       can rename a function counter but not rescale it, and {@code ..._milliseconds_total} still fails
 *       ("use base unit seconds"), so these two are dropped and {@link #bindJvmTimes} registers the same
 *       numbers in seconds: {@code jvm_compilation_time_seconds_total} and {@code process_cpu_seconds_total}
 *       (the name every Prometheus client library uses for it);
 *   <li>{@code _count} on a gauge reads as a summary's count series: renamed, keeping the value;
 *       {@code system_cpu_count} ({@code Runtime.availableProcessors()}) becomes
 *       {@code system_cpu_logical_processors}.
 * </ul>
 */
final class PromtoolNames {
  /** Abbreviated time units: a meter in one of these is dropped (and replaced where it matters). */
  private static final Set<String> ABBREVIATED_TIME = Set.of("ms", "ns", "us", "μs");

  static final MeterFilter FILTER = new MeterFilter() {
    @Override
    public MeterFilterReply accept(Meter.Id id) {
      return id.getBaseUnit() != null && ABBREVIATED_TIME.contains(id.getBaseUnit()) ? MeterFilterReply.DENY
          : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
      boolean summary = id.getType() == Meter.Type.DISTRIBUTION_SUMMARY || id.getType() == Meter.Type.TIMER
          || id.getType() == Meter.Type.LONG_TASK_TIMER;
      if (summary || !id.getName().endsWith(".count")) {
        return id;
      }
      String base = id.getName().substring(0, id.getName().length() - ".count".length());
      return id.withName("system.cpu".equals(base) ? "system.cpu.logical.processors" : base + ".number");
    }
  };

  private PromtoolNames() {}

  /** The JVM's compile time and the process's CPU time, in seconds (see the class comment). */
  static void bindJvmTimes(MeterRegistry registry) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
      FunctionCounter.builder("jvm.compilation.time", jit, j -> j.getTotalCompilationTime() / 1e3)
          .baseUnit("seconds").tag("compiler", String.valueOf(jit.getName()))
          .description("Time spent in JIT compilation").register(registry);
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        && os.getProcessCpuTime() >= 0) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
          .description("CPU time used by the node's process").register(registry);
    }
  }
}
