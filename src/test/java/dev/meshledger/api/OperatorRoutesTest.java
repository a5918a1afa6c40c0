package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /api/bans and /api/allowlist as a client sees them: the token, the error codes, the shapes. */
class OperatorRoutesTest {
  private static final String TOKEN = "operator-test-token";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start("operator-routes", TOKEN);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private static HttpResponse<String> call(String method, String path, String body, boolean token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String inMessage) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject e = new JsonObject(r.body());
    assertEquals(code, e.getString("error"), r.body());
    assertTrue(e.getString("message").contains(inMessage), r.body());
  }

  @Test
  void writesNeedTheTokenAndReadsDoNot() throws Exception {
    String ban = "{\"target\":\"10.0.0.0/8\"}";
    assertError(call("POST", "/api/bans", ban, false), 401, "UNAUTHORIZED", "Authorization");
    assertError(call("DELETE", "/api/bans/10.0.0.0%2F8", null, false), 401, "UNAUTHORIZED", "Authorization");
    assertError(call("PUT", "/api/allowlist", "[]", false), 401, "UNAUTHORIZED", "Authorization");
    assertEquals(200, call("GET", "/api/bans", null, false).statusCode());
    assertEquals(200, call("GET", "/api/allowlist", null, false).statusCode());
    assertEquals(new JsonArray(), new JsonArray(call("GET", "/api/bans", null, false).body()), "nothing was banned");
  }

  @Test
  void aBanIsMadeListedAndLifted() throws Exception {
    long before = System.currentTimeMillis();
    HttpResponse<String> made = call("POST", "/api/bans", "{\"target\":\"2001:DB8::7/32\",\"seconds\":60,\"reason\":\"test\"}", true);
    assertEquals(201, made.statusCode(), made.body());
    JsonObject b = new JsonObject(made.body());
    assertEquals("2001:db8::/32", b.getString("target"));
    assertEquals("cidr", b.getString("kind"));
    assertEquals("test", b.getString("reason"));
    long until = b.getLong("until");
    assertTrue(until >= before + 60_000 && until <= System.currentTimeMillis() + 60_000, made.body());
    assertTrue(b.getLong("createdAt") >= before);
    HttpResponse<String> forever = call("POST", "/api/bans", "{\"target\":\"" + "ab".repeat(32) + "\",\"seconds\":0}", true);
    assertEquals(201, forever.statusCode(), forever.body());
    assertEquals("node", new JsonObject(forever.body()).getString("kind"));
    assertEquals(null, new JsonObject(forever.body()).getValue("until"), "0 seconds: until lifted");

    JsonArray listed = new JsonArray(call("GET", "/api/bans", null, false).body());
    assertTrue(listed.contains(b) && listed.size() == 2, listed.encode());

    assertEquals(204, call("DELETE", "/api/bans/2001%3Adb8%3A%3A%2F32", null, true).statusCode());
    assertEquals(204, call("DELETE", "/api/bans/" + "ab".repeat(32), null, true).statusCode());
    assertError(call("DELETE", "/api/bans/2001%3Adb8%3A%3A%2F32", null, true), 404, "NOT_FOUND", "2001:db8::/32");
    assertEquals(new JsonArray(), new JsonArray(call("GET", "/api/bans", null, false).body()));
  }

  @Test
  void badInputIsA400NamingWhatWasWrong() throws Exception {
    assertError(call("POST", "/api/bans", "{\"target\":\"10.0.0.0/33\"}", true), 400, "BAD_TARGET", "0..32");
    assertError(call("POST", "/api/bans", "{\"target\":\"example.com\"}", true), 400, "BAD_TARGET", "example.com");
    assertError(call("POST", "/api/bans", "{\"target\":\"1.2.3.300\"}", true), 400, "BAD_TARGET", "300 is over 255");
    assertError(call("POST", "/api/bans", "{}", true), 400, "BAD_TARGET", "target");
    assertError(call("POST", "/api/bans", "{\"target\":\"10.0.0.1\",\"seconds\":-1}", true), 400, "BAD_SECONDS", "seconds");
    assertError(call("POST", "/api/bans", "{\"target\":\"10.0.0.1\",\"seconds\":1.5}", true), 400, "BAD_SECONDS", "seconds");
    assertError(call("POST", "/api/bans", "not json", true), 400, "MALFORMED_JSON", "JSON");
    assertError(call("DELETE", "/api/bans/nonsense", null, true), 400, "BAD_TARGET", "nonsense");
    assertError(call("DELETE", "/api/bans/10.0.0.1", null, true), 404, "NOT_FOUND", "10.0.0.1");
    assertError(call("PUT", "/api/allowlist", "[\"abc\"]", true), 400, "BAD_NODE_ID", "abc");
    assertError(call("PUT", "/api/allowlist", "[42]", true), 400, "BAD_NODE_ID", "42");
    assertError(call("PUT", "/api/allowlist", "{}", true), 400, "MALFORMED_JSON", "array");
    assertEquals(new JsonArray(), new JsonArray(call("GET", "/api/allowlist", null, false).body()), "unchanged by bad input");
  }

  @Test
  void theAllowListIsSetAndCleared() throws Exception {
    String id = "CD".repeat(32);
    HttpResponse<String> set = call("PUT", "/api/allowlist", "[\"" + id + "\"]", true);
    assertEquals(200, set.statusCode(), set.body());
    assertEquals(new JsonArray().add(id.toLowerCase()), new JsonArray(call("GET", "/api/allowlist", null, false).body()));
    assertEquals(new JsonArray(), new JsonArray(call("PUT", "/api/allowlist", "[]", true).body()));
    assertEquals(new JsonArray(), new JsonArray(call("GET", "/api/allowlist", null, false).body()));
  }
}
