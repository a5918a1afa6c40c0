package dev.meshledger.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.api.TransferJson;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.Transfers;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wallet sign}, {@code transfer} and {@code balance}, the node played by a small HTTP server on port 0. */
class WalletSignAndSendTest {
  private static final String CHAIN = "fake-net";
  private static final long PENDING_NONCE = 5;

  @TempDir Path dir;
  private Path keyFile;
  private WalletKey key;
  private final String to = WalletKey.generate().account().toHex();

  private Vertx vertx;
  private String url;
  private final List<JsonObject> posted = new CopyOnWriteArrayList<>();
  private final List<String> authHeaders = new CopyOnWriteArrayList<>();
  /** Polls of GET /api/transactions/{id} answered "pending" before "included". */
  private final AtomicInteger pendingPolls = new AtomicInteger(3);
  /** When set, POST /api/transactions answers this error code with 409. */
  private final AtomicReference<String> refuseWith = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    keyFile = dir.resolve("a.key");
    assertEquals(0, WalletRun.of("new", "--out", keyFile.toString()).code());
    key = WalletFile.read(keyFile);
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(this::fakeNode).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + server.actualPort() + "/"; // a trailing slash, as users type it
    TransferCommand.pollMillis = 5;
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void fakeNode(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/api/status")) {
      json(req, 200, new JsonObject().put("chainId", CHAIN).put("height", 3));
    } else if (path.startsWith("/api/accounts/")) {
      json(req, 200, new JsonObject().put("id", path.substring(14)).put("balance", 987_654).put("nonce", 3)
          .put("pendingNonce", PENDING_NONCE));
    } else if (path.equals("/api/transactions") && req.method().name().equals("POST")) {
      authHeaders.add(String.valueOf(req.getHeader("Authorization")));
      req.body().onSuccess(b -> {
        JsonObject t = b.toJsonObject();
        posted.add(t);
        if (refuseWith.get() != null) {
          json(req, 409, new JsonObject().put("error", refuseWith.get()).put("message", "expected nonce 6"));
        } else {
          json(req, 202, new JsonObject().put("id", t.getString("id")));
        }
      });
    } else if (path.startsWith("/api/transactions/")) {
      boolean included = pendingPolls.getAndDecrement() <= 0;
      json(req, 200, new JsonObject().put("id", path.substring(18)).put("status", included ? "included" : "pending")
          .put("height", included ? 4 : -1).put("blockHash", included ? "ab".repeat(32) : null));
    } else {
      json(req, 404, new JsonObject().put("error", "NOT_FOUND").put("message", "no such resource"));
    }
  }

  private static void json(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  @Test
  void signPrintsATransferThatParsesAndVerifies() {
    WalletRun r = WalletRun.of("sign", "--key", keyFile.toString(), "--to", to, "--amount", "250", "--fee", "2",
        "--nonce", "9", "--chain-id", "net-x");
    assertEquals(0, r.code(), r.err());
    Transfer t = TransferJson.parse(r.lastLine());
    assertTrue(Transfers.verify(t));
    assertEquals(key.account(), t.from());
    assertEquals(to, t.to().toHex());
    assertEquals(List.of(250L, 2L, 9L), List.of(t.amount(), t.fee(), t.nonce()));
    assertEquals("net-x", t.chainId());
    assertFalse(r.out().contains(new JsonObject(uncheckedRead(keyFile)).getString("secretKey")));
  }

  @Test
  void signRefusesBadArgumentsAsUsageErrors() {
    String k = keyFile.toString();
    assertEquals(2, WalletRun.of("sign", "--key", k, "--to", "zz", "--amount", "1", "--fee", "1", "--nonce", "0",
        "--chain-id", "c").code());
    assertEquals(2, WalletRun.of("sign", "--key", k, "--to", to, "--amount", "-1", "--fee", "1", "--nonce", "0",
        "--chain-id", "c").code());
    assertEquals(2, WalletRun.of("sign", "--key", k, "--to", to, "--amount", "1", "--fee", "1", "--nonce", "0").code(),
        "--chain-id is required");
    assertEquals(2, WalletRun.of("sign", "--key", k, "--to", to, "--amount", "99999999999999999999", "--fee", "1",
        "--nonce", "0", "--chain-id", "c").code());
    WalletRun missing = WalletRun.of("sign", "--key", dir.resolve("none").toString(), "--to", to, "--amount", "1",
        "--fee", "1", "--nonce", "0", "--chain-id", "c");
    assertEquals(1, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
  }

  @Test
  void transferSignsWithTheNodesChainAndPendingNonceAndPrintsTheId() {
    WalletRun r = WalletRun.of("transfer", "--key", keyFile.toString(), "--to", to, "--amount", "250", "--node", url);
    assertEquals(0, r.code(), r.err());
    assertEquals(1, posted.size());
    Transfer sent = TransferJson.parse(posted.get(0));
    assertTrue(Transfers.verify(sent), "signed with the key file's key");
    assertEquals(PENDING_NONCE, sent.nonce());
    assertEquals(CHAIN, sent.chainId());
    assertEquals(1L, sent.fee(), "the default fee");
    assertEquals(sent.id().toHex(), r.lastLine());
    assertFalse(posted.get(0).encode().contains(new JsonObject(uncheckedRead(keyFile)).getString("secretKey")));
    assertEquals("null", authHeaders.get(0), "no token given, none sent");
  }

  @Test
  void transferSendsTheTokenFromTheOption() {
    WalletRun r = WalletRun.of("transfer", "--key", keyFile.toString(), "--to", to, "--amount", "1", "--node", url,
        "--token", "tok");
    assertEquals(0, r.code(), r.err());
    assertEquals("Bearer tok", authHeaders.get(0));
  }

  @Test
  void transferWaitShowsProgressUntilIncluded() {
    WalletRun r = WalletRun.of("transfer", "--key", keyFile.toString(), "--to", to, "--amount", "250", "--fee", "3",
        "--node", url, "--wait", "--timeout", "30");
    assertEquals(0, r.code(), r.err());
    assertTrue(pendingPolls.get() < 0, "polled until included");
    assertTrue(r.err().contains("waiting: pending"), r.err());
    assertTrue(r.err().contains("included at height 4 in block " + "ab".repeat(32)), r.err());
    assertEquals(TransferJson.parse(posted.get(0)).id().toHex(), r.lastLine());
  }

  @Test
  void transferWaitGivesUpAtTheTimeout() {
    pendingPolls.set(Integer.MAX_VALUE);
    WalletRun r = WalletRun.of("transfer", "--key", keyFile.toString(), "--to", to, "--amount", "250", "--node", url,
        "--wait", "--timeout", "1");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("not in a block after 1 s"), r.err());
    assertEquals(TransferJson.parse(posted.get(0)).id().toHex(), r.lastLine(), "the id is still the last line");
  }

  @Test
  void aRefusalExitsOneWithTheCode() {
    refuseWith.set("NONCE_TOO_LOW");
    WalletRun r = WalletRun.of("transfer", "--key", keyFile.toString(), "--to", to, "--amount", "250", "--node", url);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("error NONCE_TOO_LOW: expected nonce 6"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void anUnreachableNodeIsOneLine() throws Exception {
    String dead = url;
    vertx.close().await(10, TimeUnit.SECONDS);
    vertx = Vertx.vertx();
    WalletRun r = WalletRun.of("transfer", "--key", keyFile.toString(), "--to", to, "--amount", "1", "--node", dead);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cannot reach"), r.err());
    assertEquals(2, WalletRun.of("transfer", "--key", keyFile.toString(), "--to", to, "--amount", "1", "--node",
        "ftp://x").code());
  }

  @Test
  void balanceByIdOrByKey() {
    WalletRun byId = WalletRun.of("balance", "--node", url, to);
    assertEquals(0, byId.code(), byId.err());
    assertEquals("987654", byId.lastLine());
    WalletRun byKey = WalletRun.of("balance", "--node", url, "--key", keyFile.toString());
    assertEquals(0, byKey.code(), byKey.err());
    assertEquals("987654", byKey.lastLine());
    assertEquals(2, WalletRun.of("balance", "--node", url).code(), "an account is needed");
    assertEquals(2, WalletRun.of("balance", "--node", url, "--key", keyFile.toString(), to).code(), "not both");
  }

  @Test
  void helpDescribesEachCommand() {
    for (String c : List.of("sign", "transfer", "balance", "verify-proof")) {
      WalletRun r = WalletRun.of(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().length() > 200, c + ": " + r.out());
    }
  }

  private static String uncheckedRead(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
