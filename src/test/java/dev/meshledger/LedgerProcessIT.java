package dev.meshledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.ledger.state.Account;
import dev.meshledger.domain.ledger.state.AccountReader;
import dev.meshledger.domain.ledger.state.BlockEffects;
import dev.meshledger.domain.ledger.state.StateTransition;
import dev.meshledger.testing.Await;
import dev.meshledger.testing.JarProcessTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Transfers through the real jar with {@code kill -9} in the middle: every transfer seen included
 * before the kill is included after the restart, in the same block, and the state the node
 * reports equals a replay of its chain from the spec's allocations.
 */
@Tag("integration")
class LedgerProcessIT extends JarProcessTest {
  private static final String CHAIN = "ledger-process-it";
  private static final int SENDERS = 6;
  private static final long REWARD = 50;
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private int httpPort;

  @Test
  void noIncludedTransferIsLostToKill9AndTheStateEqualsAReplay() throws Exception {
    List<WalletKey> senders = new ArrayList<>();
    JsonObject alloc = new JsonObject();
    for (int i = 0; i < SENDERS; i++) {
      WalletKey k = WalletKey.generate();
      senders.add(k);
      alloc.put(k.account().toHex(), 1_000_000);
    }
    Path spec = Files.writeString(dir.resolve("spec.json"), new JsonObject().put("chainId", CHAIN)
        .put("consensus", new JsonObject().put("engine", "pow").put("difficultyBits", 4))
        .put("alloc", alloc).put("blockReward", REWARD).encode());
    httpPort = freePort();
    JsonObject conf = new JsonObject()
        .put("node", new JsonObject().put("name", "ledger-it").put("dataDir", dir.resolve("data").toString()))
        .put("chain", new JsonObject().put("spec", spec.toString()))
        .put("miner", new JsonObject().put("enabled", true))
        .put("http", new JsonObject().put("port", httpPort).put("rateLimit", 0))
        .put("p2p", new JsonObject().put("port", freePort()));
    String confFile = Files.writeString(dir.resolve("node.json"), conf.encode()).toString();

    Process first = launch(confFile, "first");
    awaitReady(first, "first");

    // Each sender pays random receivers in nonce order, without waiting for inclusion.
    Map<String, String> includedIn = new ConcurrentHashMap<>(); // transfer id -> block hash, seen before the kill
    List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
    for (int s = 0; s < SENDERS; s++) {
      WalletKey from = senders.get(s);
      Random random = new Random(s);
      pool.submit(() -> {
        for (long nonce = 0; nonce < 400 && !stop.get(); nonce++) {
          WalletKey to = senders.get(random.nextInt(SENDERS));
          Transfer t = from.transfer(CHAIN, to.account(), 1 + random.nextInt(1_000), 1 + random.nextInt(5), nonce);
          try {
            HttpResponse<String> r = post("/api/transactions", json(t));
            if (r.statusCode() == 202) {
              accepted.add(t.id().toHex());
            } else if (r.statusCode() == 422 && r.body().contains("ACCOUNT_LIMIT")) {
              nonce--; // the account's slots are full: wait for a block and offer it again
              Thread.sleep(20);
            } else {
              return null;
            }
          } catch (java.io.IOException e) {
            return null; // the node is gone
          }
        }
        return null;
      });
    }
    // Watch inclusions until enough transfers are in blocks, then kill the node mid-stream.
    Await.until(DEADLINE, () -> {
      for (String id : List.copyOf(accepted)) {
        if (!includedIn.containsKey(id)) {
          HttpResponse<String> r = get("/api/transactions/" + id);
          if (r.statusCode() == 200 && "included".equals(new JsonObject(r.body()).getString("status"))) {
            includedIn.put(id, new JsonObject(r.body()).getString("blockHash"));
          }
        }
      }
      return includedIn.size() >= 60;
    }, () -> "60 transfers included; " + includedIn.size() + " of " + accepted.size() + " so far\n" + logs("first"));
    first.destroyForcibly();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS), "SIGKILL ends the process");
    stop.set(true);
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));

    Process second = launch(confFile, "second");
    awaitReady(second, "second");
    for (Map.Entry<String, String> e : includedIn.entrySet()) {
      JsonObject status = new JsonObject(get("/api/transactions/" + e.getKey()).body());
      assertEquals("included", status.getString("status"), e.getKey());
      assertEquals(e.getValue(), status.getString("blockHash"), "transfer " + e.getKey() + " stays in its block");
    }
    JsonObject audit = new JsonObject(get("/api/chain/validate").body());
    assertEquals(true, audit.getBoolean("valid"), audit.encode());

    // Replay the stored chain from the allocations and compare every account the node reports.
    Map<AccountId, Account> replay = new HashMap<>();
    StateTransition.genesis(Map.copyOf(alloc.getMap().entrySet().stream().collect(java.util.stream.Collectors.toMap(
        e -> AccountId.fromHex(e.getKey()), e -> ((Number) e.getValue()).longValue())))).writes().applyTo(replay);
    long height = new JsonObject(get("/api/status").body()).getLong("height");
    List<AccountId> seen = new ArrayList<>(senders.stream().map(WalletKey::account).toList());
    int transfers = 0;
    for (long from = 1; from <= height; from += 100) {
      JsonArray blocks = new JsonObject(get("/api/blocks?from=" + from + "&limit=100").body()).getJsonArray("blocks");
      for (int i = 0; i < blocks.size(); i++) {
        JsonObject b = blocks.getJsonObject(i);
        List<Transfer> txs = new ArrayList<>();
        JsonArray arr = b.getJsonArray("transactions");
        for (int j = 0; j < arr.size(); j++) {
          txs.add(transfer(arr.getJsonObject(j)));
        }
        transfers += txs.size();
        AccountId producer = AccountId.fromHex(b.getString("producer"));
        if (!seen.contains(producer)) {
          seen.add(producer);
        }
        BlockEffects effects = (BlockEffects) StateTransition.apply(AccountReader.of(replay), CHAIN, producer, REWARD, txs);
        effects.writes().applyTo(replay);
      }
    }
    assertTrue(transfers >= includedIn.size(), transfers + " transfers in the chain");
    for (AccountId id : seen) {
      JsonObject a = new JsonObject(get("/api/accounts/" + id.toHex()).body());
      Account expected = replay.getOrDefault(id, Account.ZERO);
      assertEquals(expected.balance(), a.getLong("balance"), "balance of " + id);
      assertEquals(expected.nonce(), a.getLong("nonce"), "nonce of " + id);
    }
    JsonObject supply = new JsonObject(get("/api/supply").body());
    assertEquals(SENDERS * 1_000_000L + REWARD * height, supply.getLong("total"), supply.encode());
  }

  private static String json(Transfer t) {
    HexFormat hex = HexFormat.of();
    return new JsonObject().put("chainId", t.chainId()).put("from", t.from().toHex()).put("to", t.to().toHex())
        .put("amount", t.amount()).put("fee", t.fee()).put("nonce", t.nonce())
        .put("signature", hex.formatHex(t.signature())).encode();
  }

  private static Transfer transfer(JsonObject o) {
    return Transfer.of(o.getString("chainId"), AccountId.fromHex(o.getString("from")), AccountId.fromHex(o.getString("to")),
        o.getLong("amount"), o.getLong("fee"), o.getLong("nonce"), HexFormat.of().parseHex(o.getString("signature")));
  }

  private HttpResponse<String> post(String path, String body) throws java.io.IOException, InterruptedException {
    return post(httpPort, path, body);
  }

  private HttpResponse<String> get(String path) throws java.io.IOException, InterruptedException {
    return get(httpPort, path);
  }

  private void awaitReady(Process p, String logName) {
    awaitReady(p, logName, httpPort, DEADLINE);
  }
}
