package dev.meshledger.chain;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.bus.chain.AddResult;
import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.BftParams.Member;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.validation.Rejection;
import dev.meshledger.storage.MemoryBlockStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proof of authority on the chain: the votes its blocks carry change who may produce and sign, two heights on. */
class BftChainVotesTest {
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final NodeKey FIFTH = TestBlocks.keyFrom(97);
  private static final ChainParams PARAMS = ChainParams.of("bft-votes-test", 0, 1024).withBft(TestCommits.params(KEYS));
  private static final long NOW = TestBlocks.T0;

  private MemoryBlockStore store;
  private Chain chain;

  @BeforeEach
  void setUp() {
    store = new MemoryBlockStore();
    chain = new Chain(store, PARAMS);
  }

  private Block head() {
    return chain.block(chain.head().hash()).orElseThrow();
  }

  private Block next(NodeKey producer, ValidatorVote vote, List<NodeKey> signers) {
    Block parent = head();
    Block b = new BlockFactory(producer, PARAMS).make(parent.height(), parent.hash(), NOW + parent.height() + 1,
        utf8("at " + (parent.height() + 1)), BlockBody.unchanged(parent.stateRoot()), vote, () -> false).orElseThrow();
    return b.withCommit(TestCommits.commit(chain.genesis().hash(), b.height(), 0, b.hash(), signers));
  }

  private void add(Block b) {
    assertInstanceOf(AddResult.Added.class, chain.add(b, false, NOW), () -> b + " " + chain.add(b, false, NOW));
  }

  private Rejection rejected(Block b) {
    return assertInstanceOf(AddResult.Rejected.class, chain.add(b, false, NOW)).reason();
  }

  private static List<String> ids(List<Member> members) {
    return members.stream().map(Member::id).toList();
  }

  private static final List<NodeKey> THREE = KEYS.subList(0, 3);

  @Test
  void aVoteTheSetRefusesIsABadVote() {
    assertEquals(Rejection.BAD_VOTE, rejected(next(KEYS.get(0), new ValidatorVote(KEYS.get(1).id(), true), THREE)));
    assertEquals(Rejection.BAD_VOTE, rejected(next(KEYS.get(0), new ValidatorVote(FIFTH.id(), false), THREE)));
    assertEquals(0, chain.head().height());
    add(next(KEYS.get(0), new ValidatorVote(FIFTH.id(), true), THREE));
    assertEquals(Set.of(KEYS.get(0).id()), chain.membership().tally().get(FIFTH.id()));
  }

  @Test
  void aDecidedVoteChangesTheSetTwoHeightsLaterAndARestartKeepsIt() {
    ValidatorVote in = new ValidatorVote(FIFTH.id(), true);
    add(next(KEYS.get(0), in, THREE));
    add(next(KEYS.get(1), in, THREE));
    // 2 of 4 is not more than half: nothing decided yet
    assertEquals(4, chain.membership().decided().size());
    add(next(KEYS.get(2), in, THREE)); // height 3: decided, the fifth votes from height 5
    assertEquals(5, chain.membership().decided().size());
    assertTrue(chain.membership().tally().isEmpty());
    // height 4 is still the old set's: the fifth may neither produce nor count in a commit
    assertEquals(Rejection.NOT_A_VALIDATOR, rejected(next(FIFTH, null, THREE)));
    List<NodeKey> withFifth = new ArrayList<>(THREE);
    withFifth.add(FIFTH);
    assertEquals(Rejection.BAD_COMMIT, rejected(next(KEYS.get(0), null, withFifth)));
    add(next(KEYS.get(3), null, THREE));
    // height 5: five validators, so a commit needs four of them; the fifth produces and signs
    assertEquals(Rejection.BAD_COMMIT, rejected(next(KEYS.get(0), null, THREE)));
    add(next(FIFTH, null, withFifth));
    assertEquals(ids(chain.membership().at(5)), ids(chain.membership().decided()));
    assertTrue(ids(chain.membership().at(5)).contains(FIFTH.id()));
    assertTrue(!ids(chain.membership().at(4)).contains(FIFTH.id()));
    chain.flush();

    Chain restarted = new Chain(store, PARAMS);
    assertEquals(chain.membership().epochs(), restarted.membership().epochs());
    assertEquals(chain.membership().tally(), restarted.membership().tally());
    chain = restarted;
    // and voting it out again: 3 of 5 is more than half
    ValidatorVote out = new ValidatorVote(FIFTH.id(), false);
    add(next(KEYS.get(0), out, withFifth));
    add(next(KEYS.get(1), out, withFifth));
    add(next(FIFTH, out, withFifth)); // height 8: decided, four vote from height 10
    add(next(KEYS.get(2), null, withFifth));
    assertEquals(Rejection.NOT_A_VALIDATOR, rejected(next(FIFTH, null, THREE)));
    add(next(KEYS.get(3), null, THREE));
    assertEquals(4, chain.membership().at(10).size());
    chain.flush();
    // the audit replays the votes: every block checked against the set of its own height
    var report = ChainAudit.run(store, chain.validator(), NOW, null);
    assertTrue(report.valid(), report.errors()::toString);
    assertEquals(10, report.height());
  }

  @Test
  void proofOfWorkHasNoSet() {
    assertEquals(null, new Chain(new MemoryBlockStore(), ChainParams.of("pow-votes", 0, 1024)).membership());
  }
}
