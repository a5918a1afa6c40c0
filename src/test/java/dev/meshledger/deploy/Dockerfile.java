package dev.meshledger.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The instructions of ./Dockerfile (one per logical line; enough for the checks, not a parser). */
record Dockerfile(List<String[]> instructions) {

  static Dockerfile read() throws IOException {
    List<String[]> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : Files.readAllLines(Path.of("Dockerfile"))) {
      String l = raw.strip();
      if (line.isEmpty() && (l.isEmpty() || l.startsWith("#"))) {
        continue;
      }
      if (l.endsWith("\\")) {
        line.append(l, 0, l.length() - 1).append(' ');
        continue;
      }
      line.append(l);
      String full = line.toString().strip();
      line.setLength(0);
      int space = full.indexOf(' ');
      out.add(new String[] {full.substring(0, space).toUpperCase(), full.substring(space + 1).strip()});
    }
    return new Dockerfile(out);
  }

  List<String> all(String instruction) {
    return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
  }

  String last(String instruction) {
    List<String> found = all(instruction);
    return found.isEmpty() ? null : found.get(found.size() - 1);
  }

  /** Whether a COPY takes {@code source} into {@code targetDir} (or to a path in it). */
  boolean copies(String source, String targetDir) {
    for (String copy : all("COPY")) {
      String[] words = copy.split("\\s+");
      String target = words[words.length - 1];
      for (int i = 0; i < words.length - 1; i++) {
        if (words[i].equals(source) && (target.equals(targetDir) || target.startsWith(targetDir))) {
          return true;
        }
      }
    }
    return false;
  }
}
