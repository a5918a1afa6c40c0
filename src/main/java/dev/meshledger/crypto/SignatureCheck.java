package dev.meshledger.crypto;

/**
 * One Ed25519 signature check: true only when {@code signature} is {@code publicKey}'s over
 * {@code message}; false, never an exception, for anything malformed. {@link Ed25519#verify} is
 * the node's (through its {@link VerifiedSignatures} cache); {@link Ed25519#verifyUncached} always
 * does the arithmetic (benchmarks, and tests that count checks).
 */
@FunctionalInterface
public interface SignatureCheck {
  boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
