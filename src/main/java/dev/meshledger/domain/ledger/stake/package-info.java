/**
 * Proof of stake's pure rules: bonded pools and their shares, unbonding, rewards by stake,
 * slashing, and the validator set an epoch's stake elects. Plain Java, no I/O: the chain applies
 * them to its stored state.
 */
package dev.meshledger.domain.ledger.stake;
