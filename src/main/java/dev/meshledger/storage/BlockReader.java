package dev.meshledger.storage;

import dev.meshledger.domain.Block;
import dev.meshledger.domain.Hash;
import java.util.Optional;

/** Read access to stored blocks, the header index and the best chain. */
public interface BlockReader {
  Optional<Block> block(Hash hash);

  Optional<BlockMeta> meta(Hash hash);

  /** The hash at {@code height} on the best chain. */
  Optional<Hash> hashAt(long height);

  /** Empty only before genesis is written. */
  Optional<Head> head();
}
