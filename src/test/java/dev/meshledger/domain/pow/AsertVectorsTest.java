package dev.meshledger.domain.pow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.domain.pow.AsertVectors.Line;
import dev.meshledger.domain.pow.AsertVectors.Run;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every line of the aserti3-2d specification's reference vectors (spec, "Test vectors"). */
class AsertVectorsTest {
  private static final List<Run> RUNS = AsertVectors.all();

  static Stream<Arguments> lines() {
    return RUNS.stream().flatMap(run -> run.lines().stream()
        .map(line -> Arguments.of(run.name() + " #" + line.iteration(), run, line)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lines")
  void nextBitsMatchTheReference(String id, Run run, Line line) {
    int bits = Asert.BITCOIN_CASH.nextBits(run.anchorBits(), line.time() - run.anchorParentTime(),
        line.height() - run.anchorHeight());
    assertEquals(String.format("0x%08x", line.bits()), String.format("0x%08x", bits), id);
  }

  /** No line is skipped by the parser: each run holds the iterations its header announces. */
  @Test
  void everyRunIsReadWhole() {
    assertEquals(AsertVectors.RUNS, RUNS.size());
    int total = 0;
    for (Run run : RUNS) {
      assertEquals(run.iterations(), run.lines().size(), run.name());
      assertEquals(run.iterations(), run.lines().get(run.lines().size() - 1).iteration(), run.name());
      total += run.lines().size();
    }
    assertEquals(14_000, total);
  }

  /** The anchors round-trip through compact form, as the generator asserts before each run. */
  @Test
  void anchorBitsAreCanonical() {
    for (Run run : RUNS) {
      assertEquals(run.anchorBits(), CompactBits.encode(CompactBits.decode(run.anchorBits())), run.name());
    }
  }
}
