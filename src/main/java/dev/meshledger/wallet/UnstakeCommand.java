package dev.meshledger.wallet;

import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.TxKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wallet unstake}: as {@code wallet transfer}, a unstake transaction naming the validator. */
@Command(name = "unstake", exitCodeOnInvalidInput = WalletCommand.EXIT_USAGE, sortOptions = false,
    description = {
        "Starts unbonding --amount of the account's stake with a validator (proof of stake): it leaves the pool now and is paid back to the balance after consensus.staking.unbondingBlocks; only the fee is debited now.",
        "Signed here and posted like 'wallet transfer' (the id is the last line of stdout; --wait waits for a block). "
            + "A refusal prints 'error CODE: message' (NOT_STAKING, INSUFFICIENT_FUNDS, INSUFFICIENT_STAKE, "
            + "TOO_MANY_UNBONDING, TOMBSTONED, ...) and exits 1."})
final class UnstakeCommand extends SubmitCommand {
  @Option(names = "--validator", required = true, paramLabel = "ID", description = "the validator's node id (64 hex digits)")
  String validator;

  @Override
  TxKind kind() {
    return TxKind.UNSTAKE;
  }

  @Override
  AccountId target() {
    return WalletCommand.account(spec, "--validator", validator);
  }
}
