package dev.meshledger.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.chain.ChainMessages.BlockLookup;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.testing.TestNetwork;
import dev.meshledger.testing.TestNetwork.Node;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The set-up the validator-set network tests share: five node keys written before the nodes start (the
 * first four the spec's validators, the fifth joins later), the spec written to a file, the five nodes
 * started each seeded with the ones before it, and what the tests read of their chains.
 */
final class FiveNodes {
  private static final HttpClient http = HttpClient.newHttpClient();

  private FiveNodes() {}

  /** Keys from {@code seed}, {@code seed + 1}, ... written to {@code dir/v1..v5/node.key}. */
  static List<NodeKey> keys(Path dir, int seed) throws IOException {
    List<NodeKey> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add(TestBlocks.keyFrom(seed + i));
      Files.createDirectories(dir.resolve("v" + (i + 1)));
      Files.writeString(dir.resolve("v" + (i + 1)).resolve("node.key"), keys.get(i).toPem());
    }
    return keys;
  }

  /** The first four keys as spec validators of {@code power} each. */
  static JsonArray validators(List<NodeKey> keys, long power) {
    JsonArray validators = new JsonArray();
    keys.subList(0, 4).forEach(k -> validators.add(new JsonObject().put("id", k.id()).put("power", power)));
    return validators;
  }

  /** Writes {@code spec} to {@code dir/spec.json} and starts v1..v5 on it (the fifth as an observer). */
  static List<Node> start(TestNetwork net, Path dir, JsonObject spec) throws IOException {
    Path specFile = dir.resolve("spec.json");
    Files.writeString(specFile, spec.encode());
    JsonObject conf = config(specFile);
    List<Node> v = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String[] seeds = v.stream().map(Node::address).toArray(String[]::new);
      v.add(net.start("v" + i, TestNetwork.options().config(conf.copy()).seeds(seeds)));
    }
    return v;
  }

  /** A node config on the spec file. */
  static JsonObject config(Path specFile) {
    return new JsonObject().put("chain", new JsonObject().put("spec", specFile.toString()));
  }

  static Block blockAt(Node n, long height) {
    return TestNetwork.get(n.vertx.eventBus().<Block>request(Addresses.CHAIN_BLOCK, new BlockLookup(null, height),
        Bus.LOCAL), 10).body();
  }

  static boolean signedBy(Block b, String id) {
    return b.commit().signatures().stream().map(CommitSig::validatorHex).anyMatch(id::equals);
  }

  /** An HTTP call to node {@code n}: GET, or POST of {@code postBody} when not null; asserts the status. */
  static JsonObject call(Node n, String path, String postBody, int expect) {
    try {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.httpPort() + path));
      if (postBody != null) {
        r.POST(HttpRequest.BodyPublishers.ofString(postBody)).header("Content-Type", "application/json");
      }
      HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(expect, answer.statusCode(), answer.body());
      return new JsonObject(answer.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The consensus object of a fast proof-of-stake spec (100 ms blocks, short timeouts) with {@code staking}. */
  static JsonObject proofOfStake(JsonObject staking) {
    return new JsonObject().put("engine", "bft").put("powerFrom", "stake").put("blockPeriodMs", 100)
        .put("timeoutProposeMs", 600).put("timeoutPrevoteMs", 300).put("timeoutPrecommitMs", 300)
        .put("staking", staking);
  }

  /** A wallet whose 32-byte secret is {@code fill} repeated. */
  static dev.meshledger.domain.ledger.WalletKey wallet(byte fill) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, fill);
    return dev.meshledger.domain.ledger.WalletKey.fromSecret(seed);
  }
}
