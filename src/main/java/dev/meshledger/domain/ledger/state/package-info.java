/**
 * The ledger's account state and its transition per block, pure: rules read accounts through
 * {@link dev.meshledger.domain.ledger.state.AccountReader} and return
 * {@link dev.meshledger.domain.ledger.state.StateWrites}, so the storage layer can put them, the
 * undo record and the block in one atomic batch.
 *
 * <p>Decisions: transfers apply in block order, each seeing the ones before; the producer is paid
 * reward + fees after the last transfer; a transfer to oneself is allowed (it costs the fee and
 * takes the nonce, the way a pending transfer is cancelled in Ethereum); an empty account (zero
 * balance, nonce 0) is never stored, so "absent" and "empty" are one state; signatures are
 * checked by the caller, not here.
 */
package dev.meshledger.domain.ledger.state;
