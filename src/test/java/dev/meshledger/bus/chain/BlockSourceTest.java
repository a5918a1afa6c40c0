package dev.meshledger.bus.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BlockSourceTest {
  private static final String ID = "0123456789abcdef".repeat(4);

  @Test
  void eachSourceSaysItsKindAndPeer() {
    assertEquals("local", BlockSource.LOCAL.kind());
    assertNull(BlockSource.LOCAL.peerId());
    assertEquals("peer", new BlockSource.Peer(ID).kind());
    assertEquals(ID, new BlockSource.Peer(ID).peerId());
    assertEquals("sync", new BlockSource.Sync(ID).kind());
    assertEquals(ID, new BlockSource.Sync(ID).peerId());
  }

  @Test
  void logLinesShowAShortId() {
    assertEquals("local", BlockSource.LOCAL.toString());
    assertEquals("peer 01234567", new BlockSource.Peer(ID).toString());
    assertEquals("sync from 01234567", new BlockSource.Sync(ID).toString());
  }

  @Test
  void aPeerAndASyncFromTheSamePeerAreDifferentSources() {
    assertNotEquals(new BlockSource.Peer(ID), new BlockSource.Sync(ID));
    assertEquals(new BlockSource.Sync(ID), new BlockSource.Sync(ID));
  }
}
