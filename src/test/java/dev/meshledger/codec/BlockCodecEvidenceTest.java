package dev.meshledger.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.api.BlockJson;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.HeaderBytes;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.DoubleSign;
import dev.meshledger.domain.finality.EvidenceBytes;
import dev.meshledger.domain.finality.SignBytes;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.TestEvidence;
import dev.meshledger.domain.ledger.stake.StakeParams;
import dev.meshledger.domain.Sha256;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The evidence section: a block carrying double signs commits to them through its header's vote field
 * (kind 3, subject = the section's hash), and the section follows the commit; stored and relayed blocks
 * keep it, and a block without evidence keeps the bytes it always had.
 */
public class BlockCodecEvidenceTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final ChainParams PARAMS = ChainParams.of("codec-evidence-test", 0, 1024)
      .withBft(new dev.meshledger.domain.finality.BftParams(1000, 3000, 1000, 1000,
          TestCommits.params(KEYS).validators(), new StakeParams(10, 5, 10, 1, 100, 4)));
  private static final Block GENESIS = Genesis.of(PARAMS);
  private static final int VOTE_OFFSET = HeaderBytes.VOTE_KIND_OFFSET;

  public static List<DoubleSign> evidence(int n) {
    List<DoubleSign> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestEvidence.of(KEYS.get(i % 4), GENESIS.hash(), SignBytes.PRECOMMIT, 1 + i, i % 3,
          i % 2 == 0 ? null : Sha256.of(new byte[] {(byte) i}), Sha256.of(new byte[] {(byte) (100 + i)})));
    }
    return out;
  }

  public static Block carrying(List<DoubleSign> evidence) {
    Block b = new BlockFactory(KEYS.get(0), PARAMS).make(0, GENESIS.hash(), TestBlocks.T0, TestBlocks.utf8("slash"),
        new BlockBody(List.of(), GENESIS.stateRoot(), evidence), null, () -> false).orElseThrow();
    return b.withCommit(TestCommits.commit(GENESIS.hash(), 1, 0, b.hash(), KEYS));
  }

  @Test
  void evidenceRoundTripsThroughTheBlockTheStoreAndTheHeader() {
    for (int n : new int[] {1, 2, EvidenceBytes.MAX_PER_BLOCK}) {
      Block b = carrying(evidence(n));
      byte[] bytes = BlockCodec.encode(b);
      assertEquals(BlockCodec.encodedSize(b), bytes.length);
      assertEquals(HeaderBytes.VOTE_EVIDENCE, bytes[VOTE_OFFSET]);
      Block decoded = BlockCodec.decode(bytes);
      assertEquals(b, decoded);
      assertEquals(evidence(n), decoded.evidence());
      assertEquals(b, BlockCodec.decodeStored(bytes, b.hash()), "the stored form");
      assertEquals(EvidenceBytes.hash(b.evidence()), Hash.wrap(java.util.Arrays.copyOfRange(bytes, VOTE_OFFSET + 1,
          VOTE_OFFSET + 33)), "the header's subject is the section's hash");
      assertTrue(Header.of(b).carriesEvidence());
      assertEquals(b.hash(), Header.of(b).hash());
      assertEquals(b, BlockCodec.assemble(HeaderBytes.header(b), b.data(), List.of(), b.commit(), b.evidence()));
    }
  }

  @Test
  void theHashAndTheSignatureCommitToTheEvidence() {
    Block one = carrying(evidence(1));
    Block two = carrying(evidence(2));
    assertNotEquals(one.hash(), two.hash());
    Block none = carrying(List.of());
    assertNotEquals(none.hash(), one.hash());
    assertEquals(0, BlockCodec.encode(none)[VOTE_OFFSET], "no evidence: vote kind none, as before");
    assertEquals(BlockCodec.encodedSize(none) + EvidenceBytes.size(evidence(1)), BlockCodec.encodedSize(one));
    assertTrue(!Header.of(none).carriesEvidence());
  }

  @Test
  void aSectionThatDoesNotMatchTheHeaderIsRefused() {
    byte[] bytes = BlockCodec.encode(carrying(evidence(2)));
    byte[] other = BlockCodec.encode(carrying(evidence(1)));
    // another block's section in place of this one's
    int sectionAt = bytes.length - EvidenceBytes.size(evidence(2));
    byte[] swapped = ByteBuffer.allocate(sectionAt + EvidenceBytes.size(evidence(1))).put(bytes, 0, sectionAt)
        .put(EvidenceBytes.encode(evidence(1))).array();
    CodecException e = assertThrows(CodecException.class, () -> BlockCodec.decode(swapped));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    // one flipped signature bit in the section
    byte[] flipped = bytes.clone();
    flipped[flipped.length - 1] ^= 1;
    assertThrows(CodecException.class, () -> BlockCodec.decode(flipped));
    // trailing bytes, a truncated section, a header promising a section that is absent
    assertThrows(CodecException.class, () -> BlockCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length + 1)));
    assertThrows(CodecException.class, () -> BlockCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
    byte[] missing = java.util.Arrays.copyOf(other, other.length - EvidenceBytes.size(evidence(1)));
    assertThrows(CodecException.class, () -> BlockCodec.decode(missing));
  }

  /** Section bytes the reader refuses, each with the reason. */
  @Test
  void theReaderRefusesEveryMalformedSection() {
    byte[] good = EvidenceBytes.encode(evidence(1));
    record Bad(String why, byte[] bytes) {}
    byte[] zero = {0};
    byte[] tooMany = good.clone();
    tooMany[0] = (byte) (EvidenceBytes.MAX_PER_BLOCK + 1);
    byte[] badType = good.clone();
    badType[1 + 32] = 3;
    byte[] heightZero = good.clone();
    java.util.Arrays.fill(heightZero, 1 + 33, 1 + 41, (byte) 0);
    byte[] negativeRound = good.clone();
    negativeRound[1 + 41] = (byte) 0x80;
    byte[] badFlag = good.clone();
    badFlag[1 + 45] = 2;
    // evidence(1)'s sides are nil then a block: swapping the flags' meaning puts them out of canonical order
    DoubleSign e = evidence(1).get(0);
    ByteBuffer swapped = ByteBuffer.allocate(good.length);
    swapped.put((byte) 1).put(e.validator()).put((byte) e.type()).putLong(e.height()).putInt(e.round());
    swapped.put((byte) 1).put(e.second().orElseThrow().toBytes()).put(e.secondSig()).put((byte) 0).put(e.firstSig());
    for (Bad bad : List.of(new Bad("count 0", zero), new Bad("count over the limit", tooMany),
        new Bad("vote type 3", badType), new Bad("height 0", heightZero), new Bad("negative round", negativeRound),
        new Bad("flag 2", badFlag), new Bad("sides out of canonical order", swapped.array()),
        new Bad("truncated", java.util.Arrays.copyOf(good, good.length - 1)))) {
      assertThrows(IllegalArgumentException.class, () -> EvidenceBytes.read(ByteBuffer.wrap(bad.bytes())), bad.why());
    }
    assertEquals(evidence(1), EvidenceBytes.read(ByteBuffer.wrap(good)));
    assertThrows(IllegalArgumentException.class, () -> EvidenceBytes.encode(List.of()));
    assertThrows(IllegalArgumentException.class, () -> EvidenceBytes.encode(evidence(EvidenceBytes.MAX_PER_BLOCK + 1)));
    assertThrows(IllegalArgumentException.class, () -> carrying(evidence(EvidenceBytes.MAX_PER_BLOCK + 1)));
  }

  @Test
  void theJsonShowsTheEvidenceAndItsHeaderHashChecksOffline() {
    Block b = carrying(evidence(2));
    var json = BlockJson.of(b);
    assertEquals(2, json.getJsonArray("evidence").size());
    var first = json.getJsonArray("evidence").getJsonObject(0);
    assertEquals(KEYS.get(0).id(), first.getString("validator"));
    assertEquals("precommit", first.getString("type"));
    assertEquals(1L, first.getLong("height"));
    assertEquals(null, first.getValue("first"));
    assertEquals(128, first.getString("firstSignature").length());
    assertEquals(EvidenceBytes.hash(b.evidence()).toHex(), json.getString("evidenceHash"));
    assertEquals(b.hash(), BlockJson.header(json).computeHash());
    assertEquals(json, new io.vertx.core.json.JsonObject(BlockJson.encode(b)), "the streamed JSON is the same");
    assertEquals(Optional.empty(), Optional.ofNullable(BlockJson.of(carrying(List.of())).getValue("evidence")));
  }
}
