package dev.meshledger.bus.chain;

import dev.meshledger.domain.Block;

/**
 * How the API shows a block, handed to the chain's readers (by the node, which knows both) so
 * that they cache each block's rendering by hash and answer a range by concatenation: a list is
 * {@link #listStart}, the blocks' renderings separated by {@link #SEPARATOR}, {@link #listEnd}.
 */
public interface BlockRendering {
  byte SEPARATOR = ',';

  /** One block's rendering; depends on the block alone (a hash names it for good). */
  byte[] render(Block block);

  byte[] listStart();

  byte[] listEnd();
}
