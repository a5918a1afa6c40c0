package dev.meshledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.consensus.bft.SignerState;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.JarProcessTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A validator's signing guard through the real jar and {@code kill -9}: the guard on disk is never behind
 * what the node made final, and after a crash that leaves it having precommitted another block at the
 * next height, the restarted node signs nothing at that height and round (the double sign that would
 * get a validator slashed) and the chain goes on in a later round.
 */
@Tag("integration")
class BftSignerProcessIT extends JarProcessTest {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private int httpPort;
  private String confFile;
  private Path data;

  @Test
  void theGuardOnDiskRefusesADoubleSignAfterKill9() throws Exception {
    NodeKey key = NodeKey.generate();
    data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("node.key"), key.toPem());
    Path spec = Files.writeString(dir.resolve("spec.json"), new JsonObject().put("chainId", "bft-signer-it")
        .put("consensus", new JsonObject().put("engine", "bft").put("powerFrom", "spec").put("blockPeriodMs", 3000)
            .put("timeoutProposeMs", 300).put("timeoutPrevoteMs", 200).put("timeoutPrecommitMs", 200))
        .put("validators", new JsonArray().add(new JsonObject().put("id", key.id()).put("power", 1)))
        .put("blockReward", 0).encode());
    httpPort = freePort();
    confFile = Files.writeString(dir.resolve("node.json"), new JsonObject()
        .put("node", new JsonObject().put("name", "signer-it").put("dataDir", data.toString()))
        .put("chain", new JsonObject().put("spec", spec.toString()))
        .put("http", new JsonObject().put("port", httpPort).put("rateLimit", 0))
        .put("p2p", new JsonObject().put("port", freePort())).encode()).toString();

    // 1. a lone validator makes blocks; one with our data is acknowledged (201), then kill -9
    Process first = start("first");
    JsonObject block = postFinal("before the crash");
    Await.until(DEADLINE, () -> height() >= block.getLong("height") + 2, () -> "2 more blocks\n" + logs("first"));
    long stored = height();
    kill(first);
    // the guard was written before every signature: never behind a block the node made final
    SignerState guard = SignerState.parse(Files.readString(data.resolve("signer-state.json")));
    assertTrue(guard.height() >= stored, "guard at " + guard.height() + ", final height " + stored);
    Process second = start("second");
    assertTrue(get(httpPort, "/api/blocks/" + block.getLong("height")).body().contains(block.getString("hash")),
        "the acknowledged block survived kill -9");

    // 2. right after a block is final the validator idles for the block period: kill it there, and
    // leave the guard as if it had precommitted another block at the next height, round 0
    JsonObject last = postFinal("the last before the second crash");
    kill(second);
    guard = SignerState.parse(Files.readString(data.resolve("signer-state.json")));
    long next = last.getLong("height") + 1;
    assertEquals(new SignerState(next - 1, 0, SignerState.Step.PRECOMMIT, Optional.of(Hash.fromHex(
        last.getString("hash")))), guard, "the guard holds the precommit of the last final block");
    Hash other = Sha256.of(new byte[] {42});
    Files.writeString(data.resolve("signer-state.json"),
        SignerState.after(next, 0, SignerState.Step.PRECOMMIT, Optional.of(other)).toJson());
    Process third = start("third");
    Await.until(DEADLINE, () -> height() >= next, () -> "height " + next + " after the restart\n" + logs("third"));
    JsonObject nextBlock = new JsonObject(get(httpPort, "/api/blocks/" + next).body());
    assertTrue(nextBlock.getJsonObject("commit").getInteger("round") >= 1,
        "nothing was signed in round 0 of height " + next + ": " + nextBlock.getJsonObject("commit"));
    assertEquals(1, nextBlock.getJsonObject("commit").getJsonArray("signatures").size());
    third.destroy();
    assertTrue(third.waitFor(30, TimeUnit.SECONDS));
  }

  private JsonObject postFinal(String data) throws Exception {
    HttpResponse<String> posted = post(httpPort, "/api/blocks", "{\"data\":\"" + data + "\"}");
    assertEquals(201, posted.statusCode(), posted.body());
    JsonObject block = new JsonObject(posted.body());
    assertEquals(0, block.getJsonObject("commit").getInteger("round"), "an idle lone validator commits in round 0");
    return block;
  }

  private Process start(String name) throws Exception {
    Process p = launch(confFile, name);
    awaitReady(p, name, httpPort, DEADLINE);
    return p;
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGKILL ends the process");
  }

  private long height() throws Exception {
    return new JsonObject(get(httpPort, "/api/status").body()).getLong("finalizedHeight");
  }
}
