package dev.meshledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict reader itself: it must refuse what the API server would refuse. */
class StrictManifestsTest {
  private static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: s
      spec:
        clusterIP: None
        selector:
          app: x
        ports:
          - name: p2p
            port: 7001
      """;

  @TempDir
  Path dir;

  @Test
  void readsAValidManifest() throws Exception {
    assertEquals(1, new StrictManifests().load(write(SERVICE)).size());
  }

  @Test
  void refusesAnUnknownField() throws Exception {
    Path file = write(SERVICE.replace("clusterIP: None", "clusterIp: None"));
    AssertionError e = assertThrows(AssertionError.class, () -> new StrictManifests().load(file));
    assertTrue(e.getMessage().contains("Service.spec.clusterIp"), e.getMessage());
  }

  @Test
  void refusesAnUnknownNestedField() throws Exception {
    Path file = write(SERVICE.replace("port: 7001", "port: 7001\n      portt: 7002"));
    AssertionError e = assertThrows(AssertionError.class, () -> new StrictManifests().load(file));
    assertTrue(e.getMessage().contains("portt"), e.getMessage());
  }

  @Test
  void refusesAWrongType() throws Exception {
    for (String[] change : new String[][] {
        {"port: 7001", "port: seven"},
        {"port: 7001", "port: \"7001\""},
        {"clusterIP: None", "clusterIP: [None]"},
        {"  selector:\n    app: x", "  selector: x"}}) {
      Path file = write(SERVICE.replace(change[0], change[1]));
      assertThrows(AssertionError.class, () -> new StrictManifests().load(file), change[1]);
    }
  }

  @Test
  void refusesAnUnknownKind() throws Exception {
    Path file = write(SERVICE.replace("kind: Service", "kind: Servise"));
    assertThrows(AssertionError.class, () -> new StrictManifests().load(file));
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve("m" + System.nanoTime() + ".yaml"), yaml);
  }
}
