package dev.meshledger.wallet;

import dev.meshledger.api.TransferJson;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.wallet.NodeClient.NodeException;
import dev.meshledger.wallet.WalletFile.WalletFileException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code wallet transfer}, {@code stake} and {@code unstake} share: sign with the node's chain id and
 * the account's next nonce, then submit, and with --wait wait for a block to include it.
 */
abstract class SubmitCommand implements Callable<Integer> {
  /** How often --wait asks: a block every few seconds is the usual pace, so this costs the node nothing. */
  static long pollMillis = 250;
  /** A waiting person hears from the command at least this often. */
  private static final long NOTE_EVERY_NANOS = 5_000_000_000L;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "the sender's wallet file")
  Path key;

  @Option(names = "--amount", required = true, paramLabel = "N", description = "whole units to send, stake or unstake")
  long amount;

  @Option(names = "--fee", defaultValue = "1", paramLabel = "F", description = "whole units paid to the block producer (default: ${DEFAULT-VALUE})")
  long fee;

  @Option(names = "--node", required = true, paramLabel = "URL", description = "the node's API, e.g. http://127.0.0.1:8001")
  String node;

  @Option(names = "--wait", description = "wait until the transfer is in a block, showing progress on stderr")
  boolean await;

  @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "how long --wait waits (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(names = "--token", defaultValue = "${env:MESHLEDGER_API_TOKEN}", paramLabel = "T",
      description = "the node's http.apiToken, if it has one (default: the MESHLEDGER_API_TOKEN environment variable)")
  String token;

  /** What is signed. */
  abstract TxKind kind();

  /** The receiving account, or the validator staked with, checked. */
  abstract AccountId target();

  @Override
  public Integer call() {
    AccountId recipient = target();
    WalletCommand.nonNegative(spec, "--amount", amount);
    WalletCommand.nonNegative(spec, "--fee", fee);
    if (timeoutSeconds <= 0) {
      throw WalletCommand.usage(spec, "--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    NodeClient client;
    try {
      client = new NodeClient(node, token);
    } catch (IllegalArgumentException e) {
      throw WalletCommand.usage(spec, e.getMessage());
    }
    WalletKey wallet;
    try {
      wallet = WalletFile.read(key);
    } catch (WalletFileException e) {
      return WalletCommand.fail(spec, e);
    }
    try {
      String chainId = string(client.get("/api/status"), "chainId", "/api/status");
      String from = wallet.account().toHex();
      JsonObject account = client.get("/api/accounts/" + from);
      Object pending = account.getValue("pendingNonce") != null ? account.getValue("pendingNonce") : account.getValue("nonce");
      if (!(pending instanceof Number n)) {
        return WalletCommand.fail(spec, client.base() + " answered an account without a nonce: " + account.encode());
      }
      Transfer t = wallet.sign(kind(), chainId, recipient, amount, fee, n.longValue());
      JsonObject accepted = client.post("/api/transactions", TransferJson.of(t));
      String id = t.id().toHex();
      if (!id.equals(accepted.getValue("id"))) {
        return WalletCommand.fail(spec, client.base() + " accepted the transfer under another id: " + accepted.encode());
      }
      WalletCommand.progress(spec, "submitted " + kind().json() + " " + id + " of " + amount + " (fee " + fee + ", nonce "
          + t.nonce() + ") on " + chainId);
      // printed now, so a timeout below still leaves the id as the last line of stdout
      WalletCommand.out(spec, id);
      return await ? awaitInclusion(client, id) : 0;
    } catch (NodeException e) {
      return WalletCommand.fail(spec, e.code != null ? "error " + e.code + ": " + e.getMessage() : e.getMessage());
    }
  }

  private int awaitInclusion(NodeClient client, String id) throws NodeException {
    long start = System.nanoTime();
    long deadline = start + timeoutSeconds * 1_000_000_000L;
    long nextNote = start + NOTE_EVERY_NANOS;
    String last = null;
    while (true) {
      String now;
      try {
        JsonObject status = client.get("/api/transactions/" + id);
        if ("included".equals(status.getValue("status"))) {
          WalletCommand.progress(spec, "included at height " + status.getValue("height") + " in block "
              + status.getValue("blockHash"));
          return 0;
        }
        now = String.valueOf(status.getValue("status"));
      } catch (NodeException e) {
        if (e.status != 404) {
          throw e;
        }
        now = "unknown to the node (dropped from its mempool?)";
      }
      if (!now.equals(last)) {
        WalletCommand.progress(spec, "waiting: " + now);
        last = now;
      } else if (System.nanoTime() - nextNote >= 0) {
        WalletCommand.progress(spec, "waiting: still " + now + " after " + (System.nanoTime() - start) / 1_000_000_000L + " s");
        nextNote += NOTE_EVERY_NANOS;
      }
      if (System.nanoTime() - deadline >= 0) {
        return WalletCommand.fail(spec, "transfer " + id + " not in a block after " + timeoutSeconds + " s (still "
            + now + ")");
      }
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return WalletCommand.fail(spec, "interrupted while waiting for " + id);
      }
    }
  }

  private static String string(JsonObject json, String field, String path) throws NodeException {
    if (json.getValue(field) instanceof String s) {
      return s;
    }
    throw new NodeException(0, null, path + " has no \"" + field + "\": is this a Meshledger node?");
  }
}
