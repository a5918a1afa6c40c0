package dev.meshledger.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.config.NodeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that start the real fat jar as processes (run by failsafe after
 * {@code package}): the jar, an HTTP client, and every started process stopped after each test.
 */
@Tag("integration")
public abstract class JarProcessTest {
  protected static final Path JAR = Path.of("target/node-fat.jar").toAbsolutePath();

  @TempDir protected Path dir;
  protected final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  /** Add every process started, so it is stopped whatever the test's outcome. */
  protected final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void jarIsBuilt() {
    assertTrue(Files.isRegularFile(JAR), JAR + " is missing: run mvn package (mvn verify does) first");
  }

  @AfterEach
  void stopEverythingStarted() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts the jar on a config file; its stdout and stderr go to {@code logName}.out/.err in {@link #dir}. */
  protected Process launch(String conf, String logName) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toString(), "-conf", conf)
        .redirectOutput(dir.resolve(logName + ".out").toFile())
        .redirectError(dir.resolve(logName + ".err").toFile());
    // The test's config file is the whole truth: no override from the machine's environment.
    pb.environment().keySet().removeAll(NodeConfig.ENV_KEYS.keySet());
    Process p = pb.start();
    started.add(p);
    return p;
  }

  /** The process's stdout and stderr, for a failure message (which must not fail itself). */
  protected String logs(String logName) {
    try {
      return "stdout:\n" + Files.readString(dir.resolve(logName + ".out"))
          + "\nstderr:\n" + Files.readString(dir.resolve(logName + ".err"));
    } catch (IOException e) {
      return "(no logs of " + logName + ": " + e + ")";
    }
  }

  protected HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  protected HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the node answers ready on {@code port}; fails at once, with its logs, if it exits. */
  protected void awaitReady(Process p, String logName, int port, Duration deadline) {
    Await.until(deadline, () -> {
      if (!p.isAlive()) {
        org.junit.jupiter.api.Assertions.fail("the node exited with " + p.exitValue() + " before it was ready\n"
            + logs(logName));
      }
      return get(port, "/health/ready").statusCode() == 200;
    }, () -> "the node to be ready\n" + logs(logName));
  }

  /** A loopback port free a moment ago (the jar needs a fixed port in its config file). */
  protected static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
