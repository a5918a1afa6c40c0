package dev.meshledger.domain.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.ledger.smt.MemoryNodeStore;
import dev.meshledger.domain.ledger.smt.NodeStore;
import dev.meshledger.domain.ledger.stake.StakeCodec;
import dev.meshledger.domain.ledger.stake.StakeState;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A proof-of-stake state root: SHA-256(accounts root | stake hash), stored as one node that splits back. */
class StakeRootsTest {
  private static final StakeState STAKE = StakeTransition.genesis(List.of(new Member(Fixtures.id(7).toHex(), 10)));

  @Test
  void theRootIsTheHashOfBothParts() {
    Hash accounts = Sha256.of(new byte[] {1});
    Hash stake = StakeCodec.hash(STAKE);
    ByteBuffer b = ByteBuffer.allocate(64);
    accounts.writeTo(b);
    stake.writeTo(b);
    assertEquals(Sha256.of(b.array()), StakeRoots.root(accounts, stake));
    assertNotEquals(StakeRoots.root(stake, accounts), StakeRoots.root(accounts, stake));
  }

  @Test
  void aStoredRootSplitsIntoItsParts() {
    MemoryNodeStore nodes = new MemoryNodeStore();
    Hash accounts = Sha256.of(new byte[] {2});
    Hash root = StakeRoots.put(nodes, accounts, STAKE);
    StakeRoots.Split split = StakeRoots.split(nodes, root);
    assertEquals(accounts, split.accounts());
    assertEquals(StakeCodec.hash(STAKE), split.stakeHash());
    assertEquals(STAKE.pools(), split.stake().pools());
    assertEquals(root, StakeRoots.root(split.accounts(), split.stakeHash()));
  }

  @Test
  void aRootThatIsNotStoredOrNotAStakeRootIsAnError() {
    MemoryNodeStore nodes = new MemoryNodeStore();
    assertThrows(IllegalStateException.class, () -> StakeRoots.split(nodes, Hash.ZERO));
    Hash inner = Sha256.of(new byte[] {3});
    nodes.put(inner, new NodeStore.Inner(Hash.ZERO, Hash.ZERO));
    assertThrows(IllegalStateException.class, () -> StakeRoots.split(nodes, inner));
  }
}
