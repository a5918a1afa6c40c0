package dev.meshledger.chain;

import dev.meshledger.bus.ledger.LedgerMessages.AccountStake;
import dev.meshledger.bus.ledger.LedgerMessages.Bond;
import dev.meshledger.bus.ledger.LedgerMessages.Unbond;
import dev.meshledger.domain.ledger.AccountId;
import dev.meshledger.domain.ledger.stake.StakeState;
import dev.meshledger.domain.ledger.state.StakeRoots;
import java.util.ArrayList;
import java.util.List;

/** What the API shows of the stake: one account's bonds and unbonding. */
final class StakeViews {
  private StakeViews() {}

  static AccountStake of(AccountId id, StakeRoots.Split split) {
    StakeState s = split.stake();
    List<Bond> bonds = new ArrayList<>();
    for (String v : s.pools().keySet()) {
      long shares = s.shares(id, v);
      if (shares > 0) {
        bonds.add(new Bond(v, shares, s.valueOf(id, v), s.pool(v).tombstoned()));
      }
    }
    List<Unbond> unbonding = s.unbonding().stream().filter(u -> u.owner().equals(id))
        .map(u -> new Unbond(u.validator(), u.amount(), u.releaseHeight())).toList();
    return new AccountStake(split.accounts(), split.stakeHash(), bonds, unbonding);
  }
}
