package dev.meshledger.wallet;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.wallet.NodeClient.NodeException;
import dev.meshledger.wallet.WalletFile.WalletFileException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wallet balance}: an account's balance at the node's tip. */
@Command(name = "balance", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE, sortOptions = false,
    description = {"Prints an account's balance at the node's best chain tip (the last line is the number alone). "
        + "Name the account by its id, or by a wallet file with --key. An account never paid reads 0."})
final class BalanceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--node", required = true, paramLabel = "URL", description = "the node's API, e.g. http://127.0.0.1:8001")
  String node;

  @Option(names = "--key", paramLabel = "FILE", description = "a wallet file: its account, instead of ID")
  Path key;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the account id (64 hex digits)")
  String id;

  @Override
  public Integer call() {
    if ((id == null) == (key == null)) {
      throw WalletCommand.usage(spec, "name the account either by ID or by --key FILE (one of them)");
    }
    NodeClient client;
    try {
      client = new NodeClient(node, null);
    } catch (IllegalArgumentException e) {
      throw WalletCommand.usage(spec, e.getMessage());
    }
    AccountId account;
    if (key != null) {
      try {
        account = WalletFile.read(key).account();
      } catch (WalletFileException e) {
        return WalletCommand.fail(spec, e);
      }
    } else {
      account = WalletCommand.account(spec, "ID", id);
    }
    try {
      JsonObject a = client.get("/api/accounts/" + account.toHex());
      if (!(a.getValue("balance") instanceof Number balance)) {
        return WalletCommand.fail(spec, client.base() + " answered an account without a balance: " + a.encode());
      }
      WalletCommand.out(spec, String.valueOf(balance.longValue()));
      return 0;
    } catch (NodeException e) {
      return WalletCommand.fail(spec, e.code != null ? "error " + e.code + ": " + e.getMessage() : e.getMessage());
    }
  }
}
