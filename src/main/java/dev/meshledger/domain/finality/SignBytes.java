package dev.meshledger.domain.finality;

import dev.meshledger.domain.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a validator signs. Each form starts with its own tag and the chain's genesis hash (which commits
 * to the whole chain spec), so a signature means one thing on one network and cannot be replayed as
 * another kind of message or on another chain.
 *
 * <pre>
 * vote     = "meshledger/vote/1"     | genesis 32 | type u8 (1 prevote, 2 precommit) | height u64 | round u32
 *          | hasBlock u8 | block 32 (zeros for nil)
 * proposal = "meshledger/proposal/1" | genesis 32 | height u64 | round u32 | polRound i32 | block 32
 * </pre>
 */
public final class SignBytes {
  public static final int PREVOTE = 1;
  public static final int PRECOMMIT = 2;
  private static final byte[] VOTE_TAG = "meshledger/vote/1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PROPOSAL_TAG = "meshledger/proposal/1".getBytes(StandardCharsets.US_ASCII);

  private SignBytes() {}

  public static byte[] vote(Hash genesis, int type, long height, int round, Optional<Hash> block) {
    if (type != PREVOTE && type != PRECOMMIT) {
      throw new IllegalArgumentException("a vote is a prevote (1) or a precommit (2): " + type);
    }
    ByteBuffer b = ByteBuffer.allocate(VOTE_TAG.length + 32 + 1 + 8 + 4 + 1 + 32);
    b.put(VOTE_TAG);
    genesis.writeTo(b);
    b.put((byte) type);
    b.putLong(height);
    b.putInt(round);
    b.put((byte) (block.isPresent() ? 1 : 0));
    block.orElse(Hash.ZERO).writeTo(b);
    return b.array();
  }

  public static byte[] proposal(Hash genesis, long height, int round, int polRound, Hash block) {
    ByteBuffer b = ByteBuffer.allocate(PROPOSAL_TAG.length + 32 + 8 + 4 + 4 + 32);
    b.put(PROPOSAL_TAG);
    genesis.writeTo(b);
    b.putLong(height);
    b.putInt(round);
    b.putInt(polRound);
    block.writeTo(b);
    return b.array();
  }
}
