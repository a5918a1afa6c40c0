package dev.meshledger.wallet;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The few calls the wallet makes to a node's HTTP API, with the JDK's client (no Vert.x
 * instance for a one-shot command). Every call has a timeout; every failure is a
 * {@link NodeException} with one line of text. Only signed transfers are sent: never a key.
 */
final class NodeClient {
  /** Long enough for a loaded node, short enough that a dead one is reported promptly. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final String token;
  private final HttpClient http;

  /** Why a call failed; {@code code} is the API's error code when the node answered one. */
  static final class NodeException extends Exception {
    final int status;
    final String code;

    NodeException(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /**
   * @param url the node's base URL, {@code http://host:port} (a trailing slash is fine)
   * @param token {@code http.apiToken} for writes, or null
   * @throws IllegalArgumentException when the URL is not an http(s) URL with a host
   */
  NodeClient(String url, String token) {
    this.base = normalize(url);
    this.token = token == null || token.isBlank() ? null : token;
    this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  }

  static String normalize(String url) {
    String u = url == null ? "" : url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--node: not a URL: \"" + url + "\"");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("--node must be http://HOST:PORT or https://HOST:PORT, got \"" + url + "\"");
    }
    return u;
  }

  String base() {
    return base;
  }

  JsonObject get(String path) throws NodeException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  JsonObject post(String path, JsonObject body) throws NodeException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  private JsonObject send(HttpRequest.Builder builder) throws NodeException {
    HttpRequest request = builder.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new NodeException(0, null, "no answer from " + base + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw new NodeException(0, null, "cannot reach " + base + ": " + (e.getMessage() != null ? e.getMessage() : e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeException(0, null, "interrupted");
    }
    JsonObject json = null;
    try {
      json = new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      // not JSON: reported below
    }
    int status = response.statusCode();
    if (status >= 400) {
      String code = json != null && json.getValue("error") instanceof String c ? c : "HTTP_" + status;
      String message = json != null && json.getValue("message") instanceof String m ? m
          : request.method() + " " + request.uri().getPath() + " answered " + status;
      throw new NodeException(status, code, message);
    }
    if (json == null) {
      throw new NodeException(status, null, request.method() + " " + request.uri().getPath()
          + " did not answer a JSON object (is " + base + " a Meshledger node?)");
    }
    return json;
  }
}
