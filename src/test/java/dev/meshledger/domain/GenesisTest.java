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

  @Test
  void aSpecsHashAndAllocationsChangeTheGenesis() {
    ChainParams plain = ChainParams.of("g", 4, 1024);
    assertEquals("meshledger genesis|g|bits=4", Genesis.of(plain).dataAsString());
    dev.meshledger.domain.ledger.AccountId a = dev.meshledger.domain.ledger.WalletKey.generate().account();
    Hash spec = Sha256.of(new byte[] {1});
    ChainParams withSpec = plain.withLedger(new LedgerParams(new java.util.TreeMap<>(java.util.Map.of(a, 5L)), 0, 10, spec));
    assertEquals("meshledger genesis|g|bits=4|spec=" + spec.toHex(), Genesis.of(withSpec).dataAsString());
    assertEquals(Hash.ZERO, Genesis.of(plain).stateRoot(), "no allocations: the empty state");
    assertEquals(Genesis.stateRoot(withSpec.ledger()), Genesis.of(withSpec).stateRoot());
    org.junit.jupiter.api.Assertions.assertNotEquals(Hash.ZERO, Genesis.of(withSpec).stateRoot());
  }

  @Test
  void ledgerParamsAllowZeroRewardAndZeroTransfersButNothingNegative() {
    assertEquals(0, new LedgerParams(new java.util.TreeMap<>(), 0, 0, Hash.ZERO).blockReward());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new LedgerParams(new java.util.TreeMap<>(), -1, 0, Hash.ZERO));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new LedgerParams(new java.util.TreeMap<>(), 0, -1, Hash.ZERO));
  }

  @Test
  void anyThirtyTwoBitsCanBeSigned() {
    byte[] producer = new byte[32];
    assertEquals(HeaderBytes.SIGNED_SIZE,
        new HeaderBytes.Signed(1, Hash.ZERO, 0, Hash.ZERO, Hash.ZERO, 0, Hash.ZERO, 0xffff_ffff, producer).bytes().length);
  }

  @Test
  void retargetRulesArePartOfTheGenesis() {
    ChainParams fixed = ChainParams.of("g", 8, 64);
    ChainParams retargeting = fixed.withRetarget(new dev.meshledger.domain.pow.Retarget(1000, 144));
    org.junit.jupiter.api.Assertions.assertNotEquals(Genesis.of(fixed).hash(), Genesis.of(retargeting).hash());
    org.junit.jupiter.api.Assertions.assertNotEquals(Genesis.of(retargeting).hash(),
        Genesis.of(fixed.withRetarget(new dev.meshledger.domain.pow.Retarget(1000, 145))).hash());
  }
}
