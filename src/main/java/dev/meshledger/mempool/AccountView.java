package dev.meshledger.mempool;

import dev.meshledger.domain.ledger.AccountId;

/** The confirmed ledger state the pool checks against, supplied by its owner. */
public interface AccountView {
  /** The confirmed balance; 0 for an account never seen. */
  long balance(AccountId account);

  /** The nonce the account's next confirmed transfer must carry; 0 for an account never seen. */
  long nextNonce(AccountId account);
}
