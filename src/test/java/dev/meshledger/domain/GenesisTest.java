package dev.meshledger.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.codec.BlockCodec;
import org.junit.jupiter.api.Test;

class GenesisTest {
  @Test
  void sameParamsGiveTheSameGenesis() {
    Block a = Genesis.of(ChainParams.of("net-a", 8, 65_536));
    Block b = Genesis.of(ChainParams.of("net-a", 8, 65_536));
    assertEquals(a, b);
    assertEquals(a.hash(), b.hash());
  }

  @Test
  void genesisIsHeightZeroOnNothingAndItsHashRecomputes() {
    Block g = Genesis.of(ChainParams.of("net-a", 8, 65_536));
    assertTrue(g.isGenesis());
    assertEquals(0, g.height());
    assertEquals(Hash.ZERO, g.prevHash());
    assertEquals(HeaderBytes.computeHash(g), g.hash());
    assertEquals(g, BlockCodec.decode(BlockCodec.encode(g)));
  }

  @Test
  void chainIdChangesTheGenesis() {
    assertNotEquals(Genesis.of(ChainParams.of("net-a", 8, 65_536)).hash(),
        Genesis.of(ChainParams.of("net-b", 8, 65_536)).hash());
  }

  @Test
  void difficultyChangesTheGenesis() {
    assertNotEquals(Genesis.of(ChainParams.of("net-a", 8, 65_536)).hash(),
        Genesis.of(ChainParams.of("net-a", 9, 65_536)).hash());
  }
}
