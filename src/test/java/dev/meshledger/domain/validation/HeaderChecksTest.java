package dev.meshledger.domain.validation;

import static dev.meshledger.domain.TestBlocks.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.meshledger.crypto.NodeKey;
import dev.meshledger.domain.Block;
import dev.meshledger.domain.BlockBody;
import dev.meshledger.domain.BlockFactory;
import dev.meshledger.domain.ChainParams;
import dev.meshledger.domain.Genesis;
import dev.meshledger.domain.Hash;
import dev.meshledger.domain.Header;
import dev.meshledger.domain.ProofOfWork;
import dev.meshledger.domain.Sha256;
import dev.meshledger.domain.TestBlocks;
import dev.meshledger.domain.finality.BftParams;
import dev.meshledger.domain.finality.Commit;
import dev.meshledger.domain.finality.CommitSig;
import dev.meshledger.domain.finality.Membership;
import dev.meshledger.domain.finality.TestCommits;
import dev.meshledger.domain.finality.ValidatorVote;
import dev.meshledger.domain.pow.Ancestry;
import dev.meshledger.domain.pow.PowRules;
import dev.meshledger.domain.pow.Retarget;
import dev.meshledger.domain.pow.Work;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The header rules of headers-first sync, proof of work (retargeting) and BFT, one broken rule per row. */
class HeaderChecksTest {
  // ---- proof of work: 1000 ms blocks, half-life one block, so blocks 1 ms apart get harder fast
  private static final ChainParams POW = ChainParams.of("header-checks", 4, 1024).withRetarget(new Retarget(1000, 1));
  private static final PowRules RULES = POW.powRules();
  private static final BlockFactory FACTORY = new BlockFactory(TestBlocks.KEY, POW);
  private static final Block POW_GENESIS = Genesis.of(POW);
  private static final long T0 = TestBlocks.T0;
  private static final long NOW = T0 + 1_000_000;
  private static final HeaderChecks POW_CHECKS = new HeaderChecks(POW, POW_GENESIS.hash());
  private static final HeaderChecks.Tip POW_START =
      new HeaderChecks.Tip(0, POW_GENESIS.hash(), Work.ZERO, Ancestry.genesis(POW_GENESIS.timestamp()), null);
  private static final List<Block> POW_CHAIN = powChain(8);

  private static Block mine(Block parent, long ts, int bits, ValidatorVote vote) {
    return FACTORY.make(parent.height(), parent.hash(), ts, bits, utf8("b" + (parent.height() + 1)),
        BlockBody.unchanged(parent.stateRoot()), () -> false).map(b -> vote == null ? b
            : FACTORY.make(parent.height(), parent.hash(), ts, utf8("v"), BlockBody.unchanged(parent.stateRoot()), vote,
                () -> false).orElseThrow()).orElseThrow();
  }

  private static List<Block> powChain(int n) {
    List<Block> out = new ArrayList<>();
    Block parent = POW_GENESIS;
    Ancestry anc = POW_START.ancestry();
    for (int i = 0; i < n; i++) {
      long ts = T0 + 100 * (i + 1); // ten times faster than the target: the bits move
      parent = mine(parent, ts, RULES.requiredBits(anc), null);
      anc = anc.child(ts);
      out.add(parent);
    }
    return out;
  }

  private static List<Header> headers(List<Block> blocks) {
    return blocks.stream().map(Header::of).toList();
  }

  /** The header with different fields, its bytes and hash kept (the codec would derive them; the rules read the fields). */
  private static Header withFields(Header h, long height, Hash prev, long ts, int bits) {
    return new Header(height, prev, ts, bits, h.producer(), h.vote(), h.hash(), h.bytes(), h.commit());
  }

  @Test
  void anHonestRunPassesWithTheWorkTheChainCounts() {
    HeaderChecks.Result r = POW_CHECKS.extend(POW_START, headers(POW_CHAIN), NOW);
    assertEquals(Optional.empty(), r.rejection());
    assertEquals(POW_CHAIN.size(), r.accepted());
    Block tip = POW_CHAIN.get(POW_CHAIN.size() - 1);
    assertEquals(tip.hash(), r.tip().hash());
    assertEquals(tip.height(), r.tip().height());
    Work sum = Work.ZERO;
    for (Block b : POW_CHAIN) {
      sum = sum.plus(POW.blockWork(b.bits()));
    }
    assertEquals(sum, r.tip().totalWork());
    assertNotEquals(POW_CHAIN.get(0).bits(), tip.bits(), "the chain retargeted: bits are checked, not copied");
    assertEquals(POW_CHAIN.size(), r.tip().ancestry().height());
    assertEquals(tip.timestamp(), r.tip().ancestry().timestamp());
  }

