package dev.meshledger.domain.finality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.TestBlocks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bytes validators sign: one meaning per byte string, on one chain only. */
class SignBytesTest {
  private static final Hash GENESIS = Sha256.of(TestBlocks.utf8("genesis"));
  private static final Hash OTHER_GENESIS = Sha256.of(TestBlocks.utf8("genesis 2"));
  private static final Hash X = Sha256.of(TestBlocks.utf8("x"));
  private static final Hash Y = Sha256.of(TestBlocks.utf8("y"));

  /** A vote and one change of each field (and of nil against a block). */
  private static Map<String, byte[]> votes() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("base", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5, 1, Optional.of(X)));
    m.put("precommit", SignBytes.vote(GENESIS, SignBytes.PRECOMMIT, 5, 1, Optional.of(X)));
    m.put("height", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 6, 1, Optional.of(X)));
    m.put("height high bits", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5 + (1L << 40), 1, Optional.of(X)));
    m.put("round", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5, 2, Optional.of(X)));
    m.put("round high bits", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5, 1 + (1 << 24), Optional.of(X)));
    m.put("block", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5, 1, Optional.of(Y)));
    m.put("nil", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5, 1, Optional.empty()));
    // nil against a block of all zeros: only the hasBlock byte tells them apart
    m.put("zero block", SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5, 1, Optional.of(Hash.ZERO)));
    m.put("genesis", SignBytes.vote(OTHER_GENESIS, SignBytes.PREVOTE, 5, 1, Optional.of(X)));
    m.put("precommit nil", SignBytes.vote(GENESIS, SignBytes.PRECOMMIT, 5, 1, Optional.empty()));
    return m;
  }

  private static Map<String, byte[]> proposals() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("proposal base", SignBytes.proposal(GENESIS, 5, 1, -1, X));
    m.put("proposal height", SignBytes.proposal(GENESIS, 6, 1, -1, X));
    m.put("proposal round", SignBytes.proposal(GENESIS, 5, 2, -1, X));
    m.put("proposal polRound", SignBytes.proposal(GENESIS, 5, 1, 0, X));
    m.put("proposal block", SignBytes.proposal(GENESIS, 5, 1, -1, Y));
    m.put("proposal genesis", SignBytes.proposal(OTHER_GENESIS, 5, 1, -1, X));
    return m;
  }

  @Test
  void everyFieldChangesTheBytesAndVotesNeverEqualProposals() {
    Map<String, byte[]> all = new LinkedHashMap<>(votes());
    all.putAll(proposals());
    List<String> names = new ArrayList<>(all.keySet());
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        assertFalse(Arrays.equals(all.get(names.get(i)), all.get(names.get(j))), names.get(i) + " vs " + names.get(j));
      }
    }
  }

  @Test
  void theSameVoteGivesTheSameBytes() {
    assertArrayEquals(SignBytes.vote(GENESIS, 2, 9, 3, Optional.of(X)), SignBytes.vote(GENESIS, 2, 9, 3, Optional.of(X)));
    assertArrayEquals(SignBytes.proposal(GENESIS, 9, 3, 1, X), SignBytes.proposal(GENESIS, 9, 3, 1, X));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, -1, 255, 257})
  void aVoteTypeOtherThanPrevoteOrPrecommitThrows(int type) {
    assertThrows(IllegalArgumentException.class, () -> SignBytes.vote(GENESIS, type, 5, 1, Optional.of(X)));
  }

  @Test
  void voteLayoutIsAsDocumented() {
    // what another implementation (a light client) builds from the class comment
    byte[] tag = "meshledger/vote/1".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(tag.length + 32 + 1 + 8 + 4 + 1 + 32);
    b.put(tag).put(GENESIS.toBytes()).put((byte) 2).putLong(0x0102030405060708L).putInt(0x0a0b0c0d).put((byte) 1)
        .put(X.toBytes());
    assertArrayEquals(b.array(), SignBytes.vote(GENESIS, SignBytes.PRECOMMIT, 0x0102030405060708L, 0x0a0b0c0d, Optional.of(X)));

    ByteBuffer nil = ByteBuffer.allocate(tag.length + 32 + 1 + 8 + 4 + 1 + 32);
    nil.put(tag).put(GENESIS.toBytes()).put((byte) 1).putLong(5).putInt(0).put((byte) 0).put(new byte[32]);
    assertArrayEquals(nil.array(), SignBytes.vote(GENESIS, SignBytes.PREVOTE, 5, 0, Optional.empty()));
  }

  @Test
  void proposalLayoutIsAsDocumented() {
    byte[] tag = "meshledger/proposal/1".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(tag.length + 32 + 8 + 4 + 4 + 32);
    b.put(tag).put(GENESIS.toBytes()).putLong(77).putInt(3).putInt(-1).put(Y.toBytes());
    assertArrayEquals(b.array(), SignBytes.proposal(GENESIS, 77, 3, -1, Y));
  }

  @Test
  void typeCodesArePinned() {
    assertEquals(1, SignBytes.PREVOTE);
    assertEquals(2, SignBytes.PRECOMMIT);
    assertTrue(SignBytes.vote(GENESIS, SignBytes.PREVOTE, 1, 0, Optional.empty()).length
        < SignBytes.proposal(GENESIS, 1, 0, -1, X).length);
  }
}
