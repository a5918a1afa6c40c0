package dev.meshledger.domain;

import dev.meshledger.domain.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The first block, the same on every node with the same chain id and difficulty: no producer,
 * no signature, no proof of work. Its data names the params, so networks with different rules
 * have different genesis hashes and refuse each other.
 */
public final class Genesis {
  private Genesis() {}

  public static Block of(ChainParams params) {
    byte[] data = ("meshledger genesis|" + params.chainId() + "|bits=" + params.difficultyBits())
        .getBytes(StandardCharsets.UTF_8);
    Block unhashed = new Block(0, Hash.ZERO, 0, Sha256.of(data), 0, new byte[Block.PRODUCER_SIZE],
        new byte[Block.SIGNATURE_SIZE], 0, data, Hash.ZERO);
    return withHash(unhashed);
  }

  private static Block withHash(Block b) {
    return new Block(b.height(), b.prevHash(), b.timestamp(), b.dataHash(), b.difficultyBits(), b.producer(),
        b.signature(), b.nonce(), b.data(), HeaderBytes.computeHash(b));
  }
}
