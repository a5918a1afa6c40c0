package dev.meshledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image recipe: a JRE 17 base, the fat jar, a non-root user the StatefulSet agrees with. */
class DockerfileTest {

  @Test
  void runsTheFatJarOnAJre17AsNonRoot() throws Exception {
    Dockerfile d = Dockerfile.read();
    String from = d.all("FROM").get(0);
    assertTrue(from.matches(".*:17[^ ]*-?jre.*|.*jre.*17.*"), "a JRE 17 base: " + from);
    assertTrue(d.copies("target/node-fat.jar", "/app/"), "COPY target/node-fat.jar");
    String user = d.last("USER");
    assertNotNull(user, "a USER instruction");
    String uid = user.split(":")[0];
    // numeric, so the kubelet can verify runAsNonRoot without reading /etc/passwd
    assertTrue(uid.matches("\\d+") && Integer.parseInt(uid) > 0, "non-root numeric USER: " + user);
    String entrypoint = d.last("ENTRYPOINT");
    assertTrue(entrypoint.startsWith("[") && entrypoint.contains("\"-jar\", \"/app/node-fat.jar\""),
        "exec-form ENTRYPOINT running the jar: " + entrypoint);
    int userAt = indexOf(d, "USER");
    assertEquals(d.instructions().size() - 1, indexOf(d, "ENTRYPOINT"), "ENTRYPOINT last");
    assertTrue(userAt > indexOf(d, "RUN"), "USER after the last RUN, so nothing runs as root after it");

    StatefulSet sts = (StatefulSet) new StrictManifests().load(Path.of("k8s/statefulset.yaml")).get(0);
    assertEquals(Long.valueOf(uid), sts.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser(),
        "the StatefulSet runs as the image's user");
  }

  @Test
  void dockerignoreLetsTheJarAndConfigsIn() throws Exception {
    List<String> lines = Files.readAllLines(Path.of(".dockerignore"));
    assertTrue(lines.contains("*"), "everything else stays out of the build context");
    for (String needed : List.of("target/node-fat.jar", "conf/cluster.xml", "conf/cluster-k8s.xml")) {
      assertTrue(lines.contains("!" + needed), needed + " is in the build context");
    }
  }

  private static int indexOf(Dockerfile d, String instruction) {
    int at = -1;
    for (int i = 0; i < d.instructions().size(); i++) {
      if (d.instructions().get(i)[0].equals(instruction)) {
        at = i;
      }
    }
    return at;
  }
}
