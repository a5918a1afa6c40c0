package dev.meshledger.domain.ledger;

import dev.meshledger.domain.Hash;

/**
 * A signed transfer of {@code amount} from {@code from} to {@code to}, paying {@code fee} to the
 * block's producer. {@code nonce} is the sender's next nonce (replay on this network), and
 * {@code chainId} is in the signed bytes (replay on another). Amounts are whole smallest units.
 *
 * @param signature {@code from}'s Ed25519 signature over {@link TransferBytes#signedBytes} (64 bytes)
 * @param id the SHA-256 of the signed bytes; computed by {@link TransferBytes}, never taken from outside
 */
public record Transfer(String chainId, AccountId from, AccountId to, long amount, long fee, long nonce,
    byte[] signature, Hash id) {}
