package dev.meshledger.bench;

import dev.meshledger.config.NodeConfig;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.WalletKey;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The funded accounts of the ledger benchmarks: wallet i's secret is SHA-256 of
 * "meshledger-bench-wallet-i", so the spec writer, the chain generator and the load client all
 * derive the same keys without passing them around. Also the spec file they share.
 */
final class BenchWallets {
  /** Each account's allocation: far more than any benchmark spends (amount 1 + fee 1 a transfer). */
  static final long ALLOC = 1_000_000_000_000L;

  private BenchWallets() {}

  static WalletKey wallet(int i) {
    return WalletKey.fromSecret(Sha256.of(("meshledger-bench-wallet-" + i).getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  static WalletKey[] wallets(int n) {
    WalletKey[] w = new WalletKey[n];
    for (int i = 0; i < n; i++) {
      w[i] = wallet(i);
    }
    return w;
  }

  /** Writes a pow spec allocating {@link #ALLOC} to each of the first {@code accounts} wallets. */
  static void writeSpec(Path file, String chainId, int bits, int accounts, long blockReward) {
    JsonObject alloc = new JsonObject();
    for (WalletKey w : wallets(accounts)) {
      alloc.put(w.account().toHex(), ALLOC);
    }
    JsonObject spec = new JsonObject().put("chainId", chainId)
        .put("consensus", new JsonObject().put("engine", "pow").put("difficultyBits", bits))
        .put("alloc", alloc).put("blockReward", blockReward);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, spec.encodePrettily() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Validator i of the generated BFT chains: its key's secret is SHA-256 of "meshledger-bench-validator-i". */
  static dev.meshledger.crypto.NodeKey validator(int i) {
    return dev.meshledger.crypto.NodeKey.fromSecret(
        Sha256.of(("meshledger-bench-validator-" + i).getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  /**
   * Writes a BFT proof-of-authority spec: the validators (node ids, power 1 each), blockPeriodMs, no
   * block reward, {@link #ALLOC} to each of the first {@code accounts} bench wallets.
   */
  static void writeBftSpec(Path file, String chainId, java.util.List<String> validatorIds, long blockPeriodMs, int accounts) {
    JsonObject alloc = new JsonObject();
    for (WalletKey w : wallets(accounts)) {
      alloc.put(w.account().toHex(), ALLOC);
    }
    io.vertx.core.json.JsonArray validators = new io.vertx.core.json.JsonArray();
    validatorIds.forEach(id -> validators.add(new JsonObject().put("id", id).put("power", 1)));
    JsonObject spec = new JsonObject().put("chainId", chainId)
        .put("consensus", new JsonObject().put("engine", "bft").put("powerFrom", "spec").put("blockPeriodMs", blockPeriodMs))
        .put("validators", validators).put("alloc", alloc).put("blockReward", 0);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, spec.encodePrettily() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chain parameters a node started with {@code {"chain": {"spec": FILE}}} runs. */
  static ChainParams paramsOf(Path specFile) {
    JsonObject conf = new JsonObject().put("chain", new JsonObject().put("spec", specFile.toAbsolutePath().toString()));
    return NodeConfig.from(conf, new JsonObject()).chainParams();
  }

  /** The transfer as POST /api/transactions takes it. */
  static String json(Transfer t) {
    return "{\"chainId\":\"" + t.chainId() + "\",\"from\":\"" + t.from().toHex() + "\",\"to\":\"" + t.to().toHex()
        + "\",\"amount\":" + t.amount() + ",\"fee\":" + t.fee() + ",\"nonce\":" + t.nonce() + ",\"signature\":\""
        + HexFormat.of().formatHex(t.signature()) + "\"}";
  }
}
