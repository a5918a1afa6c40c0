package dev.meshledger.testnet;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The runner's HTTP calls to the nodes at their {@link Cluster.Node#url} (JDK client, a timeout on every call). */
final class NodeHttp {
  /** A status and a body; status 0 when the node did not answer (refused, timed out, reset). */
  record Reply(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  Reply get(String base, String path, Duration timeout) {
    return send(request(base, path, timeout).GET().build());
  }

  Reply post(String base, String path, String body, Duration timeout) {
    return send(request(base, path, timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  Reply delete(String base, String path, Duration timeout) {
    return send(request(base, path, timeout).DELETE().build());
  }

  private static HttpRequest.Builder request(String base, String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Reply(0, String.valueOf(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(0, "interrupted");
    }
  }
}