  @Test
  void noHeadersLeaveTheTipWhereItWas() {
    assertEquals(new HeaderChecks.Result(POW_START, 0, Optional.empty()), POW_CHECKS.extend(POW_START, List.of(), NOW));
  }

  static Stream<Arguments> brokenPowHeaders() {
    Block b3 = POW_CHAIN.get(3);
    Block b2 = POW_CHAIN.get(2);
    Ancestry anc2 = POW_START.ancestry();
    for (int i = 0; i <= 2; i++) {
      anc2 = anc2.child(POW_CHAIN.get(i).timestamp());
    }
    Header h3 = Header.of(b3);
    // a header whose nonce was changed: its hash (recomputed) no longer meets the target
    byte[] bytes = h3.bytes().clone();
    bytes[bytes.length - 1] ^= 1;
    Hash forged = Sha256.of(bytes);
    while (ProofOfWork.meets(forged, RULES.target(b3.bits()).orElseThrow())) {
      bytes[bytes.length - 2]++;
      forged = Sha256.of(bytes);
    }
    Header badPow = new Header(3 + 1, b2.hash(), b3.timestamp(), b3.bits(), h3.producer(), null, forged, bytes, Commit.NONE);
    Block easy = mine(b2, b3.timestamp(), RULES.initialBits(), null); // too easy for where the chain is
    Block old = mine(b2, anc2.medianTimePast(), RULES.requiredBits(anc2), null); // not above the median time past
    Block voted = mine(POW_GENESIS, T0 + 100, RULES.initialBits(), new ValidatorVote("ab".repeat(32), true));
    Block future = mine(b2, NOW + POW.maxFutureMillis() + 1, RULES.requiredBits(anc2), null);
    Header withCommit = new Header(4, b2.hash(), b3.timestamp(), b3.bits(), h3.producer(), null, b3.hash(), h3.bytes(),
        TestCommits.commit(POW_GENESIS.hash(), 4, 0, b3.hash(), TestCommits.keys(1)));
    return Stream.of(
        Arguments.of("height skips one", 3, withFields(h3, 5, b2.hash(), b3.timestamp(), b3.bits()), Rejection.BAD_HEIGHT),
        Arguments.of("height repeats", 3, withFields(h3, 3, b2.hash(), b3.timestamp(), b3.bits()), Rejection.BAD_HEIGHT),
        Arguments.of("does not link", 3, withFields(h3, 4, b3.hash(), b3.timestamp(), b3.bits()), Rejection.UNKNOWN_PARENT),
        Arguments.of("hash above its target", 3, badPow, Rejection.BAD_POW),
        Arguments.of("bits not the required ones", 3, Header.of(easy), Rejection.BAD_BITS),
        Arguments.of("bits that are no target", 3, withFields(h3, 4, b2.hash(), b3.timestamp(), 0), Rejection.BAD_BITS),
        Arguments.of("timestamp at the median time past", 3, Header.of(old), Rejection.TIME_TOO_OLD),
        Arguments.of("timestamp too far ahead", 3, Header.of(future), Rejection.FUTURE_TIMESTAMP),
        Arguments.of("a validator vote under proof of work", 0, Header.of(voted), Rejection.BAD_VOTE),
        Arguments.of("a commit under proof of work", 3, withCommit, Rejection.UNEXPECTED_COMMIT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenPowHeaders")
  void aBrokenPowHeaderStopsTheRunWhereItIs(String name, int at, Header bad, Rejection expected) {
    List<Header> run = new ArrayList<>(headers(POW_CHAIN.subList(0, at)));
    run.add(bad);
    run.addAll(headers(POW_CHAIN.subList(at + 1, POW_CHAIN.size())));
    HeaderChecks.Result r = POW_CHECKS.extend(POW_START, run, NOW);
    assertEquals(Optional.of(expected), r.rejection(), name);
    assertEquals(at, r.accepted());
    assertEquals(at == 0 ? POW_GENESIS.hash() : POW_CHAIN.get(at - 1).hash(), r.tip().hash(), "the tip is the last good one");
  }

  // ---- BFT: four validators of equal power, commits checked as a light client checks them
  private static final List<NodeKey> KEYS = TestCommits.keys(4);
  private static final BftParams BFT = TestCommits.params(KEYS);
  private static final ChainParams BFT_PARAMS = ChainParams.of("header-checks-bft", 0, 64).withBft(BFT);
  private static final Block BFT_GENESIS = Genesis.of(BFT_PARAMS);
  private static final HeaderChecks BFT_CHECKS = new HeaderChecks(BFT_PARAMS, BFT_GENESIS.hash());
  private static final HeaderChecks.Tip BFT_START =
      new HeaderChecks.Tip(0, BFT_GENESIS.hash(), Work.ZERO, null, Membership.genesis(BFT.validators()));

  private static Block bft(Block parent, NodeKey producer, ValidatorVote vote, List<NodeKey> signers) {
    Block b = new BlockFactory(producer, BFT_PARAMS).make(parent.height(), parent.hash(), T0 + parent.height() + 1,
        utf8("x"), BlockBody.unchanged(parent.stateRoot()), vote, () -> false).orElseThrow();
    return signers.isEmpty() ? b : b.withCommit(TestCommits.commit(BFT_GENESIS.hash(), b.height(), 0, b.hash(), signers));
  }

  private static final List<NodeKey> THREE = KEYS.subList(0, 3);
  private static final Block C1 = bft(BFT_GENESIS, KEYS.get(0), null, THREE);
  private static final Block C2 = bft(C1, KEYS.get(1), null, KEYS);

  @Test
  void anHonestBftRunPassesAndCountsOneWorkPerBlock() {
    HeaderChecks.Result r = BFT_CHECKS.extend(BFT_START, headers(List.of(C1, C2)), NOW);
    assertEquals(Optional.empty(), r.rejection());
    assertEquals(new HeaderChecks.Tip(2, C2.hash(), Work.of(2), null, BFT_START.members(), 0), r.tip());
  }

  @Test
  void aVoteInAHeaderMovesTheSetTheNextHeadersAreCheckedAgainst() {
    NodeKey fifth = TestBlocks.keyFrom(77);
    ValidatorVote add = new ValidatorVote(fifth.id(), true);
    List<Block> run = new ArrayList<>();
    Block p = BFT_GENESIS;
    for (int i = 0; i < 3; i++) { // three of four vote: more than half, in force two blocks later
      p = bft(p, KEYS.get(i), add, KEYS);
      run.add(p);
    }
    HeaderChecks.Result r = BFT_CHECKS.extend(BFT_START, headers(run), NOW);
    assertEquals(Optional.empty(), r.rejection());
    assertEquals(5, r.tip().members().decided().size());
    Block byFifth = bft(bft(p, KEYS.get(3), null, KEYS), fifth, null, KEYS);
    List<Header> more = headers(List.of(bft(p, KEYS.get(3), null, KEYS), byFifth));
    assertEquals(Optional.empty(), BFT_CHECKS.extend(r.tip(), more, NOW).rejection(), "the fifth produces once it is in");
    assertFalse(BFT_CHECKS.extend(BFT_START, headers(List.of(bft(BFT_GENESIS, fifth, null, KEYS))), NOW)
        .rejection().isEmpty(), "but not before");
  }

  static Stream<Arguments> brokenBftHeaders() {
    Header c2 = Header.of(C2);
    Block byOutsider = bft(C1, TestBlocks.keyFrom(99), null, KEYS);
    Block twoOfFour = bft(C1, KEYS.get(1), null, KEYS.subList(0, 2));
    Block wrongBlock = C2.withCommit(TestCommits.commit(BFT_GENESIS.hash(), 2, 0, C1.hash(), KEYS));
    Block refusedVote = bft(C1, KEYS.get(1), new ValidatorVote(KEYS.get(0).id(), true), KEYS); // already a member
    return Stream.of(
        Arguments.of("bits under BFT", withFields(c2, 2, C1.hash(), C2.timestamp(), 1), Rejection.BAD_BITS),
        Arguments.of("no commit", Header.of(bft(C1, KEYS.get(1), null, List.of())), Rejection.MISSING_COMMIT),
        Arguments.of("a producer outside the set", Header.of(byOutsider), Rejection.NOT_A_VALIDATOR),
        Arguments.of("a commit of half the power", Header.of(twoOfFour), Rejection.BAD_COMMIT),
        Arguments.of("a commit for another block", Header.of(wrongBlock), Rejection.BAD_COMMIT),
        Arguments.of("a vote the set refuses", Header.of(refusedVote), Rejection.BAD_VOTE),
        Arguments.of("does not link", withFields(c2, 2, BFT_GENESIS.hash(), C2.timestamp(), 0), Rejection.UNKNOWN_PARENT),
        Arguments.of("too far ahead", withFields(c2, 2, C1.hash(), NOW + BFT_PARAMS.maxFutureMillis() + 1, 0),
            Rejection.FUTURE_TIMESTAMP));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenBftHeaders")
  void aBrokenBftHeaderIsRefused(String name, Header bad, Rejection expected) {
    HeaderChecks.Result r = BFT_CHECKS.extend(BFT_START, List.of(Header.of(C1), bad), NOW);
    assertEquals(Optional.of(expected), r.rejection(), name);
    assertEquals(1, r.accepted());
    assertEquals(C1.hash(), r.tip().hash());
  }

  @Test
  void aTimestampJustWithinTheFutureLimitPasses() {
    Header c2 = Header.of(C2);
    UnaryOperator<Header> at = h -> withFields(h, 2, C1.hash(), NOW + BFT_PARAMS.maxFutureMillis(), 0);
    assertEquals(Optional.empty(), BFT_CHECKS.extend(BFT_START, List.of(Header.of(C1), at.apply(c2)), NOW).rejection());
  }

  // ---- proof of stake: the set after an epoch's end comes from the ledger, which headers do not carry
  private static final ChainParams POS_PARAMS = ChainParams.of("header-checks-pos", 0, 64).withBft(new BftParams(
      1000, 3000, 1000, 1000, BFT.validators(), new dev.meshledger.domain.ledger.stake.StakeParams(10, 2, 100, 1, 50, 7)));
  private static final Block POS_GENESIS = Genesis.of(POS_PARAMS);
  private static final HeaderChecks POS_CHECKS = new HeaderChecks(POS_PARAMS, POS_GENESIS.hash());
  private static final HeaderChecks.Tip POS_START =
      new HeaderChecks.Tip(0, POS_GENESIS.hash(), Work.ZERO, null, Membership.genesis(BFT.validators()));

  private static Block pos(Block parent, NodeKey producer, ValidatorVote vote, List<NodeKey> signers) {
    Block b = new BlockFactory(producer, POS_PARAMS).make(parent.height(), parent.hash(), T0 + parent.height() + 1,
        utf8("x"), BlockBody.unchanged(parent.stateRoot()), vote, () -> false).orElseThrow();
    return signers.isEmpty() ? b : b.withCommit(TestCommits.commit(POS_GENESIS.hash(), b.height(), 0, b.hash(), signers));
  }

  /** Blocks 1..n by the genesis validators, each with a commit of all four. */
  private static List<Block> posRun(int n) {
    List<Block> run = new ArrayList<>();
    Block p = POS_GENESIS;
    for (int i = 0; i < n; i++) {
      p = pos(p, KEYS.get(i % 4), null, KEYS);
      run.add(p);
    }
    return run;
  }

  @Test
  void underProofOfStakeTheSetIsCheckedUntilTheFirstElectionTheHeadersCannotShow() {
    // epochs of 2 blocks from a tip at 0: block 2 ends the epoch, its election votes from 4; 1..3 are known
    assertEquals(3, POS_CHECKS.setKnownThrough(0));
    assertEquals(3, POS_CHECKS.setKnownThrough(1));
    assertEquals(5, POS_CHECKS.setKnownThrough(2));
    List<Block> run = posRun(3);
    NodeKey outsider = TestBlocks.keyFrom(99);
    List<NodeKey> strangers = List.of(outsider, TestBlocks.keyFrom(98), TestBlocks.keyFrom(97));
    Block third = run.get(2);
    Block thirdByOutsider = pos(run.get(1), outsider, null, strangers);
    List<Header> known = headers(List.of(run.get(0), run.get(1), thirdByOutsider));
    assertEquals(Optional.of(Rejection.NOT_A_VALIDATOR), POS_CHECKS.extend(POS_START, known, NOW).rejection());
    // past the horizon a set elected from stake may hold anyone: only the commit's signatures are checked
    Block fourthByOutsider = pos(third, outsider, null, strangers);
    HeaderChecks.Result r = POS_CHECKS.extend(POS_START, headers(List.of(run.get(0), run.get(1), third,
        fourthByOutsider)), NOW);
    assertEquals(Optional.empty(), r.rejection());
    assertEquals(4, r.tip().height());
    assertEquals(0, r.tip().setFrom(), "the set still comes from the stored tip");
    Block noCommit = pos(third, outsider, null, List.of());
    List<CommitSig> forged = TestCommits.commit(POS_GENESIS.hash(), 4, 0, noCommit.hash(), strangers).signatures()
        .stream().map(x -> new CommitSig(x.validator(), new byte[64])).toList();
    for (var bad : List.of(
        java.util.Map.entry(noCommit, Rejection.MISSING_COMMIT),
        java.util.Map.entry(noCommit.withCommit(new Commit(0, forged)), Rejection.BAD_COMMIT))) {
      assertEquals(Optional.of(bad.getValue()), POS_CHECKS.extend(POS_START,
          headers(List.of(run.get(0), run.get(1), third, bad.getKey())), NOW).rejection());
    }
  }

  @Test
  void aProofOfStakeHeaderCarriesNoVote() {
    Block voting = pos(POS_GENESIS, KEYS.get(0), new ValidatorVote(TestBlocks.keyFrom(77).id(), true), KEYS);
    assertEquals(Optional.of(Rejection.BAD_VOTE), POS_CHECKS.extend(POS_START, headers(List.of(voting)), NOW).rejection());
    assertEquals(Optional.empty(), POS_CHECKS.extend(POS_START, headers(posRun(3)), NOW).rejection());
  }

  @Test
  void aSlashingHeaderEndsWhatTheHeadersShowOfTheSetTwoHeightsOn() {
    // epochs of 100: without the slash the set would be known through 101
    ChainParams params = ChainParams.of("header-checks-slash", 0, 64).withBft(new BftParams(1000, 3000, 1000, 1000,
        BFT.validators(), new dev.meshledger.domain.ledger.stake.StakeParams(10, 100, 100, 1, 50, 7)));
    Block genesis = Genesis.of(params);
    HeaderChecks checks = new HeaderChecks(params, genesis.hash());
    HeaderChecks.Tip start = new HeaderChecks.Tip(0, genesis.hash(), Work.ZERO, null, Membership.genesis(BFT.validators()));
    NodeKey outsider = TestBlocks.keyFrom(99);
    List<NodeKey> strangers = List.of(outsider, TestBlocks.keyFrom(98), TestBlocks.keyFrom(97));
    java.util.function.BiFunction<Block, List<dev.meshledger.domain.finality.DoubleSign>, Block> next = (parent, ev) -> {
      NodeKey producer = ev == null ? outsider : KEYS.get((int) parent.height() % 4);
      Block b = new BlockFactory(producer, params).make(parent.height(), parent.hash(), T0 + parent.height() + 1,
          utf8("x"), new BlockBody(List.of(), parent.stateRoot(), ev == null ? List.of() : ev), null, () -> false)
          .orElseThrow();
      return b.withCommit(TestCommits.commit(genesis.hash(), b.height(), 0, b.hash(), ev == null ? strangers : KEYS));
    };
    Block slashing = next.apply(genesis, List.of(dev.meshledger.domain.finality.TestEvidence.prevotes(KEYS.get(3),
        genesis.hash(), 1)));
    Block second = next.apply(slashing, List.of());
    org.junit.jupiter.api.Assertions.assertTrue(Header.of(slashing).carriesEvidence());
    // height 2 still has the set the headers know; height 3's set follows from the slash: only signatures count
    HeaderChecks.Result r = checks.extend(start, headers(List.of(slashing, second, next.apply(second, null))), NOW);
    assertEquals(Optional.empty(), r.rejection());
    assertEquals(2, r.tip().setUntil());
    Block secondByOutsider = next.apply(slashing, null);
    assertEquals(Optional.of(Rejection.NOT_A_VALIDATOR),
        checks.extend(start, headers(List.of(slashing, secondByOutsider)), NOW).rejection());
    // without a slash the outsider at 3 is refused
    Block plain = next.apply(genesis, List.of());
    Block plain2 = next.apply(plain, List.of());
    assertEquals(Optional.of(Rejection.NOT_A_VALIDATOR),
        checks.extend(start, headers(List.of(plain, plain2, next.apply(plain2, null))), NOW).rejection());
  }
}
