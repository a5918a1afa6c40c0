package dev.meshledger.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.TestTransfers;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.TestCommits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A header cut from a stored block's bytes, bodies skipped (what a node serves for GETHEADERS). */
class HeaderCodecStoredTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final ChainParams PARAMS =
      ChainParams.of("stored-headers", 0, 64 * 1024).withBft(TestCommits.params(KEYS));
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block BLOCK =
      TestTransfers.blockWith(PARAMS, GENESIS, "data before the transfers", TestTransfers.transfers("stored-headers", 7));
  private static final Commit COMMIT = TestCommits.commit(GENESIS.hash(), 1, 2, BLOCK.hash(), KEYS.subList(0, 3));

  @Test
  void theHeaderOfABlockWithDataTransfersAndACommitIsTheBlocksHeader() {
    Block fin = BLOCK.withCommit(COMMIT);
    Header h = HeaderCodec.ofStored(BlockCodec.encode(fin), fin.hash());
    assertEquals(Header.of(fin), h);
    assertEquals(COMMIT, h.commit());
    assertEquals(fin.height(), h.height());
    assertEquals(fin.prevHash(), h.prevHash());
    assertEquals(fin.timestamp(), h.timestamp());
    // what the peer receives decodes to the same header
    ByteBuffer wire = ByteBuffer.allocate(HeaderCodec.encodedSize(h));
    HeaderCodec.encodeTo(wire, h);
    assertEquals(h, HeaderCodec.decodeFrom(wire.flip()));
  }

  @Test
  void aBlockWithoutTransfersOrCommitReadsToo() {
    assertEquals(Header.of(GENESIS), HeaderCodec.ofStored(BlockCodec.encode(GENESIS), GENESIS.hash()));
  }

  @Test
  void aTruncatedStoredBlockIsACodecErrorNotAWrongHeader() {
    byte[] bytes = BlockCodec.encode(BLOCK.withCommit(COMMIT));
    for (int cut : new int[] {10, 300, bytes.length - 200, bytes.length - 1}) {
      byte[] shorter = Arrays.copyOf(bytes, cut);
      assertThrows(CodecException.class, () -> HeaderCodec.ofStored(shorter, BLOCK.hash()), "cut at " + cut);
    }
  }
}
