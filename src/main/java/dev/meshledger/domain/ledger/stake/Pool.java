package dev.meshledger.domain.ledger.stake;

/**
 * The stake bonded to one validator: its tokens and the shares its bonders hold of them. Rewards
 * and slashes change the tokens, not the shares, so each bonder gains or loses in proportion with
 * one write per validator (the Cosmos staking module's shares).
 *
 * @param tombstoned proven to have double-signed: never elected again
 */
public record Pool(long tokens, long shares, boolean tombstoned) {
  public static final Pool EMPTY = new Pool(0, 0, false);

  public Pool {
    if (tokens < 0 || shares < 0) {
      throw new IllegalArgumentException("a pool's tokens and shares are never negative");
    }
  }
}
