package dev.meshledger.chain;

import dev.meshledger.bus.ledger.LedgerMessages.TransferVerdict;
import dev.meshledger.domain.ledger.Transfer;
import dev.meshledger.domain.ledger.TxKind;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.state.StakeRoots;
import java.util.Optional;

/**
 * The mempool's stake checks: a stake or unstake is refused at once on a chain that is not proof of
 * stake, or when the head's stake refuses it (tried on a copy). Blocks check again: pending unstakes
 * may together ask for more than is bonded, and a block template leaves out the one that does not fit.
 */
final class StakeAdmission {
  private StakeAdmission() {}

  /** Why {@code t} is refused, or empty when the mempool may judge it like any transfer. */
  static Optional<TransferVerdict> check(Chain chain, Transfer t) {
    if (t.kind() == TxKind.TRANSFER) {
      return Optional.empty();
    }
    if (!chain.params().isStake()) {
      return Optional.of(TransferVerdict.refused(t.id(), "NOT_STAKING", "a " + t.kind().json()
          + " needs a proof-of-stake chain (consensus.powerFrom \"stake\"); this one is not"));
    }
    StakeState s = StakeRoots.split(chain.stateNodes(), chain.headStateRoot()).stake();
    String validator = t.to().toHex();
    StakeState.Applied a = t.kind() == TxKind.STAKE ? s.stake(t.from(), validator, t.amount())
        : s.unstake(chain.head().height() + 1, t.from(), validator, t.amount(), chain.params().bft().staking());
    if (a.ok()) {
      return Optional.empty();
    }
    String message = switch (a.refusal()) {
      case AMOUNT_TOO_SMALL -> "the amount buys no share of the pool (or is zero)";
      case TOMBSTONED -> "validator " + validator + " was slashed for double-signing and takes no stake";
      case INSUFFICIENT_STAKE -> "the account's stake with " + validator + " is worth " + s.valueOf(t.from(), validator);
      case TOO_MANY_UNBONDING -> "the account already has " + chain.params().bft().staking().maxUnbonding()
          + " unbonding entries open with " + validator;
      case OVERFLOW -> "the pool's tokens would overflow";
    };
    return Optional.of(TransferVerdict.refused(t.id(), a.refusal().name(), message));
  }
}
