package dev.meshledger.wallet;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.TxKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wallet stake}: as {@code wallet transfer}, a stake transaction naming the validator. */
@Command(name = "stake", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE, sortOptions = false,
    description = {
        "Bonds --amount of the account's tokens to a validator (proof of stake): they leave the balance now, earn a share of every block's reward and fees by the validator's power, and count towards its election at the next epoch's end.",
        "Signed here and posted like 'wallet transfer' (the id is the last line of stdout; --wait waits for a block). "
            + "A refusal prints 'error CODE: message' (NOT_STAKING, INSUFFICIENT_FUNDS, INSUFFICIENT_STAKE, "
            + "TOO_MANY_UNBONDING, TOMBSTONED, ...) and exits 1."})
final class StakeCommand extends SubmitCommand {
  @Option(names = "--validator", required = true, paramLabel = "ID", description = "the validator's node id (64 hex digits)")
  String validator;

  @Override
  TxKind kind() {
    return TxKind.STAKE;
  }

  @Override
  AccountId target() {
    return WalletCommand.account(spec, "--validator", validator);
  }
}
