package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of authority end to end: three of four validators vote a fifth node in through the API; it signs
 * commits once its set is in force; three of the five vote it out and it signs no more.
 */
class BftVotesNetworkTest {
  private static final HttpClient http = HttpClient.newHttpClient();

  private static void vote(Node n, String validator, boolean add) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + "/api/consensus/votes"))
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("validator", validator).put("add", add).encode()))
        .header("Content-Type", "application/json").build();
    HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
    assertEquals(202, answer.statusCode(), answer.body());
  }

  private static JsonObject consensus(Node n) {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + "/api/consensus")).build();
      return new JsonObject(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }



  private static int validatorCount(Node n) {
    return consensus(n).getJsonArray("validators").size();
  }

  @Test
  void threeOfFourVoteAFifthInItSignsThenTheyVoteItOutAndItStops(@TempDir Path dir) throws Exception {
    List<NodeKey> keys = FiveNodes.keys(dir, 50);
    JsonArray validators = FiveNodes.validators(keys, 1);
    JsonObject spec = new JsonObject().put("chainId", "bft-votes-test")
        .put("consensus", new JsonObject().put("engine", "bft").put("powerFrom", "spec").put("blockPeriodMs", 100)
            .put("timeoutProposeMs", 600).put("timeoutPrevoteMs", 300).put("timeoutPrecommitMs", 300))
        .put("validators", validators).put("blockReward", 0);
    String fifth = keys.get(4).id();
    try (TestNetwork net = new TestNetwork(dir)) {
      // the fifth starts as an observer with the same spec and its own key
      List<Node> v = FiveNodes.start(net, dir, spec);
      for (int i = 0; i < 3; i++) {
        vote(v.get(i), fifth, true);
      }
      TestNetwork.await("the fifth node is a validator", () -> validatorCount(v.get(0)) == 5);
      long from = v.get(0).head().height() + 1;
      TestNetwork.await("the fifth node signs a commit", () -> {
        long top = v.get(0).head().height();
        for (long h = from; h <= top; h++) {
          if (FiveNodes.signedBy(FiveNodes.blockAt(v.get(0), h), fifth)) {
            return true;
          }
        }
        return false;
      });
      assertEquals(0, consensus(v.get(0)).getJsonArray("pendingVotes").size(), "a decided vote is no longer pending");

      for (int i = 0; i < 3; i++) {
        vote(v.get(i), fifth, false);
      }
      TestNetwork.await("the fifth node is voted out", () -> validatorCount(v.get(0)) == 4);
      long out = v.get(0).head().height() + 1;
      TestNetwork.await("three more blocks", () -> v.get(0).head().height() >= out + 3);
      for (long h = out; h <= out + 3; h++) {
        Block b = FiveNodes.blockAt(v.get(0), h);
        assertFalse(FiveNodes.signedBy(b, fifth), "the fifth node signs at height " + h + " after it was voted out");
        assertFalse(b.producerHex().equals(fifth), "the fifth node produced height " + h);
      }
      TestNetwork.await("the fifth node still follows the chain", () -> v.get(4).head().height() >= out + 3);
    }
  }
}
