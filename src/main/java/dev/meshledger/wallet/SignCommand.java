package dev.meshledger.wallet;

import dev.meshledger.api.TransferJson;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.WalletKey;
import dev.meshledger.wallet.WalletFile.WalletFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wallet sign}: a signed transfer as JSON, made offline. */
@Command(name = "sign", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE, sortOptions = false,
    description = {
        "Signs a transfer offline and prints it as one line of JSON (the body of POST /api/transactions). "
            + "Nothing is sent: post it yourself, from any machine, e.g.",
        "  curl -H 'Content-Type: application/json' -d @transfer.json http://127.0.0.1:8001/api/transactions",
        "The nonce must be the account's next one (pendingNonce in GET /api/accounts/ID) and the chain id the "
            + "network's (chainId in GET /api/status)."})
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "the sender's wallet file (from 'wallet new')")
  Path key;

  @Option(names = "--kind", defaultValue = "transfer", paramLabel = "KIND",
      description = "transfer, stake or unstake (a stake's or unstake's --to is the validator's node id; default: ${DEFAULT-VALUE})")
  String kind;

  @Option(names = "--to", required = true, paramLabel = "ID", description = "the receiving account id (64 hex digits)")
  String to;

  @Option(names = "--amount", required = true, paramLabel = "N", description = "whole units to send")
  long amount;

  @Option(names = "--fee", required = true, paramLabel = "F", description = "whole units paid to the block producer")
  long fee;

  @Option(names = "--nonce", required = true, paramLabel = "N", description = "the sender's next nonce (0 for a new account)")
  long nonce;

  @Option(names = "--chain-id", required = true, paramLabel = "ID", description = "the network's chain id")
  String chainId;

  @Override
  public Integer call() {
    TxKind txKind = TxKind.ofJson(kind);
    if (txKind == null) {
      throw WalletCommand.usage(spec, "--kind must be transfer, stake or unstake, got \"" + kind + "\"");
    }
    AccountId recipient = WalletCommand.account(spec, "--to", to);
    WalletCommand.nonNegative(spec, "--amount", amount);
    WalletCommand.nonNegative(spec, "--fee", fee);
    WalletCommand.nonNegative(spec, "--nonce", nonce);
    WalletKey wallet;
    try {
      wallet = WalletFile.read(key);
    } catch (WalletFileException e) {
      return WalletCommand.fail(spec, e);
    }
    Transfer t;
    try {
      t = wallet.sign(txKind, chainId, recipient, amount, fee, nonce);
    } catch (IllegalArgumentException e) { // a chain id that is empty or over 64 bytes
      throw WalletCommand.usage(spec, "--chain-id: " + e.getMessage());
    }
    WalletCommand.out(spec, TransferJson.of(t).encode());
    return 0;
  }
}
