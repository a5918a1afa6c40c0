package dev.meshledger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.Addresses;
import dev.meshledger.bus.Bus;
import dev.meshledger.bus.ledger.LedgerMessages.AccountInfo;
import dev.meshledger.bus.ledger.LedgerMessages.AccountQuery;
import dev.meshledger.bus.ledger.LedgerMessages.MempoolInfo;
import dev.meshledger.bus.ledger.LedgerMessages.SubmitTransfer;
import dev.meshledger.bus.ledger.LedgerMessages.SupplyInfo;
import dev.meshledger.bus.ledger.LedgerMessages.TransferQuery;
import dev.meshledger.bus.ledger.LedgerMessages.TransferStatus;
import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.Merkle;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.domain.ledger.smt.AccountProof;
import dev.meshledger.domain.ledger.state.Account;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ledger routes on an API verticle alone, the chain's ledger faked by consumers on its addresses. */
class LedgerRoutesTest {
  private static final String TOKEN = "s3cret";
  private static final WalletKey ALICE = WalletKey.fromSecret(new byte[32]);
  private static final WalletKey BOB = WalletKey.generate();
  private static final Transfer T = ALICE.transfer("routes-test", BOB.account(), 250, 1, 0);
  private static final Hash BLOCK = Sha256.of(new byte[] {1});
  private static final Hash ROOT = Sha256.of(new byte[] {2});

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger submits = new AtomicInteger();
  private final List<SubmitTransfer> submitted = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<Function<Transfer, TransferVerdict>> verdict =
      new AtomicReference<>(t -> TransferVerdict.accepted(t.id(), false));
  private final AtomicReference<AccountQuery> lastAccountQuery = new AtomicReference<>();
  private Vertx vertx;
  private String base;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Bus.registerCodecs(vertx);
    var bus = vertx.eventBus();
    bus.<SubmitTransfer>localConsumer(Addresses.LEDGER_SUBMIT_TRANSFER, m -> {
      submits.incrementAndGet();
      submitted.add(m.body());
      m.reply(verdict.get().apply(m.body().transfer()), Bus.LOCAL);
    });
    bus.<TransferQuery>localConsumer(Addresses.LEDGER_TRANSFER, m -> {
      Hash id = m.body().id();
      if (id.equals(T.id())) {
        m.reply(new TransferStatus(T, false, -1, null, null, null), Bus.LOCAL);
      } else if (id.equals(included().get(2).id())) {
        List<Hash> ids = included().stream().map(Transfer::id).toList();
        m.reply(new TransferStatus(included().get(2), true, 7, BLOCK, Merkle.root(ids), Merkle.proof(ids, 2)), Bus.LOCAL);
      } else {
        m.fail(Bus.NOT_FOUND, Bus.failure("NOT_FOUND", "no transfer " + id));
      }
    });
    bus.<AccountQuery>localConsumer(Addresses.LEDGER_ACCOUNT, m -> {
      lastAccountQuery.set(m.body());
      AccountProof proof = m.body().proof()
          ? new AccountProof(Optional.of(new Account(1000, 3)), Collections.nCopies(256, ROOT)) : null;
      m.reply(new AccountInfo(m.body().id(), 1000, 3, 5, 7, BLOCK, ROOT, proof), Bus.LOCAL);
    });
    bus.localConsumer(Addresses.LEDGER_MEMPOOL, m -> m.reply(new MempoolInfo(30, 4321, 2, included()), Bus.LOCAL));
    bus.localConsumer(Addresses.LEDGER_SUPPLY, m -> m.reply(new SupplyInfo(7, BLOCK, 1_000_000, 350), Bus.LOCAL));
    NodeConfig config = NodeConfig.from(new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("apiToken", TOKEN).put("rateLimit", 0)), new JsonObject());
    HttpApiVerticle api = new HttpApiVerticle(config, "self");
    vertx.deployVerticle(api).await(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + api.port();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Five transfers as a block would hold them (fixed, so the proof's shape is known). */
  private static List<Transfer> included() {
    List<Transfer> list = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      list.add(ALICE.transfer("routes-test", BOB.account(), 10 + i, 1, i));
    }
    return list;
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> submit(String body) throws Exception {
    return post("/api/transactions", body, TOKEN);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    JsonObject json = new JsonObject(r.body());
    assertEquals(code, json.getString("error"), r.body());
    assertTrue(json.getString("message") != null && !json.getString("message").isBlank(), r.body());
  }

  @Test
  void anAcceptedTransferIs202WithItsIdAndReachesTheLedgerSignatureChecked() throws Exception {
    HttpResponse<String> r = submit(TransferJson.of(T).encode());
    assertEquals(202, r.statusCode(), r.body());
    assertEquals(T.id().toHex(), new JsonObject(r.body()).getString("id"));
    assertEquals(1, submitted.size());
    SubmitTransfer s = submitted.get(0);
    assertEquals(T, s.transfer());
    assertNull(s.fromPeer());
    assertTrue(s.signatureChecked());

    verdict.set(t -> TransferVerdict.accepted(t.id(), true));
    HttpResponse<String> again = submit(TransferJson.of(T).encode());
    assertEquals(202, again.statusCode(), "a known transfer is accepted again: " + again.body());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "MALFORMED_TRANSACTION, 400", "BAD_SIGNATURE, 400", "WRONG_CHAIN, 400",
      "NONCE_TOO_LOW, 409", "NONCE_TOO_HIGH, 409",
      "INSUFFICIENT_FUNDS, 422", "FEE_TOO_LOW, 422", "ACCOUNT_LIMIT, 422",
      "MEMPOOL_FULL, 429"})
  void eachRefusalHasItsStatus(String code, int status) throws Exception {
    verdict.set(t -> TransferVerdict.refused(t.id(), code, "because " + code));
    HttpResponse<String> r = submit(TransferJson.of(T).encode());
    assertError(r, status, code);
    assertEquals("because " + code, new JsonObject(r.body()).getString("message"));
  }

  @Test
  void aFullMempoolSaysWhatFeeWouldGetIn() throws Exception {
    verdict.set(t -> TransferVerdict.refused(t.id(), "MEMPOOL_FULL", "the mempool is full: a fee of at least 3 gets in"));
    HttpResponse<String> r = submit(TransferJson.of(T).encode());
    assertError(r, 429, "MEMPOOL_FULL");
    assertTrue(r.body().contains("at least 3"), r.body());
  }

  @Test
  void aTamperedAmountIsBadSignatureAndNeverReachesTheLedger() throws Exception {
    // as `jq '.amount = 500'` does to a signed transfer: the stale id stays
    assertError(submit(TransferJson.of(T).put("amount", 500).encode()), 400, "BAD_SIGNATURE");
    JsonObject noId = TransferJson.of(T).put("amount", 500);
    noId.remove("id");
    assertError(submit(noId.encode()), 400, "BAD_SIGNATURE");
    // signed right, but under another id
    Transfer other = ALICE.transfer("routes-test", BOB.account(), 1, 1, 0);
    assertError(submit(TransferJson.of(T).put("id", other.id().toHex()).encode()), 400, "MALFORMED_TRANSACTION");
    assertEquals(0, submits.get(), "refused before the ledger was asked");
  }

  @Test
  void malformedBodiesAreMalformedTransactionNamingTheField() throws Exception {
    HttpResponse<String> r = submit("{\"from\": \"zz\", \"amount\": -1}");
    assertError(r, 400, "MALFORMED_TRANSACTION");
    assertTrue(new JsonObject(r.body()).getString("message").contains("chainId"), r.body());
    assertError(submit(TransferJson.of(T).put("fee", 1.5).encode()), 400, "MALFORMED_TRANSACTION");
    assertError(submit("not json"), 400, "MALFORMED_TRANSACTION");
    assertError(submit(""), 400, "MALFORMED_TRANSACTION");
    assertEquals(0, submits.get());
  }

  @Test
  void postingNeedsTheTokenWhenOneIsConfigured() throws Exception {
    assertError(post("/api/transactions", TransferJson.of(T).encode(), null), 401, "UNAUTHORIZED");
    assertError(post("/api/transactions", TransferJson.of(T).encode(), "wrong"), 401, "UNAUTHORIZED");
    assertEquals(0, submits.get());
    assertEquals(202, post("/api/transactions", TransferJson.of(T).encode(), TOKEN).statusCode());
  }

  @Test
  void aPendingTransferHasNoBlockAndNoProof() throws Exception {
    HttpResponse<String> r = get("/api/transactions/" + T.id().toHex());
    assertEquals(200, r.statusCode(), r.body());
    JsonObject json = new JsonObject(r.body());
    assertEquals("pending", json.getString("status"));
    assertEquals(-1L, json.getLong("height"));
    assertTrue(json.containsKey("blockHash") && json.getValue("blockHash") == null, r.body());
    assertTrue(json.containsKey("proof") && json.getValue("proof") == null, r.body());
    assertEquals(T, TransferJson.parse(json.getJsonObject("transfer")));
  }

  @Test
  void anIncludedTransferHasItsBlockAndAProofThatVerifies() throws Exception {
    Transfer t = included().get(2);
    JsonObject json = new JsonObject(get("/api/transactions/" + t.id().toHex().toUpperCase()).body());
    assertEquals(t.id().toHex(), json.getString("id"));
    assertEquals("included", json.getString("status"));
    assertEquals(7L, json.getLong("height"));
    assertEquals(BLOCK.toHex(), json.getString("blockHash"));
    JsonObject proof = json.getJsonObject("proof");
    assertEquals(2, proof.getInteger("index"));
    assertEquals(5, proof.getInteger("size"));
    List<Hash> path = new ArrayList<>();
    proof.getJsonArray("path").forEach(h -> path.add(Hash.fromHex((String) h)));
    Hash txRoot = Hash.fromHex(json.getString("txRoot"));
    assertTrue(new Merkle.Proof(2, 5, path).verify(t.id(), txRoot, 5));
    assertEquals(Merkle.root(included().stream().map(Transfer::id).toList()), txRoot);
  }

  @Test
  void unknownAndMalformedTransferIds() throws Exception {
    assertError(get("/api/transactions/" + BLOCK.toHex()), 404, "NOT_FOUND");
    assertError(get("/api/transactions/xyz"), 400, "BAD_TRANSACTION_ID");
  }

  @Test
  void anAccountAndItsProof() throws Exception {
    String id = BOB.account().toHex();
    JsonObject json = new JsonObject(get("/api/accounts/" + id).body());
    assertEquals(new JsonObject().put("id", id).put("balance", 1000).put("nonce", 3).put("pendingNonce", 5)
        .put("height", 7).put("blockHash", BLOCK.toHex()).put("stateRoot", ROOT.toHex()), json);
    assertEquals(false, lastAccountQuery.get().proof());

    JsonObject withProof = new JsonObject(get("/api/accounts/" + id + "?proof=true").body());
    assertTrue(lastAccountQuery.get().proof());
    JsonObject proof = withProof.getJsonObject("proof");
    assertEquals(new JsonObject().put("balance", 1000).put("nonce", 3), proof.getJsonObject("account"));
    JsonArray siblings = proof.getJsonArray("siblings");
    assertEquals(256, siblings.size());
    assertEquals(ROOT.toHex(), siblings.getString(0));

    assertError(get("/api/accounts/nope"), 400, "BAD_ACCOUNT_ID");
  }

  @Test
  void mempoolAndSupply() throws Exception {
    JsonObject m = new JsonObject(get("/api/mempool").body());
    assertEquals(30, m.getInteger("count"));
    assertEquals(4321L, m.getLong("bytes"));
    assertEquals(2L, m.getLong("minFee"));
    assertEquals(5, m.getJsonArray("top").size());
    assertEquals(included().get(0), TransferJson.parse(m.getJsonArray("top").getJsonObject(0)));
    assertEquals(2, new JsonObject(get("/api/mempool?limit=2").body()).getJsonArray("top").size());
    assertError(get("/api/mempool?limit=101"), 400, "BAD_PARAMETER");
    assertError(get("/api/mempool?limit=x"), 400, "BAD_PARAMETER");

    JsonObject s = new JsonObject(get("/api/supply").body());
    assertEquals(new JsonObject().put("height", 7).put("blockHash", BLOCK.toHex()).put("total", 1_000_350)
        .put("allocated", 1_000_000).put("rewards", 350), s);
  }
}
