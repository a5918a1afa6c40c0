package dev.meshledger.domain.pow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Reads the spec's run files (see asert/README.md beside them). */
final class AsertVectors {
  static final int RUNS = 12;

  /**
   * One line: the block at {@code height} and {@code time}, and the bits of the next. Heights are
   * the generator's uint64 (run10 passes 2^63), so they are read unsigned; their difference from
   * the anchor's is still exact in a long.
   */
  record Line(int iteration, long height, long time, int bits) {}

  record Run(String name, long anchorHeight, long anchorParentTime, int anchorBits,
      int iterations, List<Line> lines) {}

  private AsertVectors() {}

  static List<Run> all() {
    return IntStream.rangeClosed(1, RUNS).mapToObj(i -> read(String.format("run%02d", i))).toList();
  }

  static Run read(String name) {
    try (InputStream in = AsertVectors.class.getResourceAsStream("asert/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing vector file asert/" + name);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      long anchorHeight = -1;
      long anchorTime = -1;
      int anchorBits = 0;
      int iterations = -1;
      List<Line> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        line = line.strip();
        if (line.startsWith("##")) {
          String value = line.substring(line.indexOf(':') + 1).strip();
          if (line.contains("anchor height")) {
            anchorHeight = Long.parseUnsignedLong(value);
          } else if (line.contains("anchor ancestor time") || line.contains("anchor parent time")) {
            anchorTime = Long.parseLong(value);
          } else if (line.contains("anchor nBits")) {
            anchorBits = bits(value);
          } else if (line.contains("iterations")) {
            iterations = Integer.parseInt(value);
          }
        } else if (!line.isEmpty() && !line.startsWith("#")) {
          String[] f = line.split("\\s+");
          lines.add(new Line(Integer.parseInt(f[0]), Long.parseUnsignedLong(f[1]), Long.parseLong(f[2]),
              bits(f[3])));
        }
      }
      return new Run(name, anchorHeight, anchorTime, anchorBits, iterations, List.copyOf(lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int bits(String hex) {
    return Integer.parseUnsignedInt(hex.substring(2), 16);
  }
}
