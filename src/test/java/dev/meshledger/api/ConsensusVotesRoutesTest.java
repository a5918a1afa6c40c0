package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/consensus/votes} and {@code DELETE /api/consensus/votes/{id}} as an operator sees them.
 * The spec names two validators and only the first runs: nothing becomes final, so a vote stays pending
 * for as long as the test looks at it.
 */
class ConsensusVotesRoutesTest {
  private static final String TOKEN = "votes-test-token";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final NodeKey V1 = TestBlocks.keyFrom(81);
  private static final NodeKey V2 = TestBlocks.keyFrom(82);
  private static final String NEWCOMER = TestBlocks.keyFrom(83).id();

  private static HttpResponse<String> call(Node n, String method, String path, String body, boolean token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> vote(Node n, String id, Object add) throws Exception {
    return call(n, "POST", "/api/consensus/votes", new JsonObject().put("validator", id).put("add", add).encode(), true);
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(code, new JsonObject(r.body()).getString("error"), r.body());
  }

  private static JsonArray pending(Node n) throws Exception {
    return new JsonObject(call(n, "GET", "/api/consensus", null, false).body()).getJsonArray("pendingVotes");
  }

  private static JsonObject conf(Path spec) {
    JsonObject c = new JsonObject().put("http", new JsonObject().put("apiToken", TOKEN));
    return spec == null ? c : c.put("chain", new JsonObject().put("spec", spec.toString()));
  }

  @Test
  void votesAreTokenProtectedCheckedKeptAndWithdrawn(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("v1"));
    Files.writeString(dir.resolve("v1").resolve("node.key"), V1.toPem());
    JsonObject spec = new JsonObject().put("chainId", "votes-api-test")
        .put("consensus", new JsonObject().put("engine", "bft").put("powerFrom", "spec").put("blockPeriodMs", 100))
        .put("validators", new JsonArray().add(new JsonObject().put("id", V1.id()).put("power", 1))
            .add(new JsonObject().put("id", V2.id()).put("power", 1))).put("blockReward", 0);
    Path specFile = dir.resolve("spec.json");
    Files.writeString(specFile, spec.encode());
    try (TestNetwork net = new TestNetwork(dir)) {
      Node v1 = net.start("v1", TestNetwork.options().rocksDb().config(conf(specFile)));
      String body = new JsonObject().put("validator", NEWCOMER).put("add", true).encode();
      assertError(call(v1, "POST", "/api/consensus/votes", body, false), 401, "UNAUTHORIZED");
      assertError(vote(v1, "not-a-node-id", true), 400, "BAD_VALIDATOR");
      assertError(vote(v1, NEWCOMER.toUpperCase(), true), 400, "BAD_VALIDATOR");
      assertError(vote(v1, NEWCOMER, "yes"), 400, "BAD_VOTE");
      assertError(vote(v1, V2.id(), true), 400, "ALREADY_MEMBER");
      assertError(vote(v1, NEWCOMER, false), 400, "NOT_MEMBER");
      assertError(call(v1, "DELETE", "/api/consensus/votes/" + NEWCOMER, null, true), 404, "NOT_FOUND");

      HttpResponse<String> accepted = vote(v1, NEWCOMER, true);
      assertEquals(202, accepted.statusCode(), accepted.body());
      JsonArray expected = new JsonArray().add(new JsonObject().put("validator", NEWCOMER).put("add", true));
      assertEquals(expected, new JsonObject(accepted.body()).getJsonArray("pendingVotes"));
      assertEquals(expected, pending(v1));
      HttpResponse<String> out = vote(v1, V2.id(), false);
      assertEquals(202, out.statusCode(), out.body());
      assertEquals(2, pending(v1).size());
      assertError(call(v1, "DELETE", "/api/consensus/votes/" + V2.id(), null, false), 401, "UNAUTHORIZED");
      HttpResponse<String> withdrawn = call(v1, "DELETE", "/api/consensus/votes/" + V2.id(), null, true);
      assertEquals(200, withdrawn.statusCode(), withdrawn.body());
      assertEquals(expected, new JsonObject(withdrawn.body()).getJsonArray("pendingVotes"));

      v1.restart();
      assertEquals(expected, pending(v1), "the pending votes are kept over a restart");

      Node observer = net.start("observer", TestNetwork.options().config(conf(specFile)));
      assertError(vote(observer, NEWCOMER, true), 400, "NOT_A_VALIDATOR");
      Node pow = net.start("pow", TestNetwork.options().config(conf(null)));
      assertError(vote(pow, NEWCOMER, true), 409, "NOT_BFT");
      assertTrue(new JsonObject(call(v1, "GET", "/api/consensus", null, false).body()).getJsonObject("tally").isEmpty());
    }
  }
}
