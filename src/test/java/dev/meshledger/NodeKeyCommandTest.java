package dev.meshledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return NodeKeyCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void printsTheIdOfAKeyItMakesAndTheSameIdAfterwards(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("v1");
    assertEquals(0, run("--data-dir", data.toString()), err.toString());
    String id = out.toString().trim();
    assertTrue(id.matches("[0-9a-f]{64}"), id);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("node.key"))));
    out.getBuffer().setLength(0);
    assertEquals(0, run("--data-dir", data.toString()));
    assertEquals(id, out.toString().trim(), "the key is kept, not made again");
  }

  @Test
  void usageAndFailuresHaveTheirExitCodes(@TempDir Path dir) throws Exception {
    assertEquals(2, run(), "--data-dir is required");
    assertEquals(2, run("--data-dir"), "and needs a value");
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertEquals(1, run("--data-dir", file.toString()));
    assertTrue(err.toString().contains(file.toString()), err.toString());
  }
}
