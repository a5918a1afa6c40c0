package dev.meshledger.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.codec.BlockCodec;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.TestTransfers;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.gossip.CompactRelay;
import dev.meshledger.wire.Message.BlockTxn;
import dev.meshledger.wire.Message.CompactBlock;
import dev.meshledger.wire.Message.GetBlockTxn;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CMPCTBLOCK, GETBLOCKTXN and BLOCKTXN: round trips, sizes, and every bound refused with a protocol error. */
class CompactCodecTest {
  private static final ChainParams PARAMS = ChainParams.of("compact-test", 4, 256);
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final Block BLOCK = TestTransfers.blockWith(PARAMS, GENESIS, "five", TestTransfers.transfers("compact-test", 5));
  private static final int MAX_TX = 8;
  private static final WireCodec CODEC = new WireCodec(PARAMS.maxBlockDataBytes(), MAX_TX);

  private static byte[] body(Message m) {
    byte[] frame = CODEC.encode(m);
    return Arrays.copyOfRange(frame, WireCodec.LENGTH_SIZE, frame.length);
  }

  private static void refused(byte[] body, String expect) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(body));
    assertTrue(e.getMessage().contains(expect), e.getMessage());
  }

  @Test
  void aCompactBlockRoundTripsAndCarriesSixBytesATransfer() {
    CompactBlock c = CompactRelay.compact(BLOCK, 0x0123456789abcdefL);
    assertEquals(c, CODEC.decode(body(c)));
    assertEquals(BLOCK.hash(), c.hash(), "the header bytes are the block's");
    assertEquals(CompactRelay.encodedSize(c), body(c).length - 1);
    int whole = BlockCodec.encodedSize(BLOCK);
    int transfers = whole - HeaderBytes.HEADER_SIZE - 4 - BLOCK.data().length - BLOCK.commit().encodedSize();
    assertEquals(whole - transfers + 8 + 4 + 6 * 5, CompactRelay.encodedSize(c));
  }

  @Test
  void aBlockCarryingEvidenceRoundTripsCompactAndIsPutBackTogether() {
    List<dev.meshledger.domain.finality.DoubleSign> ev = dev.meshledger.codec.BlockCodecEvidenceTest.evidence(3);
    Block slashing = dev.meshledger.codec.BlockCodecEvidenceTest.carrying(ev);
    CompactBlock c = CompactRelay.compact(slashing, 42);
    assertEquals(ev, c.evidence());
    CompactBlock decoded = (CompactBlock) CODEC.decode(body(c));
    assertEquals(c, decoded);
    assertEquals(CompactRelay.encodedSize(c), body(c).length - 1);
    assertEquals(slashing, CompactRelay.assemble(decoded, List.of()).orElseThrow());
    // a compact block whose section does not match its header is refused
    CompactBlock other = new CompactBlock(c.header(), c.data(), c.commit(), c.nonce(), c.shortIds(), ev.subList(0, 1));
    assertThrows(RuntimeException.class, () -> CODEC.decode(body(other)));
  }

  @Test
  void aCommitAndTheLargestShortIdRoundTrip() {
    byte[] sig = new byte[64];
    Arrays.fill(sig, (byte) 3);
    Block committed = BLOCK.withCommit(new Commit(2, List.of(new CommitSig(new byte[32], sig))));
    CompactBlock c = CompactRelay.compact(committed, -1);
    long[] ids = c.shortIds().clone();
    ids[0] = (1L << 48) - 1;
    CompactBlock max = new CompactBlock(c.header(), c.data(), c.commit(), c.nonce(), ids);
    assertEquals(max, CODEC.decode(body(max)));
  }

  @Test
  void emptyDataAndDataAtTheCapRoundTrip() {
    for (int size : new int[] {0, PARAMS.maxBlockDataBytes()}) {
      CompactBlock c = CompactRelay.compact(BLOCK, 3);
      CompactBlock sized = new CompactBlock(c.header(), new byte[size], c.commit(), c.nonce(), c.shortIds());
      assertEquals(sized, CODEC.decode(body(sized)), size + " bytes of data");
    }
  }

  @Test
  void requestsAndAnswersRoundTrip() {
    GetBlockTxn g = new GetBlockTxn(BLOCK.hash(), List.of(0, 3, 7));
    assertEquals(g, CODEC.decode(body(g)));
    BlockTxn t = new BlockTxn(BLOCK.hash(), BLOCK.transactions().subList(1, 3));
    assertEquals(t, CODEC.decode(body(t)));
    assertEquals(new GetBlockTxn(BLOCK.hash(), List.of()), CODEC.decode(body(new GetBlockTxn(BLOCK.hash(), List.of()))));
  }

  @Test
  void moreShortIdsThanABlockMayHoldAreRefused() {
    CompactBlock c = CompactRelay.compact(TestTransfers.blockWith(PARAMS, GENESIS, "nine",
        TestTransfers.transfers("compact-test", MAX_TX + 1)), 1);
    refused(body(c), "short id count 9 is over the limit of 8");
  }

  @Test
  void countsThatCannotFitAreRefusedBeforeAllocating() {
    byte[] b = body(new GetBlockTxn(BLOCK.hash(), List.of(1, 2)));
    ByteBuffer.wrap(b).putInt(1 + 32, 3); // claims 3 indexes, holds 2
    refused(b, "cannot fit");
    byte[] t = body(new BlockTxn(BLOCK.hash(), BLOCK.transactions().subList(0, 1)));
    ByteBuffer.wrap(t).putInt(1 + 32, 2);
    refused(t, "cannot fit");
  }

  @Test
  void indexesMustAscendAndStayUnderTheCap() {
    refused(body(new GetBlockTxn(BLOCK.hash(), List.of(2, 2))), "not ascending");
    refused(body(new GetBlockTxn(BLOCK.hash(), List.of(3, 1))), "not ascending");
    refused(body(new GetBlockTxn(BLOCK.hash(), List.of(MAX_TX))), "past 8");
  }

  @Test
  void oversizedDataTruncationAndTrailingBytesAreRefused() {
    byte[] b = body(CompactRelay.compact(BLOCK, 5));
    byte[] longData = b.clone();
    ByteBuffer.wrap(longData).putInt(1 + HeaderBytes.HEADER_SIZE, PARAMS.maxBlockDataBytes() + 1);
    refused(longData, "data length");
    refused(Arrays.copyOf(b, b.length - 1), "cannot fit");
    refused(Arrays.copyOf(b, HeaderBytes.HEADER_SIZE), "truncated CMPCTBLOCK");
    refused(Arrays.copyOf(b, b.length + 1), "trailing");
  }

  @Test
  void aMalformedTransferInBlockTxnIsRefused() {
    byte[] t = body(new BlockTxn(BLOCK.hash(), BLOCK.transactions().subList(0, 1)));
    byte[] bad = t.clone();
    Arrays.fill(bad, 1 + 32 + 4, bad.length, (byte) 0xff);
    assertThrows(ProtocolException.class, () -> CODEC.decode(bad));
  }
}
