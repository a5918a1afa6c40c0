package dev.meshledger.wallet;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.TxKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wallet transfer}: sign with the node's chain id and the account's next nonce, then submit. */
@Command(name = "transfer", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE, sortOptions = false,
    description = {
        "Sends a transfer through a node: reads the chain id (GET /api/status) and the sender's next nonce "
            + "(pendingNonce of GET /api/accounts/ID) from the node, signs here, and posts the signed transfer "
            + "(POST /api/transactions). The secret key is never sent.",
        "Prints the transfer id as the last line of stdout; progress goes to stderr. With --wait, waits until a "
            + "block on the node's best chain includes the transfer (exit 1 if --timeout passes first).",
        "A refusal prints 'error CODE: message' (NONCE_TOO_LOW, INSUFFICIENT_FUNDS, FEE_TOO_LOW, MEMPOOL_FULL, ...) "
            + "and exits 1."})
final class TransferCommand extends SubmitCommand {
  @Option(names = "--to", required = true, paramLabel = "ID", description = "the receiving account id (64 hex digits)")
  String to;

  @Override
  TxKind kind() {
    return TxKind.TRANSFER;
  }

  @Override
  AccountId target() {
    return WalletCommand.account(spec, "--to", to);
  }
}
